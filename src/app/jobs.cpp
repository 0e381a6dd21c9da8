#include "app/jobs.hpp"

#include <algorithm>
#include <string>

#include "features/accounts/routes.hpp"
#include "features/couples/routes.hpp"
#include "platform/http/json.hpp"
#include "platform/log/log.hpp"

namespace rk::app {
namespace {

// A handler that runs `purge` at the run's time and logs how many rows it deleted.
jobs::Handler Purge(std::string_view event, Result<std::int64_t> (*purge)(db::Connection&, Millis)) {
  return [event, purge](db::Connection& c, const jobs::Job& job) -> Status {
    RK_ASSIGN_OR_RETURN(std::int64_t n, purge(c, job.started_at));
    if (n > 0) log::Info(event, {{"deleted", n}});
    return {};
  };
}

}  // namespace

jobs::Options JobOptions(const config::Config& cfg, http::Metrics& metrics) {
  jobs::Options o;
  o.poll = cfg.jobs_poll;
  o.lease = cfg.jobs_lease;
  o.stats_interval = std::min<Millis>(10 * kSecond, 5 * cfg.jobs_poll);
  o.on_stats = [&metrics](const jobs::Stats& s) {
    const std::pair<const char*, std::int64_t> states[] = {
        {"pending", s.counts.pending}, {"due", s.counts.due}, {"running", s.counts.running}, {"dead", s.counts.dead}};
    for (const auto& [state, n] : states) metrics.SetGauge("rekindle_jobs", {{"state", state}}, n);
    for (const auto& [kind, t] : s.totals) {
      const std::pair<const char*, std::uint64_t> outcomes[] = {
          {"succeeded", t.succeeded}, {"failed", t.failed}, {"lost", t.lost}};
      for (const auto& [outcome, n] : outcomes)
        metrics.SetCounter("rekindle_job_runs_total", {{"kind", kind}, {"outcome", outcome}}, n);
      metrics.SetCounter("rekindle_jobs_dead_total", {{"kind", kind}}, t.dead);
    }
  };
  return o;
}

void RegisterJobs(jobs::Queue& queue, const config::Config& cfg, accounts::Context& accounts, mail::Mailer& mailer) {
  queue.RegisterPeriodic("accounts.purge-sessions", cfg.jobs_purge_interval,
                         Purge("sessions_purged", accounts::PurgeExpiredSessions));
  queue.RegisterPeriodic("accounts.purge-links", cfg.jobs_purge_interval,
                         Purge("links_purged", accounts::PurgeExpiredLinks));
  accounts::RegisterJobs(queue, accounts);
  mailer.Register(queue);
  queue.RegisterPeriodic("couples.purge-invites", cfg.jobs_purge_interval,
                         Purge("invites_purged", couples::PurgeExpiredInvites));
}

void AddOperatorJobRoutes(http::Router& router) {
  namespace json = boost::json;
  using http::Policy;
  using http::Work;
  router.Add(http::Method::kGet, "/api/v1/operator/jobs", Policy::Operator(), Work::kRead,
             [](http::Request& req) -> Result<http::Response> {
               RK_ASSIGN_OR_RETURN(const int limit, http::IntQuery(req, "limit", 50, 1, 500));
               RK_ASSIGN_OR_RETURN(jobs::Counts counts, jobs::CountJobs(req.db(), req.now));
               RK_ASSIGN_OR_RETURN(auto dead, jobs::DeadJobs(req.db(), limit));
               json::array out;
               for (const jobs::DeadJob& d : dead)
                 out.push_back(json::object{{"id", d.id},
                                            {"kind", d.kind},
                                            {"attempts", d.attempts},
                                            {"last_error", d.last_error},
                                            {"created_at", FormatRfc3339(d.created_at)},
                                            {"died_at", FormatRfc3339(d.died_at)}});
               return http::Json(200, json::object{{"counts", json::object{{"pending", counts.pending},
                                                                           {"due", counts.due},
                                                                           {"running", counts.running},
                                                                           {"dead", counts.dead}}},
                                                   {"dead", std::move(out)}});
             });
  router.Add(http::Method::kPost, "/api/v1/operator/jobs/{id}/retry", Policy::Operator(), Work::kWrite,
             [](http::Request& req) -> Result<http::Response> {
               const std::string id(req.Param("id"));
               RK_TRY(jobs::RetryDead(req.db(), id, req.now));
               req.AfterCommit([id, by = req.user_id()] { log::Info("job_retried", {{"job_id", id}, {"by", by}}); });
               return http::Response::NoContent();
             });
}

}  // namespace rk::app
