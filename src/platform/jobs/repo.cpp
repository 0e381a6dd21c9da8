#include "platform/jobs/repo.hpp"

#include "platform/crypto/crypto.hpp"

namespace rk::jobs::repo {
namespace {

// "kind IN (?, ?, ...)" for `n` kinds; the kinds themselves are bound parameters.
std::string KindIn(std::size_t n) {
  std::string s = "kind IN (";
  for (std::size_t i = 0; i < n; ++i) s += i ? ", ?" : "?";
  return s + ")";
}

// Pending, due and not leased at `now`. Parameters: now, now, then the kinds.
constexpr std::string_view kDueWhere =
    "state = 'pending' AND due_at <= ? AND (lease_until IS NULL OR lease_until <= ?) AND ";

std::vector<db::Value> DueParams(const std::vector<std::string>& kinds, Millis now) {
  std::vector<db::Value> params = {now, now};
  params.insert(params.end(), kinds.begin(), kinds.end());
  return params;
}

}  // namespace

Result<std::string> Insert(db::Connection& c, const NewJob& job, Millis now) {
  const std::string id = crypto::NewId(now);
  const db::Value key = job.idempotency_key ? db::Value(*job.idempotency_key) : db::Value(nullptr);
  RK_ASSIGN_OR_RETURN(std::int64_t added,
                      c.Exec("INSERT INTO jobs (id, kind, payload, state, due_at, attempts, max_attempts, "
                             "idempotency_key, created_at, updated_at) VALUES (?, ?, ?, 'pending', ?, 0, ?, ?, ?, ?) "
                             "ON CONFLICT (kind, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING",
                             {id, job.kind, job.payload, job.due_at.value_or(now), std::int64_t{job.max_attempts}, key,
                              now, now}));
  if (added == 1) return id;
  RK_ASSIGN_OR_RETURN(auto row, c.QueryOne("SELECT id FROM jobs WHERE kind = ? AND idempotency_key = ?",
                                           {job.kind, key}));
  if (!row) return Error::Internal("Something went wrong on our side.");
  return row->Text(0);
}

Result<bool> AnyDue(db::Connection& c, const std::vector<std::string>& kinds, Millis now) {
  if (kinds.empty()) return false;
  const std::string sql = "SELECT 1 FROM jobs WHERE " + std::string(kDueWhere) + KindIn(kinds.size()) + " LIMIT 1";
  const auto params = DueParams(kinds, now);
  RK_ASSIGN_OR_RETURN(db::Rows rows, c.Query(sql, params));
  return !rows.empty();
}

Result<std::vector<Job>> SelectDue(db::Connection& c, const std::vector<std::string>& kinds, Millis now, int limit) {
  if (kinds.empty()) return std::vector<Job>();
  // SQLite has no row locks (and no FOR UPDATE): its write transaction already holds the
  // database's one write lock.
  const std::string sql =
      "SELECT id, kind, payload, idempotency_key, attempts, max_attempts, due_at, created_at FROM jobs WHERE " +
      std::string(kDueWhere) + KindIn(kinds.size()) + " ORDER BY due_at LIMIT ?" +
      (c.dialect() == db::Dialect::kPostgres ? " FOR UPDATE SKIP LOCKED" : "");
  auto params = DueParams(kinds, now);
  params.emplace_back(std::int64_t{limit});
  RK_ASSIGN_OR_RETURN(db::Rows rows, c.Query(sql, params));
  std::vector<Job> jobs;
  for (const db::Row& r : rows) {
    Job& job = jobs.emplace_back();
    job.id = r.Text(0);
    job.kind = r.Text(1);
    job.payload = r.Text(2);
    job.idempotency_key = r.OptText(3);
    job.attempt = static_cast<int>(r.Int(4)) + 1;
    job.max_attempts = static_cast<int>(r.Int(5));
    job.due_at = r.Int(6);
    job.created_at = r.Int(7);
    job.started_at = now;
  }
  return jobs;
}

Status Lease(db::Connection& c, const std::string& id, const std::string& token, Millis until, Millis now) {
  RK_TRY(c.Exec("UPDATE jobs SET lease_token = ?, lease_until = ?, attempts = attempts + 1, updated_at = ? "
                "WHERE id = ?",
                {token, until, now, id}));
  return {};
}

Status Release(db::Connection& c, const std::string& id, const std::string& token) {
  RK_TRY(c.Exec("UPDATE jobs SET lease_token = NULL, lease_until = NULL, attempts = attempts - 1 "
                "WHERE id = ? AND lease_token = ?",
                {id, token}));
  return {};
}

Result<bool> Complete(db::Connection& c, const std::string& id, const std::string& token, Millis now) {
  RK_ASSIGN_OR_RETURN(std::int64_t n, c.Exec("UPDATE jobs SET state = 'done', payload = '{}', lease_token = NULL, "
                                             "lease_until = NULL, updated_at = ? WHERE id = ? AND lease_token = ?",
                                             {now, id, token}));
  return n == 1;
}

Result<bool> Fail(db::Connection& c, const std::string& id, const std::string& token, std::optional<Millis> retry_at,
                  const std::string& error, Millis now) {
  RK_ASSIGN_OR_RETURN(std::int64_t n,
                      c.Exec("UPDATE jobs SET state = ?, due_at = ?, last_error = ?, lease_token = NULL, "
                             "lease_until = NULL, updated_at = ? WHERE id = ? AND lease_token = ?",
                             {std::string(retry_at ? "pending" : "dead"), retry_at.value_or(now), error, now, id,
                              token}));
  return n == 1;
}

Status Bury(db::Connection& c, const std::string& id, const std::string& error, Millis now) {
  RK_TRY(c.Exec("UPDATE jobs SET state = 'dead', last_error = ?, lease_token = NULL, lease_until = NULL, "
                "updated_at = ? WHERE id = ?",
                {error, now, id}));
  return {};
}

Result<std::vector<DeadJob>> Dead(db::Connection& c, int limit) {
  RK_ASSIGN_OR_RETURN(auto rows, c.Query("SELECT id, kind, attempts, last_error, created_at, updated_at FROM jobs "
                                         "WHERE state = 'dead' ORDER BY updated_at DESC, id DESC LIMIT ?",
                                         {std::int64_t{limit}}));
  std::vector<DeadJob> out;
  for (const auto& r : rows)
    out.push_back({r.Text(0), r.Text(1), static_cast<int>(r.Int(2)), r.Text(3), r.Int(4), r.Int(5)});
  return out;
}

Result<std::int64_t> Revive(db::Connection& c, const std::string& id, Millis now) {
  return c.Exec("UPDATE jobs SET state = 'pending', due_at = ?, attempts = 0, lease_token = NULL, lease_until = NULL, "
                "updated_at = ? WHERE id = ? AND state = 'dead'",
                {now, now, id});
}

Result<Counts> Count(db::Connection& c, Millis now) {
  RK_ASSIGN_OR_RETURN(
      auto row,
      c.QueryOne("SELECT "
                 "COALESCE(SUM(CASE WHEN state = 'pending' THEN 1 ELSE 0 END), 0), "
                 "COALESCE(SUM(CASE WHEN state = 'pending' AND due_at <= ? AND (lease_until IS NULL OR "
                 "lease_until <= ?) THEN 1 ELSE 0 END), 0), "
                 "COALESCE(SUM(CASE WHEN state = 'pending' AND lease_until > ? THEN 1 ELSE 0 END), 0), "
                 "COALESCE(SUM(CASE WHEN state = 'dead' THEN 1 ELSE 0 END), 0) "
                 "FROM jobs WHERE state IN ('pending', 'dead')",
                 {now, now, now}));
  Counts counts;
  if (row) counts = {row->Int(0), row->Int(1), row->Int(2), row->Int(3)};
  return counts;
}

Result<std::int64_t> Purge(db::Connection& c, Millis done_before, Millis dead_before) {
  RK_ASSIGN_OR_RETURN(std::int64_t done,
                      c.Exec("DELETE FROM jobs WHERE state = 'done' AND updated_at < ?", {done_before}));
  RK_ASSIGN_OR_RETURN(std::int64_t dead,
                      c.Exec("DELETE FROM jobs WHERE state = 'dead' AND updated_at < ?", {dead_before}));
  return done + dead;
}

}  // namespace rk::jobs::repo
