#pragma once
// The storage driver interface. Two drivers implement it: SQLite (embedded, default)
// and PostgreSQL (libpq). SQL is written once in a portable dialect with `?`
// placeholders; the PostgreSQL driver numbers them. Statements are prepared once per
// connection and reused.
//
// Thread-safety: a Connection is used by one thread at a time (the Pool hands it out);
// a Database (pool) is safe for concurrent use.

#include <cstdint>
#include <deque>
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
#include "platform/base/time.hpp"

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
  // Like Exec, but never waits for another writer: on SQLite, kUnavailable at once
  // when the database is locked (instead of sleeping in the busy handler). For writes
  // that may be skipped and done later (a session's last-used time).
  virtual Result<std::int64_t> ExecIfFree(std::string_view sql, std::span<const Value> params) = 0;
  // Runs several statements separated by semicolons, unprepared (migrations only).
  virtual Status ExecScript(std::string_view sql) = 0;
  // Starts a transaction that will write (SQLite: BEGIN IMMEDIATE).
  virtual Status Begin() = 0;
  virtual Status Commit() = 0;
  virtual Status Rollback() = 0;
  // Serialises schema changes across processes for the current transaction.
  virtual Status LockForMigration() = 0;
  // True between Begin and Commit/Rollback.
  virtual bool in_transaction() const = 0;
  // False once the connection is known to be broken; the pool then replaces it.
  virtual bool healthy() const = 0;

  // Convenience overloads with an initializer list of parameters.
  Result<Rows> Query(std::string_view sql, std::initializer_list<Value> params = {}) {
    return Query(sql, std::span<const Value>(params.begin(), params.size()));
  }
  Result<std::int64_t> Exec(std::string_view sql, std::initializer_list<Value> params = {}) {
    return Exec(sql, std::span<const Value>(params.begin(), params.size()));
  }
  Result<std::int64_t> ExecIfFree(std::string_view sql, std::initializer_list<Value> params = {}) {
    return ExecIfFree(sql, std::span<const Value>(params.begin(), params.size()));
  }
  // The first row of a query, or nullopt when it returned none.
  Result<std::optional<Row>> QueryOne(std::string_view sql, std::initializer_list<Value> params = {});
};

// Opens one connection from a URL: "sqlite:PATH" (or "sqlite::memory:") or
// "postgresql://..." / "postgres://...".
Result<std::unique_ptr<Connection>> Open(const std::string& url);

// Caps what the embedded engine keeps in memory, over all its connections (SQLite's soft
// heap limit: past it, page caches are recycled before they grow). 0 = no cap.
void LimitEngineMemory(std::int64_t bytes);

// Which driver a URL selects, or an error naming the accepted forms.
Result<Dialect> DialectOf(const std::string& url);

// What a unit of work will do with its connection. On SQLite (one writer at a time)
// the pool hands out one write lease at a time, so writers queue here instead of
// sleeping in SQLite's busy handler on a server thread.
enum class Mode { kRead, kWrite };

// A fixed-size pool of connections. Nobody waits for a connection forever: the server
// waits asynchronously (AcquireAsync) with a timeout, background threads and commands
// block with a timeout (Acquire); both fail with kUnavailable when it passes.
class Database {
 public:
  // Opens `size` connections to `url`. Fails with the driver's message if any fails.
  static Result<std::unique_ptr<Database>> Connect(const std::string& url, std::size_t size);
  ~Database();

  Dialect dialect() const { return dialect_; }
  std::string_view dialect_name() const { return dialect_ == Dialect::kSqlite ? "sqlite" : "postgresql"; }
  std::size_t size() const { return size_; }

  // A connection on loan; it goes back to the pool (and a write lease frees the writer
  // slot) when the Lease is destroyed. A connection left inside a transaction is
  // rolled back first.
  class Lease {
   public:
    Lease() = default;
    Lease(Database* db, std::unique_ptr<Connection> c, Mode mode) : db_(db), conn_(std::move(c)), mode_(mode) {}
    Lease(Lease&& o) noexcept = default;
    Lease& operator=(Lease&& o) noexcept;
    ~Lease();
    explicit operator bool() const { return conn_ != nullptr; }
    Connection* operator->() { return conn_.get(); }
    Connection& operator*() { return *conn_; }
    Mode mode() const { return mode_; }

   private:
    void Return();
    Database* db_ = nullptr;
    std::unique_ptr<Connection> conn_;
    Mode mode_ = Mode::kRead;
  };

  // Blocks the calling thread until a connection is free, at most `timeout`; then
  // kUnavailable. For background threads and commands only, never a server thread.
  Result<Lease> Acquire(Millis timeout = 10'000, Mode mode = Mode::kRead);

  // A request for a connection that has not been served yet.
  struct Waiter;
  using Ready = std::function<void(Result<Lease>)>;
  // Calls `ready` exactly once: with a connection as soon as one is free (at once, on
  // this thread, when one is idle; otherwise on the thread that returns one), or with
  // kUnavailable when the pool closes. Cancel withdraws the request. Never blocks.
  std::shared_ptr<Waiter> AcquireAsync(Mode mode, Ready ready);
  // Withdraws a request. True if it was still waiting (`ready` will never be called);
  // false if it has been or is being served.
  bool Cancel(const std::shared_ptr<Waiter>& waiter);

  // Runs `fn` inside a write transaction on a connection of its own (blocking, like
  // Acquire); commits if it returns ok, rolls back otherwise.
  template <class T>
  Result<T> Transaction(const std::function<Result<T>(Connection&)>& fn, Millis timeout = 10'000) {
    RK_ASSIGN_OR_RETURN(Lease c, Acquire(timeout, Mode::kWrite));
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

  // Connections idle now, and requests waiting: for metrics.
  std::size_t idle() const;
  std::size_t waiting() const;
  // Bytes the embedded engine holds now (SQLite's page caches, statements and
  // schemas; 0 on PostgreSQL, whose memory is the server's): for metrics.
  std::int64_t engine_memory() const;

  // Waits for leased connections to come back and closes all connections; waiting and
  // later requests fail with kUnavailable.
  void Close();

 private:
  Database(std::string url, Dialect dialect) : url_(std::move(url)), dialect_(dialect) {}
  void Release(std::unique_ptr<Connection> c, Mode mode);
  // Hands idle connections to waiters that can be served. REQUIRES: mu_ held. Appends
  // the served (waiter, lease) pairs to `out`, to be called after unlocking.
  void ServeLocked(std::vector<std::pair<std::shared_ptr<Waiter>, Lease>>& out);
  bool CanServeLocked(Mode mode) const;

  std::string url_;
  Dialect dialect_;
  bool single_writer_ = false;
  mutable std::mutex mu_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<Connection>> idle_;  // GUARDED_BY(mu_)
  std::deque<std::shared_ptr<Waiter>> waiters_;    // GUARDED_BY(mu_)
  bool writer_busy_ = false;                       // GUARDED_BY(mu_)
  bool closed_ = false;                            // GUARDED_BY(mu_)
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
Result<int> Migrate(Connection& conn, std::span<const Migration> migrations, Millis now);

}  // namespace rk::db
