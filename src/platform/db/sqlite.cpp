// The SQLite driver: WAL journal with synchronous=FULL (an acknowledged commit survives
// power loss), foreign keys on, a busy timeout, and statements prepared once per
// connection.

#include <sqlite3.h>

#include <unordered_map>

#include "platform/db/db.hpp"
#include "platform/log/log.hpp"

namespace rk::db {
namespace {

constexpr int kBusyTimeoutMs = 5000;

class SqliteConnection final : public Connection {
 public:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  ~SqliteConnection() override {
    for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
    sqlite3_close_v2(db_);
  }

  Dialect dialect() const override { return Dialect::kSqlite; }
  bool healthy() const override { return true; }
  bool in_transaction() const override { return !sqlite3_get_autocommit(db_); }

  Result<Rows> Query(std::string_view sql, std::span<const Value> params) override {
    RK_ASSIGN_OR_RETURN(sqlite3_stmt * stmt, Prepare(sql, params));
    Rows rows;
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      const int n = sqlite3_column_count(stmt);
      std::vector<Value> values;
      values.reserve(n);
      for (int i = 0; i < n; ++i) {
        switch (sqlite3_column_type(stmt, i)) {
          case SQLITE_INTEGER: values.emplace_back(static_cast<std::int64_t>(sqlite3_column_int64(stmt, i))); break;
          case SQLITE_FLOAT: values.emplace_back(sqlite3_column_double(stmt, i)); break;
          case SQLITE_NULL: values.emplace_back(nullptr); break;
          default:
            values.emplace_back(std::string(reinterpret_cast<const char*>(sqlite3_column_text(stmt, i)),
                                            static_cast<std::size_t>(sqlite3_column_bytes(stmt, i))));
        }
      }
      rows.emplace_back(std::move(values));
    }
    Status s = rc == SQLITE_DONE ? Status() : Fail(rc, "step");
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    if (!s.ok()) return std::move(s).error();
    return rows;
  }

  Result<std::int64_t> Exec(std::string_view sql, std::span<const Value> params) override {
    RK_ASSIGN_OR_RETURN(sqlite3_stmt * stmt, Prepare(sql, params));
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    }
    Status s = rc == SQLITE_DONE ? Status() : Fail(rc, "step");
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    if (!s.ok()) return std::move(s).error();
    return static_cast<std::int64_t>(sqlite3_changes64(db_));
  }

  Result<std::int64_t> ExecIfFree(std::string_view sql, std::span<const Value> params) override {
    sqlite3_busy_timeout(db_, 0);
    Result<std::int64_t> r = Exec(sql, params);
    sqlite3_busy_timeout(db_, kBusyTimeoutMs);
    return r;
  }

  Status ExecScript(std::string_view sql) override {
    std::string text(sql);
    char* err = nullptr;
    const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err);
    if (err) sqlite3_free(err);
    if (rc != SQLITE_OK) return Fail(rc, "exec");
    return {};
  }

  Status Begin() override { return ExecScript("BEGIN IMMEDIATE"); }
  Status Commit() override { return ExecScript("COMMIT"); }
  Status Rollback() override {
    if (sqlite3_get_autocommit(db_)) return {};
    return ExecScript("ROLLBACK");
  }
  Status LockForMigration() override { return {}; }  // BEGIN IMMEDIATE already holds the write lock

 private:
  Result<sqlite3_stmt*> Prepare(std::string_view sql, std::span<const Value> params) {
    sqlite3_stmt* stmt = nullptr;
    auto it = cache_.find(std::string(sql));
    if (it != cache_.end()) {
      stmt = it->second;
    } else {
      const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                        &stmt, nullptr);
      if (rc != SQLITE_OK) return Fail(rc, "prepare").error();
      cache_.emplace(std::string(sql), stmt);
    }
    if (sqlite3_bind_parameter_count(stmt) != static_cast<int>(params.size())) {
      log::Error("db_bind_count", {{"sql", sql}});
      return Error::Internal("Something went wrong on our side.");
    }
    for (std::size_t i = 0; i < params.size(); ++i) {
      const int idx = static_cast<int>(i + 1);
      const Value& v = params[i];
      int rc = SQLITE_OK;
      if (std::holds_alternative<std::nullptr_t>(v)) rc = sqlite3_bind_null(stmt, idx);
      else if (auto* n = std::get_if<std::int64_t>(&v)) rc = sqlite3_bind_int64(stmt, idx, *n);
      else if (auto* d = std::get_if<double>(&v)) rc = sqlite3_bind_double(stmt, idx, *d);
      else {
        const auto& s = std::get<std::string>(v);
        rc = sqlite3_bind_text64(stmt, idx, s.data(), s.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
      }
      if (rc != SQLITE_OK) return Fail(rc, "bind").error();
    }
    return stmt;
  }

  Status Fail(int rc, std::string_view what) {
    const int extended = sqlite3_extended_errcode(db_);
    log::Debug("sqlite_error", {{"op", what}, {"code", std::int64_t{extended}}, {"message", sqlite3_errmsg(db_)}});
    if (extended == SQLITE_CONSTRAINT_UNIQUE || extended == SQLITE_CONSTRAINT_PRIMARYKEY)
      return Error::Conflict("unique");
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) return Error::Unavailable("The database is busy. Please try again.");
    log::Error("sqlite_error", {{"op", what}, {"code", std::int64_t{extended}}, {"message", sqlite3_errmsg(db_)}});
    return Error::Internal("Something went wrong on our side.");
  }

  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

}  // namespace

std::unique_ptr<Connection> OpenSqlite(const std::string& path, Error* error) {
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &db,
                                 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    *error = Error::Unavailable(std::string("cannot open SQLite database ") + path + ": " +
                                (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc)));
    if (db) sqlite3_close_v2(db);
    return nullptr;
  }
  sqlite3_busy_timeout(db, kBusyTimeoutMs);
  auto conn = std::make_unique<SqliteConnection>(db);
  for (const char* pragma : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON"}) {
    if (Status s = conn->ExecScript(pragma); !s.ok()) {
      *error = Error::Unavailable(std::string("cannot configure SQLite (") + pragma + ")");
      return nullptr;
    }
  }
  // A startup self-check: the durability settings must have taken effect.
  auto sync = conn->QueryOne("PRAGMA synchronous");
  auto fk = conn->QueryOne("PRAGMA foreign_keys");
  if (!sync.ok() || !*sync || (*sync)->Int(0) != 2 || !fk.ok() || !*fk || (*fk)->Int(0) != 1) {
    *error = Error::Unavailable("SQLite did not accept synchronous=FULL and foreign_keys=ON");
    return nullptr;
  }
  return conn;
}

std::int64_t SqliteMemoryUsed() { return sqlite3_memory_used(); }
void SqliteSoftHeapLimit(std::int64_t bytes) { sqlite3_soft_heap_limit64(bytes); }

}  // namespace rk::db
