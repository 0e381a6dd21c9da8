#include "platform/db/db.hpp"

#include "platform/base/time.hpp"
#include "platform/log/log.hpp"

#include <chrono>

namespace rk::db {

std::unique_ptr<Connection> OpenSqlite(const std::string& path, Error* error);
std::int64_t SqliteMemoryUsed();
void SqliteSoftHeapLimit(std::int64_t bytes);
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

struct Database::Waiter {
  Mode mode;
  Ready ready;
};

Result<std::unique_ptr<Database>> Database::Connect(const std::string& url, std::size_t size) {
  RK_ASSIGN_OR_RETURN(Dialect d, DialectOf(url));
  // Every connection to ":memory:" would be a database of its own.
  if (url == "sqlite::memory:") size = 1;
  std::unique_ptr<Database> db(new Database(url, d));
  db->single_writer_ = d == Dialect::kSqlite;
  for (std::size_t i = 0; i < std::max<std::size_t>(size, 1); ++i) {
    RK_ASSIGN_OR_RETURN(std::unique_ptr<Connection> c, Open(url));
    db->idle_.push_back(std::move(c));
  }
  db->size_ = db->idle_.size();
  return db;
}

Database::~Database() { Close(); }

Database::Lease& Database::Lease::operator=(Lease&& o) noexcept {
  if (this != &o) {
    Return();
    db_ = o.db_;
    conn_ = std::move(o.conn_);
    mode_ = o.mode_;
  }
  return *this;
}

Database::Lease::~Lease() { Return(); }

void Database::Lease::Return() {
  if (!conn_) return;
  db_->Release(std::move(conn_), mode_);
}

bool Database::CanServeLocked(Mode mode) const {
  return !idle_.empty() && !(mode == Mode::kWrite && single_writer_ && writer_busy_);
}

void Database::ServeLocked(std::vector<std::pair<std::shared_ptr<Waiter>, Lease>>& out) {
  for (auto it = waiters_.begin(); it != waiters_.end() && !idle_.empty();) {
    if (!CanServeLocked((*it)->mode)) {
      ++it;
      continue;
    }
    std::unique_ptr<Connection> c = std::move(idle_.back());
    idle_.pop_back();
    if ((*it)->mode == Mode::kWrite) writer_busy_ = true;
    out.emplace_back(*it, Lease(this, std::move(c), (*it)->mode));
    it = waiters_.erase(it);
  }
}

std::shared_ptr<Database::Waiter> Database::AcquireAsync(Mode mode, Ready ready) {
  auto w = std::make_shared<Waiter>(Waiter{mode, std::move(ready)});
  std::unique_lock lock(mu_);
  if (closed_) {
    lock.unlock();
    w->ready(Error::Unavailable("The database is closed."));
    return w;
  }
  // First come, first served: a newcomer takes an idle connection only when nobody
  // who could use it is waiting.
  if (waiters_.empty() && CanServeLocked(mode)) {
    std::unique_ptr<Connection> c = std::move(idle_.back());
    idle_.pop_back();
    if (mode == Mode::kWrite) writer_busy_ = true;
    lock.unlock();
    w->ready(Lease(this, std::move(c), mode));
    return w;
  }
  waiters_.push_back(w);
  std::vector<std::pair<std::shared_ptr<Waiter>, Lease>> served;
  ServeLocked(served);
  lock.unlock();
  for (auto& [waiter, lease] : served) waiter->ready(std::move(lease));
  return w;
}

bool Database::Cancel(const std::shared_ptr<Waiter>& waiter) {
  std::lock_guard lock(mu_);
  for (auto it = waiters_.begin(); it != waiters_.end(); ++it) {
    if (*it == waiter) {
      waiters_.erase(it);
      return true;
    }
  }
  return false;
}

Result<Database::Lease> Database::Acquire(Millis timeout, Mode mode) {
  struct State {
    std::mutex mu;
    std::condition_variable cv;
    std::optional<Result<Lease>> got;
  };
  auto state = std::make_shared<State>();
  auto w = AcquireAsync(mode, [state](Result<Lease> l) {
    std::lock_guard lock(state->mu);
    state->got.emplace(std::move(l));
    state->cv.notify_one();
  });
  std::unique_lock lock(state->mu);
  if (!state->cv.wait_for(lock, std::chrono::milliseconds(timeout), [&] { return state->got.has_value(); })) {
    lock.unlock();
    if (Cancel(w)) return Error::Unavailable("The database is busy. Please try again.");
    lock.lock();
    // Served while we gave up: it arrives at once.
    state->cv.wait(lock, [&] { return state->got.has_value(); });
  }
  return std::move(*state->got);
}

void Database::Release(std::unique_ptr<Connection> c, Mode mode) {
  if (c->in_transaction()) (void)c->Rollback();
  if (!c->healthy()) {
    log::Warn("db_reconnect", {{"dialect", dialect_name()}});
    auto fresh = Open(url_);
    if (fresh.ok()) c = std::move(fresh).value();  // otherwise keep the broken one; it will fail fast
  }
  std::vector<std::pair<std::shared_ptr<Waiter>, Lease>> served;
  {
    std::lock_guard lock(mu_);
    if (mode == Mode::kWrite) writer_busy_ = false;
    idle_.push_back(std::move(c));
    ServeLocked(served);
  }
  returned_.notify_all();
  for (auto& [waiter, lease] : served) waiter->ready(std::move(lease));
}

std::size_t Database::idle() const {
  std::lock_guard lock(mu_);
  return idle_.size();
}

std::size_t Database::waiting() const {
  std::lock_guard lock(mu_);
  return waiters_.size();
}

void LimitEngineMemory(std::int64_t bytes) { SqliteSoftHeapLimit(bytes); }

std::int64_t Database::engine_memory() const { return dialect_ == Dialect::kSqlite ? SqliteMemoryUsed() : 0; }

void Database::Close() {
  std::deque<std::shared_ptr<Waiter>> failed;
  {
    std::unique_lock lock(mu_);
    closed_ = true;
    failed.swap(waiters_);
  }
  for (auto& w : failed) w->ready(Error::Unavailable("The database is closed."));
  std::unique_lock lock(mu_);
  // Wait for leased connections to come back, then close them all.
  returned_.wait(lock, [this] { return idle_.size() == size_; });
  idle_.clear();
  size_ = 0;
}

Result<int> Migrate(Connection& conn, std::span<const Migration> migrations, Millis now) {
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
                       {std::int64_t{m.version}, std::string(m.name), now}));
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
