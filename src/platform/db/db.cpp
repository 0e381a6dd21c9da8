#include "platform/db/db.hpp"

#include "platform/base/time.hpp"
#include "platform/log/log.hpp"

namespace rk::db {

std::unique_ptr<Connection> OpenSqlite(const std::string& path, Error* error);
std::unique_ptr<Connection> OpenPostgres(const std::string& url, Error* error);

namespace {
const std::string kEmpty;
}

std::int64_t Row::Int(std::size_t i) const {
  const Value& v = values_.at(i);
  if (auto* n = std::get_if<std::int64_t>(&v)) return *n;
  if (auto* d = std::get_if<double>(&v)) return static_cast<std::int64_t>(*d);
  if (auto* s = std::get_if<std::string>(&v)) return std::stoll(*s);
  return 0;
}

double Row::Real(std::size_t i) const {
  const Value& v = values_.at(i);
  if (auto* d = std::get_if<double>(&v)) return *d;
  if (auto* n = std::get_if<std::int64_t>(&v)) return static_cast<double>(*n);
  if (auto* s = std::get_if<std::string>(&v)) return std::stod(*s);
  return 0;
}

const std::string& Row::Text(std::size_t i) const {
  const Value& v = values_.at(i);
  if (auto* s = std::get_if<std::string>(&v)) return *s;
  return kEmpty;
}

std::optional<std::string> Row::OptText(std::size_t i) const {
  if (IsNull(i)) return std::nullopt;
  return Text(i);
}

std::optional<std::int64_t> Row::OptInt(std::size_t i) const {
  if (IsNull(i)) return std::nullopt;
  return Int(i);
}

Result<std::optional<Row>> Connection::QueryOne(std::string_view sql, std::initializer_list<Value> params) {
  RK_ASSIGN_OR_RETURN(Rows rows, Query(sql, params));
  if (rows.empty()) return std::optional<Row>();
  return std::optional<Row>(std::move(rows.front()));
}

Result<Dialect> DialectOf(const std::string& url) {
  if (url.starts_with("sqlite:")) return Dialect::kSqlite;
  if (url.starts_with("postgresql://") || url.starts_with("postgres://")) return Dialect::kPostgres;
  return Error::Invalid("database URL must start with sqlite: or postgresql://");
}

Result<std::unique_ptr<Connection>> Open(const std::string& url) {
  RK_ASSIGN_OR_RETURN(Dialect d, DialectOf(url));
  Error error;
  std::unique_ptr<Connection> c =
      d == Dialect::kSqlite ? OpenSqlite(url.substr(7), &error) : OpenPostgres(url, &error);
  if (!c) return error;
  return c;
}

Result<std::unique_ptr<Database>> Database::Connect(const std::string& url, std::size_t size) {
  RK_ASSIGN_OR_RETURN(Dialect d, DialectOf(url));
  // Every connection to ":memory:" would be a database of its own.
  if (url == "sqlite::memory:") size = 1;
  std::unique_ptr<Database> db(new Database(url, d));
  for (std::size_t i = 0; i < std::max<std::size_t>(size, 1); ++i) {
    RK_ASSIGN_OR_RETURN(std::unique_ptr<Connection> c, Open(url));
    db->idle_.push_back(std::move(c));
  }
  db->size_ = db->idle_.size();
  return db;
}

Database::~Database() { Close(); }

Database::Lease Database::Acquire() {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [this] { return !idle_.empty(); });
  std::unique_ptr<Connection> c = std::move(idle_.back());
  idle_.pop_back();
  return Lease(this, std::move(c));
}

Database::Lease::~Lease() {
  if (conn_) db_->Release(std::move(conn_));
}

void Database::Release(std::unique_ptr<Connection> c) {
  if (!c->healthy()) {
    log::Warn("db_reconnect", {{"dialect", dialect_name()}});
    auto fresh = Open(url_);
    if (fresh.ok()) c = std::move(fresh).value();  // otherwise keep the broken one; it will fail fast
  }
  {
    std::lock_guard lock(mu_);
    idle_.push_back(std::move(c));
  }
  cv_.notify_one();
}

void Database::Close() {
  std::unique_lock lock(mu_);
  // Wait for leased connections to come back, then close them all.
  cv_.wait(lock, [this] { return idle_.size() == size_; });
  idle_.clear();
  size_ = 0;
}

Result<int> Migrate(Connection& conn, std::span<const Migration> migrations) {
  RK_TRY(conn.Begin());
  if (Status s = conn.LockForMigration(); !s.ok()) {
    (void)conn.Rollback();
    return std::move(s).error();
  }
  if (Status s = conn.ExecScript(
          "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
          "applied_at BIGINT NOT NULL)");
      !s.ok()) {
    (void)conn.Rollback();
    return std::move(s).error();
  }
  RK_TRY(conn.Commit());

  int applied = 0;
  for (const Migration& m : migrations) {
    RK_TRY(conn.Begin());
    auto step = [&]() -> Result<bool> {
      RK_TRY(conn.LockForMigration());
      RK_ASSIGN_OR_RETURN(auto done, conn.QueryOne("SELECT 1 FROM schema_migrations WHERE version = ?",
                                                   {std::int64_t{m.version}}));
      if (done) return false;
      RK_TRY(conn.ExecScript(m.sql));
      RK_TRY(conn.Exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                       {std::int64_t{m.version}, std::string(m.name), SystemNow()}));
      return true;
    };
    Result<bool> r = step();
    if (!r.ok()) {
      (void)conn.Rollback();
      log::Error("migration_failed", {{"version", std::int64_t{m.version}}, {"name", m.name},
                                      {"error", r.error().message}});
      return std::move(r).error();
    }
    RK_TRY(conn.Commit());
    if (*r) {
      ++applied;
      log::Info("migration_applied", {{"version", std::int64_t{m.version}}, {"name", m.name}});
    }
  }
  return applied;
}

}  // namespace rk::db
