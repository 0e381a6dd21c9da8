#pragma once
// Video calls over HTTP and the live connection: a booked session's call for its
// participants only (the therapist, and both partners for a session together or the one
// partner for a session alone), only while it is open (booking::CallWindowAt); a
// waiting room the therapist lets partners in from; signalling relayed between
// participants who are in the call, to the recipient's live connections only. The
// server carries signalling, never media (docs/care.md "Video calls").

#include "features/video/video.hpp"
#include "platform/http/http.hpp"
#include "platform/http/live.hpp"
#include "platform/http/ratelimit.hpp"

namespace rk::video {

struct Context {
  IceOptions ice;
  http::Live* live = nullptr;
  // Signals per person per second, on this server.
  http::RateLimiter signals{kSignalsPerSecond, kSecond};
};

void RegisterRoutes(http::Router& router, Context& ctx);

}  // namespace rk::video
