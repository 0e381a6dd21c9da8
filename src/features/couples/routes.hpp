#pragma once
// Couples over HTTP: invite, join, see the couple, leave.

#include "platform/base/time.hpp"
#include "platform/http/http.hpp"
#include "platform/http/ratelimit.hpp"

namespace rk::couples {

struct Context {
  // Wrong codes per person, so codes cannot be guessed.
  http::RateLimiter join_failures{10, 15 * kMinute};
};

void RegisterRoutes(http::Router& router, Context& ctx);

}  // namespace rk::couples
