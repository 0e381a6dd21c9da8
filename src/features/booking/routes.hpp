#pragma once
// Booking over HTTP: the slots a couple's therapist offers, in each person's own time
// zone; booking a session together (either partner, once the therapist has opened them)
// or one alone (for the person booking); cancelling and moving within the therapist's
// windows; and the therapist's schedule. Reminders by e-mail through the job queue.
//
// An individual session is its person's alone: the partner never sees it, its reminder
// or its place in the calendar feed.

#include "platform/db/db.hpp"
#include "platform/http/http.hpp"
#include "platform/jobs/jobs.hpp"
#include "platform/mail/mail.hpp"

namespace rk::booking {

struct Context {
  mail::Mailer* mailer = nullptr;  // reminders; none when null
};

void RegisterRoutes(http::Router& router, Context& ctx);
// The reminder job (a day before each session, or at once when booked later than that).
void RegisterJobs(jobs::Queue& queue, Context& ctx);

}  // namespace rk::booking
