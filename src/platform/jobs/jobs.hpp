#pragma once
// A durable job queue in the application's own database (the `jobs` table, migration
// 0007), with workers in every server process.
//
// - Enqueue writes a job on the caller's connection, inside the caller's transaction
//   (an outbox): the job exists if and only if the caller's change commits.
// - A worker claims a due job under a lease (a token and an expiry), then runs its
//   handler inside a write transaction that also marks the job done, on the condition
//   that the worker still holds the lease. A worker that lost its lease (it ran past the
//   expiry and another worker claimed the job again) rolls everything back. So the
//   database effects of a handler happen exactly once, whatever crashes in between.
// - A failed run is retried with exponential backoff and jitter; after max_attempts the
//   job is `dead` and stays visible to operators.
// - Finished jobs are marked `done`, their payload emptied, and deleted after
//   `Options::done_retention`; until then their idempotency key keeps holding. Dead jobs
//   (payload kept, for a retry) are deleted after `Options::dead_retention`.
// - Kinds registered with RegisterOutside run outside any transaction, for effects
//   outside the database (e-mail): at least once, never while holding a write lock.
// - Periodic kinds: every period (a slot of `interval` ms since the epoch) each Queue
//   enqueues one job with the slot's start as its idempotency key, so however many
//   servers run, each slot runs once. A slot missed while no server ran is skipped.
//
// docs/architecture.md ("The job queue") has the argument in full.
//
// Thread-safety: Enqueue uses the connection it is given. A Queue is safe for concurrent
// use once started; Register and RegisterPeriodic must be called before Start.

#include <atomic>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "platform/base/clock.hpp"
#include "platform/base/result.hpp"
#include "platform/base/time.hpp"
#include "platform/crypto/sealer.hpp"
#include "platform/db/db.hpp"

namespace rk::jobs {

// A job to enqueue.
struct NewJob {
  std::string kind;          // names the handler, e.g. "accounts.purge-sessions"
  std::string payload = "{}";  // JSON: ids and references, never anything a person wrote
  std::optional<Millis> due_at = std::nullopt;  // not before this time; default: now
  int max_attempts = 5;          // runs before the job is dead (at least 1)
  // When set, enqueuing the same kind and key again (while the first job is pending,
  // dead, or done within the retention) adds nothing and returns the first job's id.
  std::optional<std::string> idempotency_key = std::nullopt;
};

// A payload that keeps `plaintext` sealed under the data key, bound to `context` (say,
// "jobs:<kind>"): {"sealed": "v2:..."}. For a job that must carry something private (an
// address, a token); the queue empties the payload once the job is done.
std::string SealPayload(const crypto::Sealer& sealer, std::string_view plaintext, std::string_view context);
// The plaintext of a SealPayload payload. kInternal when it is not one or does not open.
Result<std::string> OpenPayload(const crypto::Sealer& sealer, std::string_view payload, std::string_view context);

// Adds `job` on `c`, inside the caller's transaction if one is open. Returns the job's
// id, or the existing job's id when the kind and idempotency key are taken.
// kInvalidArgument for an empty kind or max_attempts < 1.
Result<std::string> Enqueue(db::Connection& c, const NewJob& job, Millis now);

// A job as a handler sees it.
struct Job {
  std::string id;
  std::string kind;
  std::string payload;
  std::optional<std::string> idempotency_key = std::nullopt;
  int attempt = 1;  // this run's number, from 1
  int max_attempts = 1;
  Millis due_at = 0;
  Millis created_at = 0;
  Millis started_at = 0;  // the queue's clock when this run was claimed
};

// Runs one job on `c`, inside a write transaction that also marks the job done. Returns
// an error to roll its effects back and retry later; the error's message (never private
// data) is kept in `last_error`. An effect outside the database (an
// e-mail) cannot be rolled back: make it idempotent on the job's id or idempotency key.
// Runs on a worker thread; must finish well within Options::lease.
using Handler = std::function<Status(db::Connection& c, const Job& job)>;
// A handler registered with RegisterOutside gets the same arguments, but `c` is a
// connection in read mode outside any transaction: it may read what it needs, and its
// effect lies outside the database.

// Jobs in the database (all servers), for metrics.
struct Counts {
  std::int64_t pending = 0;  // waiting or running
  std::int64_t due = 0;      // waiting and due now (a backlog when it stays high)
  std::int64_t running = 0;  // claimed under a lease that has not expired
  std::int64_t dead = 0;
};

// Counts jobs on `c` at `now` (on the request's connection, for an operator's view).
Result<Counts> CountJobs(db::Connection& c, Millis now);

// A dead job as an operator sees it: never its payload.
struct DeadJob {
  std::string id;
  std::string kind;
  int attempts = 0;
  std::string last_error;
  Millis created_at = 0;
  Millis died_at = 0;
};
// The newest dead jobs, at most `limit`.
Result<std::vector<DeadJob>> DeadJobs(db::Connection& c, int limit);
// Makes dead job `id` pending again, due at `now`, with its attempts starting over.
// kNotFound when there is no dead job with that id.
Status RetryDead(db::Connection& c, const std::string& id, Millis now);

// What this Queue's workers did since it was made, by kind.
struct KindTotals {
  std::uint64_t succeeded = 0;
  std::uint64_t failed = 0;  // runs that failed (each retry counts)
  std::uint64_t dead = 0;    // jobs that went dead here
  std::uint64_t lost = 0;    // runs rolled back because their lease had been taken over
};

struct Stats {
  Counts counts;
  std::map<std::string, KindTotals> totals;
};

struct Options {
  Millis poll = kSecond;                 // idle workers look for due jobs this often
  int batch = 4;                         // jobs a worker claims at once (one transaction)
  Millis lease = kMinute;                // how long a claimed batch may take to run
  Millis backoff_base = 10 * kSecond;    // delay after the first failure, doubling
  Millis backoff_cap = kHour;            // longest delay between attempts
  Millis done_retention = 7 * kDay;      // done jobs are deleted after this
  Millis dead_retention = 30 * kDay;     // dead jobs are deleted after this
  Millis acquire_timeout = 5 * kSecond;  // waiting for a database connection
  Millis stats_interval = 10 * kSecond;  // how often workers refresh Counts
  // Called on a worker thread after each refresh of the counts (e.g. to set metrics).
  std::function<void(const Stats&)> on_stats;
};

// The delay before retrying after failed attempt number `attempt` (from 1):
// min(cap, base * 2^(attempt-1)), of which the upper half is scaled by `unit` in [0, 1)
// (jitter, so that jobs that failed together do not retry together). Pure.
Millis Backoff(int attempt, Millis base, Millis cap, double unit);

// The kind of the built-in periodic job that deletes old done and dead jobs.
inline constexpr std::string_view kPurgeKind = "jobs.purge";

class Queue {
 public:
  // `db` and `clock` must outlive the Queue. Registers the built-in kPurgeKind.
  Queue(db::Database& db, const Clock& clock, Options options = {});
  ~Queue();  // Stop()s.
  Queue(const Queue&) = delete;
  Queue& operator=(const Queue&) = delete;

  // Runs jobs of `kind` with `handler`. This process claims only kinds it has handlers
  // for. REQUIRES: before Start; `kind` not registered yet.
  void Register(const std::string& kind, Handler handler);
  // Also keeps one job of `kind` per `interval` (see the file comment).
  // REQUIRES: as Register; interval > 0 and below Options::done_retention.
  void RegisterPeriodic(const std::string& kind, Millis interval, Handler handler);
  // Runs jobs of `kind` outside any transaction, with a connection in read mode: for
  // effects outside the database (sending an e-mail), which must not hold SQLite's one
  // writer while they wait on the network. The job is marked done afterwards, in a short
  // transaction of its own, if the lease still holds. So the effect happens at least
  // once: a run whose completion is never recorded (the process died, the lease was
  // taken over) runs again. Make it recognisable at the receiver by the job's id.
  // REQUIRES: as Register.
  void RegisterOutside(const std::string& kind, Handler handler);

  // Wakes idle workers to look for due jobs now, instead of at their next poll: call it
  // after committing a transaction that enqueued work that should start at once.
  void Wake();

  // Starts `threads` workers (none when 0). REQUIRES: not started.
  void Start(int threads);
  // Asks the workers to stop and joins them: an idle worker stops at once, a busy one
  // after its current run (handing back the rest of its batch). Idempotent.
  void Stop();

  // Claims and runs at most one due job on the calling thread (tests, commands).
  // Returns whether one was claimed.
  Result<bool> RunOnce() { return Step(1); }
  // Enqueues the current slot's job of every periodic kind that lacks one (worker 0 does
  // this on every round).
  Status SchedulePeriodic();

  // The two halves of RunOnce, for tests that interleave workers: claims one due job
  // under a fresh token (nullopt when none is due), and runs a claimed job.
  Result<std::optional<std::pair<Job, std::string>>> TEST_Claim();
  Status TEST_Run(const Job& job, const std::string& token) { return Run(job, token); }

  // Counts jobs in the database now.
  Result<Counts> Count();
  // The latest counts (refreshed by the workers) and this Queue's totals.
  Stats stats() const;

 private:
  struct Periodic {
    std::string kind;
    Millis interval;
    Millis scheduled_slot = -1;  // GUARDED_BY(schedule_mu_)
  };
  void Work(int index);
  // Records the outcome of a run that failed: back to pending after a backoff, or dead.
  Status RecordFailure(const Job& job, const std::string& token, const Error& error);
  bool stopping();
  // Claims up to `batch` due jobs and runs them. True if it claimed (or buried) any.
  Result<bool> Step(int batch);
  // Claims up to `limit` of the earliest due jobs under `token` in a transaction of its
  // own. Jobs whose attempts are used up are marked dead instead (counted in `buried`).
  Result<std::vector<Job>> Claim(const std::string& token, int limit, int* buried = nullptr);
  // Runs a claimed job and records its outcome. Errors only when the outcome could not
  // be recorded (the lease then expires and the job is claimed again).
  Status Run(const Job& job, const std::string& token);
  void Tally(const std::string& kind, std::uint64_t KindTotals::*field);
  void RefreshStats();

  db::Database& db_;
  const Clock& clock_;
  const Options options_;
  std::map<std::string, Handler> handlers_;
  std::set<std::string> outside_;  // kinds that run outside a transaction
  std::vector<std::string> kinds_;  // handlers_' keys, for the claim query
  std::vector<Periodic> periodic_;
  std::mutex schedule_mu_;

  std::vector<std::thread> threads_;
  std::mutex wake_mu_;
  std::condition_variable wake_;
  bool stopping_ = false;  // GUARDED_BY(wake_mu_)
  std::uint64_t wakes_ = 0;  // GUARDED_BY(wake_mu_): Wake() calls so far
  std::atomic<Millis> next_stats_{0};

  mutable std::mutex stats_mu_;
  Stats stats_;  // GUARDED_BY(stats_mu_)
};

}  // namespace rk::jobs
