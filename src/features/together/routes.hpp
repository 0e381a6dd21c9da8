#pragma once
// Together time over HTTP: plans (proposed, answered, skipped or moved occurrences), the
// evening's timer, reflections, the streak, e-mail reminders and the calendar feed.

#include "platform/crypto/sealer.hpp"
#include "platform/db/db.hpp"
#include "platform/http/http.hpp"
#include "platform/http/live.hpp"
#include "platform/jobs/jobs.hpp"
#include "platform/mail/mail.hpp"

namespace rk::together {

struct Context {
  const crypto::Sealer& sealer;
  const mail::Mailer* mailer = nullptr;  // reminders, and the base of the feed's address
  http::Live* live = nullptr;            // "together.changed" to both partners
};

void RegisterRoutes(http::Router& router, Context& ctx);

// The periodic job that e-mails reminders ("together.reminders"), every minute.
void RegisterJobs(jobs::Queue& queue, Context& ctx);
inline constexpr std::string_view kReminderJob = "together.reminders";

// Re-seals every sealed value of this feature not under the active key; returns how many.
Result<std::int64_t> Reseal(db::Connection& c, const crypto::Sealer& s);

}  // namespace rk::together
