#pragma once
// Couples over HTTP: invite, join, see the couple, leave.

#include "platform/base/time.hpp"
#include "platform/db/db.hpp"
#include "platform/http/http.hpp"
#include "platform/http/live.hpp"
#include "platform/http/ratelimit.hpp"

namespace rk::couples {

struct Context {
  // Wrong codes per person, so codes cannot be guessed.
  http::RateLimiter join_failures{10, 15 * kMinute};
  // Joining or leaving closes both partners' live connections, which reconnect and so
  // learn who they now relay to (live::Live::CoupleChanged).
  http::Live* live = nullptr;
};

void RegisterRoutes(http::Router& router, Context& ctx);

// Deletes invites that expired or were used more than kInviteRetention before `now` and
// returns how many: a periodic job.
Result<std::int64_t> PurgeExpiredInvites(db::Connection& c, Millis now);

}  // namespace rk::couples
