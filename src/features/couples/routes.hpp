#pragma once
// Couples over HTTP: invite, join, see the couple, leave.

#include "platform/base/time.hpp"
#include "platform/db/db.hpp"
#include "platform/http/http.hpp"
#include "platform/http/live.hpp"
#include "platform/http/ratelimit.hpp"

namespace rk::couples {

struct Context {
  db::Database& db;
  std::function<Millis()> now;  // replaced by the request clock in the next step
  // Wrong codes per person, so codes cannot be guessed.
  http::RateLimiter join_failures{10, 15 * kMinute};
  // Joining or leaving closes both partners' live connections, which reconnect and so
  // learn who they now relay to (live::Live::CoupleChanged).
  http::Live* live = nullptr;
};

void RegisterRoutes(http::Router& router, Context& ctx);

// Ends the couple `user_id` is in, if any (for account erasure). Runs on `c`.
Status LeaveIfMember(db::Connection& c, const std::string& user_id, Millis now);

}  // namespace rk::couples
