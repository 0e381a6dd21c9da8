#pragma once
// The server's background jobs: which kinds it runs (the purges of expired sessions,
// links and invites, password-reset requests, e-mail) and how the queue reports to
// /metrics. Serve builds one jobs::Queue from these and starts it once the server
// listens.

#include "features/accounts/routes.hpp"
#include "platform/config/config.hpp"
#include "platform/http/http.hpp"
#include "platform/http/metrics.hpp"
#include "platform/jobs/jobs.hpp"
#include "platform/mail/mail.hpp"

namespace rk::app {

// Queue options from the configuration; the counts and totals go to `metrics`
// (rekindle_jobs{state}, rekindle_job_runs_total{kind,outcome},
// rekindle_jobs_dead_total{kind}). `metrics` must outlive the queue.
jobs::Options JobOptions(const config::Config& cfg, http::Metrics& metrics);

// Registers every kind this server runs on `queue`: the purges, accounts' jobs (a reset
// request) and the mail sender. `accounts` and `mailer` must outlive the queue.
void RegisterJobs(jobs::Queue& queue, const config::Config& cfg, accounts::Context& accounts, mail::Mailer& mailer);

// The operator's view of the queue (policy: operator):
//   GET  /api/v1/operator/jobs              counts, and the newest dead jobs (never payloads)
//   POST /api/v1/operator/jobs/{id}/retry   a dead job runs again, attempts starting over
void AddOperatorJobRoutes(http::Router& router);

}  // namespace rk::app
