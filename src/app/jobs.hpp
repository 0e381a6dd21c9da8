#pragma once
// The server's background jobs: which kinds it runs (the purges of expired sessions and
// invites) and how the queue reports to /metrics. Serve builds one jobs::Queue from
// these and starts it once the server listens.

#include "platform/config/config.hpp"
#include "platform/http/http.hpp"
#include "platform/http/metrics.hpp"
#include "platform/jobs/jobs.hpp"

namespace rk::app {

// Queue options from the configuration; the counts and totals go to `metrics`
// (rekindle_jobs{state}, rekindle_job_runs_total{kind,outcome},
// rekindle_jobs_dead_total{kind}). `metrics` must outlive the queue.
jobs::Options JobOptions(const config::Config& cfg, http::Metrics& metrics);

// Registers every kind this server runs on `queue`.
void RegisterJobs(jobs::Queue& queue, const config::Config& cfg);

// The operator's view of the queue (policy: operator):
//   GET  /api/v1/operator/jobs              counts, and the newest dead jobs (never payloads)
//   POST /api/v1/operator/jobs/{id}/retry   a dead job runs again, attempts starting over
void AddOperatorJobRoutes(http::Router& router);

}  // namespace rk::app
