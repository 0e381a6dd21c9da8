#pragma once
// The storage driver interface. Two drivers implement it: SQLite (embedded, default)
// and PostgreSQL (libpq). SQL is written once in a portable dialect with `?`
// placeholders; the PostgreSQL driver numbers them. Statements are prepared once per
// connection and reused.
//
// Thread-safety: a Connection is used by one thread at a time (the Pool hands it out);
// a Database (pool) is safe for concurrent use.

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <condition_variable>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "platform/base/result.hpp"

namespace rk::db {

// A bound parameter or a column value. Booleans are stored as integers.
using Value = std::variant<std::nullptr_t, std::int64_t, double, std::string>;

class Row {
 public:
  explicit Row(std::vector<Value> values) : values_(std::move(values)) {}
  bool IsNull(std::size_t i) const { return std::holds_alternative<std::nullptr_t>(values_.at(i)); }
  // REQUIRES: column i holds an integer (or a text that is one, for PostgreSQL numerics).
  std::int64_t Int(std::size_t i) const;
  double Real(std::size_t i) const;
  // Text of column i; "" for NULL.
  const std::string& Text(std::size_t i) const;
  std::optional<std::string> OptText(std::size_t i) const;
  std::optional<std::int64_t> OptInt(std::size_t i) const;
  bool Bool(std::size_t i) const { return Int(i) != 0; }
  // Column i as it came from the driver.
  const Value& At(std::size_t i) const { return values_.at(i); }
  std::size_t size() const { return values_.size(); }

 private:
  std::vector<Value> values_;
};

using Rows = std::vector<Row>;

enum class Dialect { kSqlite, kPostgres };

class Connection {
 public:
  virtual ~Connection() = default;
  virtual Dialect dialect() const = 0;
  // Runs one statement and returns its rows.
  virtual Result<Rows> Query(std::string_view sql, std::span<const Value> params) = 0;
  // Runs one statement and returns the number of rows it changed.
  virtual Result<std::int64_t> Exec(std::string_view sql, std::span<const Value> params) = 0;
  // Runs several statements separated by semicolons, unprepared (migrations only).
  virtual Status ExecScript(std::string_view sql) = 0;
  // Starts a transaction that will write (SQLite: BEGIN IMMEDIATE).
  virtual Status Begin() = 0;
  virtual Status Commit() = 0;
  virtual Status Rollback() = 0;
  // Serialises schema changes across processes for the current transaction.
  virtual Status LockForMigration() = 0;
  // False once the connection is known to be broken; the pool then replaces it.
  virtual bool healthy() const = 0;

  // Convenience overloads with an initializer list of parameters.
  Result<Rows> Query(std::string_view sql, std::initializer_list<Value> params = {}) {
    return Query(sql, std::span<const Value>(params.begin(), params.size()));
  }
  Result<std::int64_t> Exec(std::string_view sql, std::initializer_list<Value> params = {}) {
    return Exec(sql, std::span<const Value>(params.begin(), params.size()));
  }
  // The first row of a query, or nullopt when it returned none.
  Result<std::optional<Row>> QueryOne(std::string_view sql, std::initializer_list<Value> params = {});
};

// Opens one connection from a URL: "sqlite:PATH" (or "sqlite::memory:") or
// "postgresql://..." / "postgres://...".
Result<std::unique_ptr<Connection>> Open(const std::string& url);

// Which driver a URL selects, or an error naming the accepted forms.
Result<Dialect> DialectOf(const std::string& url);

// A fixed-size pool of connections. Acquire blocks until one is free.
class Database {
 public:
  // Opens `size` connections to `url`. Fails with the driver's message if any fails.
  static Result<std::unique_ptr<Database>> Connect(const std::string& url, std::size_t size);
  ~Database();

  Dialect dialect() const { return dialect_; }
  std::string_view dialect_name() const { return dialect_ == Dialect::kSqlite ? "sqlite" : "postgresql"; }

  class Lease {
   public:
    Lease(Database* db, std::unique_ptr<Connection> c) : db_(db), conn_(std::move(c)) {}
    Lease(Lease&&) = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    Connection* operator->() { return conn_.get(); }
    Connection& operator*() { return *conn_; }

   private:
    Database* db_;
    std::unique_ptr<Connection> conn_;
  };
  Lease Acquire();

  // Runs `fn` inside a write transaction; commits if it returns ok, rolls back
  // otherwise. `fn` must do all its work through the connection it is given.
  template <class T>
  Result<T> Transaction(const std::function<Result<T>(Connection&)>& fn) {
    auto c = Acquire();
    RK_TRY(c->Begin());
    Result<T> r = fn(*c);
    if (!r.ok()) {
      (void)c->Rollback();
      return r;
    }
    if (Status s = c->Commit(); !s.ok()) {
      (void)c->Rollback();
      return std::move(s).error();
    }
    return r;
  }

  // Closes all connections; later Acquire calls fail fast with kUnavailable rows.
  void Close();

 private:
  Database(std::string url, Dialect dialect) : url_(std::move(url)), dialect_(dialect) {}
  void Release(std::unique_ptr<Connection> c);

  std::string url_;
  Dialect dialect_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Connection>> idle_;  // GUARDED_BY(mu_)
  std::size_t size_ = 0;
};

// Applies every migration newer than the database's schema version, each in its own
// transaction, in order. Idempotent; safe when several processes start at once.
// Returns how many were applied.
struct Migration {
  int version;
  std::string_view name;
  std::string_view sql;
};
Result<int> Migrate(Connection& conn, std::span<const Migration> migrations);

}  // namespace rk::db
