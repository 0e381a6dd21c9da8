// The PostgreSQL driver over libpq: `?` placeholders become $1, $2, ...; each distinct
// statement is prepared once per connection (PQprepare) and then executed by name.

#include <libpq-fe.h>

#include <charconv>
#include <cstdio>
#include <unordered_map>

#include "platform/db/db.hpp"
#include "platform/log/log.hpp"

namespace rk::db {
namespace {

// Rewrites `?` outside quoted strings and identifiers to $N. Returns the count in `n`.
std::string NumberPlaceholders(std::string_view sql, int& n) {
  std::string out;
  out.reserve(sql.size() + 16);
  n = 0;
  char quote = 0;
  for (char c : sql) {
    if (quote) {
      if (c == quote) quote = 0;
      out.push_back(c);
    } else if (c == '\'' || c == '"') {
      quote = c;
      out.push_back(c);
    } else if (c == '?') {
      out += '$' + std::to_string(++n);
    } else {
      out.push_back(c);
    }
  }
  return out;
}

constexpr Oid kBoolOid = 16, kInt8Oid = 20, kInt2Oid = 21, kInt4Oid = 23, kFloat4Oid = 700, kFloat8Oid = 701,
              kNumericOid = 1700;

class PgConnection final : public Connection {
 public:
  explicit PgConnection(PGconn* c) : conn_(c) {}
  ~PgConnection() override { PQfinish(conn_); }

  Dialect dialect() const override { return Dialect::kPostgres; }
  bool healthy() const override { return PQstatus(conn_) == CONNECTION_OK; }
  bool in_transaction() const override { return PQtransactionStatus(conn_) != PQTRANS_IDLE; }

  Result<Rows> Query(std::string_view sql, std::span<const Value> params) override {
    // A read outside a transaction that finds the connection broken (the server
    // restarted) reconnects and tries once more: nothing was written either way.
    Result<PGresult*> ran = Run(sql, params);
    if (!ran.ok() && Reconnected()) ran = Run(sql, params);
    RK_ASSIGN_OR_RETURN(PGresult * res, std::move(ran));
    Rows rows;
    const int nrows = PQntuples(res), ncols = PQnfields(res);
    rows.reserve(static_cast<std::size_t>(nrows));
    for (int r = 0; r < nrows; ++r) {
      std::vector<Value> values;
      values.reserve(static_cast<std::size_t>(ncols));
      for (int c = 0; c < ncols; ++c) {
        if (PQgetisnull(res, r, c)) {
          values.emplace_back(nullptr);
          continue;
        }
        const char* text = PQgetvalue(res, r, c);
        const int len = PQgetlength(res, r, c);
        switch (PQftype(res, c)) {
          case kInt8Oid:
          case kInt4Oid:
          case kInt2Oid: {
            std::int64_t v = 0;
            std::from_chars(text, text + len, v);
            values.emplace_back(v);
            break;
          }
          case kBoolOid: values.emplace_back(std::int64_t{text[0] == 't'}); break;
          case kFloat4Oid:
          case kFloat8Oid:
          case kNumericOid: values.emplace_back(std::strtod(text, nullptr)); break;
          default: values.emplace_back(std::string(text, static_cast<std::size_t>(len)));
        }
      }
      rows.emplace_back(std::move(values));
    }
    PQclear(res);
    return rows;
  }

  Result<std::int64_t> Exec(std::string_view sql, std::span<const Value> params) override {
    RK_ASSIGN_OR_RETURN(PGresult * res, Run(sql, params));
    const char* n = PQcmdTuples(res);
    std::int64_t changed = 0;
    if (n && *n) std::from_chars(n, n + std::char_traits<char>::length(n), changed);
    PQclear(res);
    return changed;
  }

  // Row locks on PostgreSQL are per row and brief; waiting for one is fine.
  Result<std::int64_t> ExecIfFree(std::string_view sql, std::span<const Value> params) override {
    return Exec(sql, params);
  }

  Status ExecScript(std::string_view sql) override {
    in_transaction_before_failure_ = PQtransactionStatus(conn_) != PQTRANS_IDLE;
    PGresult* res = PQexec(conn_, std::string(sql).c_str());
    Status s = Check(res, "exec");
    PQclear(res);
    return s;
  }

  Status Begin() override {
    Status s = ExecScript("BEGIN");
    if (!s.ok() && Reconnected()) s = ExecScript("BEGIN");
    return s;
  }
  // COMMIT of a transaction that failed earlier "succeeds" as a rollback: refuse it, so
  // that a caller who swallowed an error never reports a write that did not happen.
  Status Commit() override {
    if (PQtransactionStatus(conn_) == PQTRANS_INERROR) {
      (void)ExecScript("ROLLBACK");
      return Error::Internal("Something went wrong on our side.");
    }
    return ExecScript("COMMIT");
  }
  Status Rollback() override {
    if (PQtransactionStatus(conn_) == PQTRANS_IDLE) return {};
    return ExecScript("ROLLBACK");
  }
  Status LockForMigration() override { return ExecScript("SELECT pg_advisory_xact_lock(74201130)"); }

 private:
  // After a failure: if the connection turned out to be broken and no transaction was
  // open, reconnects (forgetting the statements prepared on the old one) and says so.
  bool Reconnected() {
    if (PQstatus(conn_) == CONNECTION_OK || in_transaction_before_failure_) return false;
    PQreset(conn_);
    if (PQstatus(conn_) != CONNECTION_OK) return false;
    names_.clear();
    PQsetNoticeProcessor(conn_, [](void*, const char*) {}, nullptr);
    log::Info("postgres_reconnected");
    return true;
  }

  // Executes a prepared statement; on success the caller owns and clears the result.
  Result<PGresult*> Run(std::string_view sql, std::span<const Value> params) {
    in_transaction_before_failure_ = PQtransactionStatus(conn_) != PQTRANS_IDLE;
    auto it = names_.find(std::string(sql));
    if (it == names_.end()) {
      int n = 0;
      const std::string numbered = NumberPlaceholders(sql, n);
      std::string name = "s" + std::to_string(names_.size() + 1);
      PGresult* res = PQprepare(conn_, name.c_str(), numbered.c_str(), n, nullptr);
      Status s = Check(res, "prepare");
      PQclear(res);
      if (!s.ok()) return std::move(s).error();
      it = names_.emplace(std::string(sql), std::move(name)).first;
    }
    std::vector<std::string> texts(params.size());
    std::vector<const char*> ptrs(params.size(), nullptr);
    for (std::size_t i = 0; i < params.size(); ++i) {
      const Value& v = params[i];
      if (std::holds_alternative<std::nullptr_t>(v)) continue;
      if (auto* n = std::get_if<std::int64_t>(&v)) texts[i] = std::to_string(*n);
      else if (auto* d = std::get_if<double>(&v)) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.17g", *d);
        texts[i] = buf;
      } else texts[i] = std::get<std::string>(v);
      ptrs[i] = texts[i].c_str();
    }
    PGresult* res = PQexecPrepared(conn_, it->second.c_str(), static_cast<int>(params.size()), ptrs.data(), nullptr,
                                   nullptr, 0);
    if (Status s = Check(res, "execute"); !s.ok()) {
      PQclear(res);
      return std::move(s).error();
    }
    return res;
  }

  Status Check(PGresult* res, std::string_view what) {
    const ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) return {};
    const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
    const std::string_view sqlstate = state ? state : "";
    if (sqlstate == "23505") return Error::Conflict("unique");
    if (sqlstate == "40001" || sqlstate == "40P01" || PQstatus(conn_) != CONNECTION_OK) {
      log::Warn("postgres_unavailable", {{"op", what}, {"sqlstate", sqlstate}});
      return Error::Unavailable("The database is busy. Please try again.");
    }
    log::Error("postgres_error", {{"op", what}, {"sqlstate", sqlstate}, {"message", PQerrorMessage(conn_)}});
    return Error::Internal("Something went wrong on our side.");
  }

  PGconn* conn_;
  std::unordered_map<std::string, std::string> names_;
  bool in_transaction_before_failure_ = false;
};

void IgnoreNotice(void*, const char*) {}

}  // namespace

std::unique_ptr<Connection> OpenPostgres(const std::string& url, Error* error) {
  PGconn* c = PQconnectdb(url.c_str());
  if (PQstatus(c) != CONNECTION_OK) {
    *error = Error::Unavailable(std::string("cannot connect to PostgreSQL: ") + PQerrorMessage(c));
    PQfinish(c);
    return nullptr;
  }
  PQsetNoticeProcessor(c, IgnoreNotice, nullptr);
  auto conn = std::make_unique<PgConnection>(c);
  if (Status s = conn->ExecScript("SET TIME ZONE 'UTC'"); !s.ok()) {
    *error = s.error();
    return nullptr;
  }
  return conn;
}

}  // namespace rk::db
