#pragma once
// The jobs table. Every function runs on the connection it is given; the Queue decides
// the transactions. Internal to platform/jobs.

#include <optional>
#include <string>
#include <vector>

#include "platform/base/result.hpp"
#include "platform/db/db.hpp"
#include "platform/jobs/jobs.hpp"

namespace rk::jobs::repo {

// Inserts a pending job; returns its id, or the id of the job already holding its kind
// and idempotency key.
Result<std::string> Insert(db::Connection& c, const NewJob& job, Millis now);

// True if a job of one of `kinds` is due and not leased at `now`. A plain read, so that
// idle workers do not take SQLite's write lock.
Result<bool> AnyDue(db::Connection& c, const std::vector<std::string>& kinds, Millis now);

// The earliest (at most `limit`) due, unleased jobs of `kinds`, locked for this
// transaction on PostgreSQL (FOR UPDATE SKIP LOCKED: other workers pass them by); on
// SQLite the write transaction excludes other claimers. `attempt` is the run about to
// start. REQUIRES: inside a write transaction.
Result<std::vector<Job>> SelectDue(db::Connection& c, const std::vector<std::string>& kinds, Millis now, int limit);

// Leases the job to `token` until `until` and counts the attempt.
Status Lease(db::Connection& c, const std::string& id, const std::string& token, Millis until, Millis now);

// Gives a claimed job back unrun (the worker is stopping, or could not start it):
// unleased, attempt uncounted. Nothing when `token` no longer holds it.
Status Release(db::Connection& c, const std::string& id, const std::string& token);

// Marks the job done, and empties its payload (nothing of it is needed any more), if
// `token` still holds its lease. False if it does not.
Result<bool> Complete(db::Connection& c, const std::string& id, const std::string& token, Millis now);

// Records a failed run if `token` still holds the lease: back to pending at `retry_at`,
// or dead when `retry_at` is nullopt. False if it does not hold the lease.
Result<bool> Fail(db::Connection& c, const std::string& id, const std::string& token, std::optional<Millis> retry_at,
                  const std::string& error, Millis now);

// Marks a job dead without a run (its last attempt's worker never finished).
// REQUIRES: the job was returned by SelectDue in this transaction.
Status Bury(db::Connection& c, const std::string& id, const std::string& error, Millis now);

Result<Counts> Count(db::Connection& c, Millis now);
Result<std::vector<DeadJob>> Dead(db::Connection& c, int limit);
// Number of rows changed (0 or 1).
Result<std::int64_t> Revive(db::Connection& c, const std::string& id, Millis now);

// Deletes done jobs finished before `done_before` and dead ones before `dead_before`.
// Returns how many.
Result<std::int64_t> Purge(db::Connection& c, Millis done_before, Millis dead_before);

}  // namespace rk::jobs::repo
