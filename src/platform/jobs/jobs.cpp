#include "platform/jobs/jobs.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <cassert>
#include <chrono>
#include <exception>

#include "platform/crypto/crypto.hpp"
#include "platform/jobs/repo.hpp"
#include "platform/log/log.hpp"

namespace rk::jobs {
namespace {

constexpr std::size_t kMaxErrorBytes = 200;
constexpr int kPeriodicAttempts = 3;

// The error as kept in last_error: its message, cut to kMaxErrorBytes on a UTF-8
// character boundary.
std::string ShortError(const Error& e) {
  std::string s = e.message.empty() ? "failed" : e.message;
  if (s.size() <= kMaxErrorBytes) return s;
  std::size_t n = kMaxErrorBytes;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  s.resize(n);
  return s;
}

// Calls `handler`, turning an escaped exception into an error so that a worker survives.
Status Call(const Handler& handler, db::Connection& c, const Job& job) {
  try {
    return handler(c, job);
  } catch (const std::exception&) {
    return Error::Internal("The handler threw an exception.");
  } catch (...) {
    return Error::Internal("The handler threw an exception.");
  }
}

}  // namespace

Millis Backoff(int attempt, Millis base, Millis cap, double unit) {
  Millis delay = std::max<Millis>(base, 1);
  for (int i = 1; i < attempt && delay < cap; ++i) delay *= 2;
  delay = std::min(delay, cap);
  const Millis half = delay / 2;
  return half + static_cast<Millis>(static_cast<double>(delay - half) * std::clamp(unit, 0.0, 1.0));
}

std::string SealPayload(const crypto::Sealer& sealer, std::string_view plaintext, std::string_view context) {
  return boost::json::serialize(boost::json::object{{"sealed", sealer.Seal(plaintext, context)}});
}

Result<std::string> OpenPayload(const crypto::Sealer& sealer, std::string_view payload, std::string_view context) {
  boost::system::error_code ec;
  const boost::json::value v = boost::json::parse(payload, ec);
  const boost::json::object* o = ec ? nullptr : v.if_object();
  const boost::json::value* sealed = o ? o->if_contains("sealed") : nullptr;
  if (!sealed || !sealed->is_string()) return Error::Internal("A job's sealed payload is malformed.");
  return sealer.Open(sealed->as_string(), context);
}

Result<std::string> Enqueue(db::Connection& c, const NewJob& job, Millis now) {
  if (job.kind.empty()) return Error::Invalid("A job needs a kind.");
  if (job.max_attempts < 1) return Error::Invalid("A job needs at least one attempt.");
  return repo::Insert(c, job, now);
}

Queue::Queue(db::Database& db, const Clock& clock, Options options)
    : db_(db), clock_(clock), options_(std::move(options)) {
  const Millis purge_every = std::min(kHour, options_.done_retention / 2);
  RegisterPeriodic(std::string(kPurgeKind), std::max<Millis>(purge_every, 1), [this](db::Connection& c, const Job& job) {
    auto n = repo::Purge(c, job.started_at - options_.done_retention, job.started_at - options_.dead_retention);
    if (!n.ok()) return Status(n.error());
    if (*n > 0) log::Info("jobs_purged", {{"deleted", *n}});
    return Status();
  });
}

Queue::~Queue() { Stop(); }

void Queue::Register(const std::string& kind, Handler handler) {
  assert(threads_.empty() && !handlers_.contains(kind));
  handlers_.emplace(kind, std::move(handler));
  kinds_.push_back(kind);
}

void Queue::RegisterPeriodic(const std::string& kind, Millis interval, Handler handler) {
  assert(interval > 0 && interval < options_.done_retention);
  Register(kind, std::move(handler));
  periodic_.push_back(Periodic{kind, interval});
}

void Queue::RegisterOutside(const std::string& kind, Handler handler) {
  Register(kind, std::move(handler));
  outside_.insert(kind);
}

void Queue::Wake() {
  {
    std::lock_guard lock(wake_mu_);
    ++wakes_;
  }
  wake_.notify_all();
}

void Queue::Start(int threads) {
  assert(threads_.empty());
  for (int i = 0; i < threads; ++i) threads_.emplace_back([this, i] { Work(i); });
}

void Queue::Stop() {
  {
    std::lock_guard lock(wake_mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (std::thread& t : threads_) t.join();
  threads_.clear();
}

void Queue::Work(int index) {
  for (;;) {
    std::uint64_t wakes;
    {
      std::lock_guard lock(wake_mu_);
      if (stopping_) return;
      wakes = wakes_;  // a Wake() from here on ends the wait below at once
    }
    // One worker keeps the periodic jobs and the counts up to date.
    if (index == 0) {
      if (Status s = SchedulePeriodic(); !s.ok()) log::Warn("jobs_schedule_failed", {{"error", s.error().message}});
      RefreshStats();
    }
    Result<bool> worked = Step(options_.batch);
    if (worked.ok() && *worked) continue;
    if (!worked.ok()) log::Warn("jobs_poll_failed", {{"error", worked.error().message}});
    std::unique_lock lock(wake_mu_);
    wake_.wait_for(lock, std::chrono::milliseconds(options_.poll),
                   [this, wakes] { return stopping_ || wakes_ != wakes; });
  }
}

Result<std::optional<std::pair<Job, std::string>>> Queue::TEST_Claim() {
  std::string token = crypto::RandomToken(16);
  RK_ASSIGN_OR_RETURN(std::vector<Job> jobs, Claim(token, 1));
  if (jobs.empty()) return std::optional<std::pair<Job, std::string>>();
  return std::optional<std::pair<Job, std::string>>(std::pair(std::move(jobs.front()), std::move(token)));
}

Status Queue::SchedulePeriodic() {
  std::lock_guard lock(schedule_mu_);
  const Millis now = clock_.Now();
  db::Database::Lease c;
  for (Periodic& p : periodic_) {
    const Millis slot = now - now % p.interval;
    if (slot == p.scheduled_slot) continue;
    if (!c) {
      RK_ASSIGN_OR_RETURN(c, db_.Acquire(options_.acquire_timeout, db::Mode::kWrite));
    }
    NewJob job{p.kind, "{}", slot, kPeriodicAttempts, FormatRfc3339(slot)};
    RK_TRY(Enqueue(*c, job, now));
    p.scheduled_slot = slot;
  }
  return {};
}

bool Queue::stopping() {
  std::lock_guard lock(wake_mu_);
  return stopping_;
}

Result<bool> Queue::Step(int batch) {
  // A plain read first, so that idle workers never queue for SQLite's one writer.
  {
    RK_ASSIGN_OR_RETURN(auto c, db_.Acquire(options_.acquire_timeout, db::Mode::kRead));
    RK_ASSIGN_OR_RETURN(bool any, repo::AnyDue(*c, kinds_, clock_.Now()));
    if (!any) return false;
  }
  const std::string token = crypto::RandomToken(16);
  int buried = 0;
  RK_ASSIGN_OR_RETURN(std::vector<Job> jobs, Claim(token, batch, &buried));
  // Hands jobs [from, end) back unrun, their attempts uncounted, so that another worker
  // need not wait for their leases (and a run that never started never counts).
  auto hand_back = [&](std::size_t from) -> Status {
    RK_ASSIGN_OR_RETURN(auto c, db_.Acquire(options_.acquire_timeout, db::Mode::kWrite));
    for (std::size_t k = from; k < jobs.size(); ++k) RK_TRY(repo::Release(*c, jobs[k].id, token));
    return {};
  };
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    if (i > 0 && stopping()) {
      RK_TRY(hand_back(i));
      break;
    }
    if (Status s = Run(jobs[i], token); !s.ok()) {
      // No connection, or none could begin: this job and the rest go back.
      (void)hand_back(i);
      return std::move(s).error();
    }
  }
  return !jobs.empty() || buried > 0;
}

Result<std::vector<Job>> Queue::Claim(const std::string& token, int limit, int* buried) {
  RK_ASSIGN_OR_RETURN(auto c, db_.Acquire(options_.acquire_timeout, db::Mode::kWrite));
  RK_TRY(c->Begin());
  const Millis now = clock_.Now();
  std::vector<Job> dead;
  auto claim = [&]() -> Result<std::vector<Job>> {
    RK_ASSIGN_OR_RETURN(std::vector<Job> due, repo::SelectDue(*c, kinds_, now, limit));
    std::vector<Job> runnable;
    for (Job& job : due) {
      if (job.attempt > job.max_attempts) {
        // Its last attempt was claimed and never finished: the worker died or lost its
        // lease. Running it once more would exceed max_attempts.
        RK_TRY(repo::Bury(*c, job.id, "The last attempt did not finish within its lease.", now));
        dead.push_back(std::move(job));
      } else {
        RK_TRY(repo::Lease(*c, job.id, token, now + options_.lease, now));
        runnable.push_back(std::move(job));
      }
    }
    return runnable;
  };
  Result<std::vector<Job>> claimed = claim();
  if (!claimed.ok()) {
    (void)c->Rollback();
    return claimed;
  }
  RK_TRY(c->Commit());
  for (const Job& job : dead) {
    Tally(job.kind, &KindTotals::dead);
    log::Error("job_dead", {{"kind", job.kind}, {"id", job.id}, {"reason", "lease_expired"}});
  }
  if (buried) *buried = static_cast<int>(dead.size());
  return claimed;
}

Status Queue::Run(const Job& job, const std::string& token) {
  const Handler& handler = handlers_.at(job.kind);
  if (outside_.contains(job.kind)) {
    // No transaction around the handler: its effect is outside the database. Then a short
    // one marks the job done, if the lease still holds.
    Status result;
    {
      RK_ASSIGN_OR_RETURN(auto c, db_.Acquire(options_.acquire_timeout, db::Mode::kRead));
      result = Call(handler, *c, job);
    }
    if (!result.ok()) return RecordFailure(job, token, result.error());
    RK_ASSIGN_OR_RETURN(auto c, db_.Acquire(options_.acquire_timeout, db::Mode::kWrite));
    RK_TRY(c->Begin());
    Result<bool> completed = repo::Complete(*c, job.id, token, clock_.Now());
    if (!completed.ok()) {
      (void)c->Rollback();
      return std::move(completed).error();
    }
    RK_TRY(c->Commit());
    if (*completed) {
      Tally(job.kind, &KindTotals::succeeded);
    } else {
      // Another worker took the job over: it runs again (the effect, at least once).
      Tally(job.kind, &KindTotals::lost);
      log::Warn("job_lease_lost", {{"kind", job.kind}, {"id", job.id}, {"attempt", std::int64_t{job.attempt}}});
    }
    return {};
  }

  RK_ASSIGN_OR_RETURN(auto c, db_.Acquire(options_.acquire_timeout, db::Mode::kWrite));
  RK_TRY(c->Begin());
  Status result = Call(handler, *c, job);
  if (result.ok()) {
    Result<bool> completed = repo::Complete(*c, job.id, token, clock_.Now());
    if (completed.ok() && !*completed) {
      // Another worker claimed the job after our lease ran out: its run counts, ours
      // must leave no trace.
      (void)c->Rollback();
      Tally(job.kind, &KindTotals::lost);
      log::Warn("job_lease_lost", {{"kind", job.kind}, {"id", job.id}, {"attempt", std::int64_t{job.attempt}}});
      return {};
    }
    result = completed.ok() ? c->Commit() : Status(completed.error());
    if (result.ok()) {
      Tally(job.kind, &KindTotals::succeeded);
      return {};
    }
  }
  (void)c->Rollback();
  c = db::Database::Lease();  // RecordFailure takes a connection of its own
  return RecordFailure(job, token, result.error());
}

Status Queue::RecordFailure(const Job& job, const std::string& token, const Error& failure) {
  const Millis now = clock_.Now();
  std::optional<Millis> retry_at;
  if (job.attempt < job.max_attempts) {
    const double unit = crypto::RandomBelow(1u << 20) / static_cast<double>(1u << 20);
    retry_at = now + Backoff(job.attempt, options_.backoff_base, options_.backoff_cap, unit);
  }
  const std::string error = ShortError(failure);
  RK_ASSIGN_OR_RETURN(auto c, db_.Acquire(options_.acquire_timeout, db::Mode::kWrite));
  RK_TRY(c->Begin());
  Result<bool> recorded = repo::Fail(*c, job.id, token, retry_at, error, now);
  if (!recorded.ok()) {
    (void)c->Rollback();
    return std::move(recorded).error();
  }
  RK_TRY(c->Commit());
  if (!*recorded) {
    Tally(job.kind, &KindTotals::lost);
    return {};
  }
  Tally(job.kind, &KindTotals::failed);
  if (retry_at) {
    log::Warn("job_failed", {{"kind", job.kind}, {"id", job.id}, {"attempt", std::int64_t{job.attempt}},
                             {"retry_in_ms", *retry_at - now}, {"error", error}});
  } else {
    Tally(job.kind, &KindTotals::dead);
    log::Error("job_dead", {{"kind", job.kind}, {"id", job.id}, {"attempt", std::int64_t{job.attempt}},
                            {"error", error}});
  }
  return {};
}

void Queue::Tally(const std::string& kind, std::uint64_t KindTotals::*field) {
  std::lock_guard lock(stats_mu_);
  ++(stats_.totals[kind].*field);
}

Result<Counts> CountJobs(db::Connection& c, Millis now) { return repo::Count(c, now); }

Result<std::vector<DeadJob>> DeadJobs(db::Connection& c, int limit) { return repo::Dead(c, limit); }

Status RetryDead(db::Connection& c, const std::string& id, Millis now) {
  RK_ASSIGN_OR_RETURN(std::int64_t changed, repo::Revive(c, id, now));
  if (changed == 0) return Error::NotFound("There is no dead job with that id.");
  return {};
}

Result<Counts> Queue::Count() {
  RK_ASSIGN_OR_RETURN(auto c, db_.Acquire(options_.acquire_timeout, db::Mode::kRead));
  return repo::Count(*c, clock_.Now());
}

void Queue::RefreshStats() {
  // A monotonic clock: the queue's clock may step back (NTP, a test), which must not
  // freeze the metrics.
  const Millis now = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::steady_clock::now().time_since_epoch())
                         .count();
  if (now < next_stats_) return;
  next_stats_ = now + options_.stats_interval;
  Result<Counts> counts = Count();
  if (!counts.ok()) {
    log::Warn("jobs_count_failed", {{"error", counts.error().message}});
    return;
  }
  Stats snapshot;
  {
    std::lock_guard lock(stats_mu_);
    stats_.counts = *counts;
    snapshot = stats_;
  }
  if (options_.on_stats) options_.on_stats(snapshot);
}

Stats Queue::stats() const {
  std::lock_guard lock(stats_mu_);
  return stats_;
}

}  // namespace rk::jobs
