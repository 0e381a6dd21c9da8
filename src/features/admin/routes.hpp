#pragma once
// The operators' console over HTTP (policy: operator, with a second factor):
//   GET  /api/v1/operator/therapists?status=&after=&limit=   profiles by status, oldest submission first
//   GET  /api/v1/operator/therapists/{id}                    one profile in full, the account's e-mail, its verifications
//   POST /api/v1/operator/therapists/{id}/verifications      how the licence was checked
//   POST /api/v1/operator/therapists/{id}/approve|refuse|suspend|reinstate
//   POST /api/v1/operator/accounts/second-factor-reset       a lost second factor, removed
//   GET  /api/v1/operator/audit?before=&object_type=&object_id=&limit=   the audit log, newest first
//   GET  /api/v1/operator/audit/verify                       whether the audit chain is intact
// Every change is one transaction with its audit entry (platform/audit), whose detail is
// what the operator typed (a reason, a reference), never anything a person wrote.
// And a periodic job that e-mails therapists before and after their verification ends.

#include <functional>
#include <string_view>

#include "platform/http/http.hpp"
#include "platform/http/live.hpp"
#include "platform/jobs/jobs.hpp"
#include "platform/mail/mail.hpp"

namespace rk::admin {

struct Context {
  // E-mail to therapists about decisions and to a person whose factor was reset (required).
  const mail::Mailer* mailer = nullptr;
  // A reset ends the person's live connections (may be null).
  http::Live* live = nullptr;
  // Called after a commit that enqueued mail, so that it leaves at once (may be empty).
  std::function<void()> wake_jobs{};
};

void RegisterRoutes(http::Router& router, Context& ctx);

// The job kind that e-mails therapists whose verification ends within kNoticeDays or has
// just ended (each notice once per last day, recorded in the audit log). Hourly.
inline constexpr std::string_view kExpiryJobKind = "admin.licence-expiry";
// Registers it on `queue`. `ctx` must outlive the queue.
void RegisterJobs(jobs::Queue& queue, Context& ctx);

}  // namespace rk::admin
