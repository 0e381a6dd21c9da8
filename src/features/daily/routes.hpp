#pragma once
// The daily question over HTTP: today's question, answering, history.

#include "features/daily/daily.hpp"
#include "platform/crypto/sealer.hpp"
#include "platform/db/db.hpp"
#include "platform/http/http.hpp"
#include "platform/http/live.hpp"

namespace rk::daily {

struct Context {
  const Content& content;
  const crypto::Sealer& sealer;
  http::Live* live = nullptr;  // "daily.changed" hints to the partner
};

void RegisterRoutes(http::Router& router, Context& ctx);

// Re-seals every sealed value of this feature not under the sealer's active key, and
// returns how many (for `rekindle admin rotate-key`). Safe while servers run.
Result<std::int64_t> Reseal(db::Connection& c, const crypto::Sealer& s);

}  // namespace rk::daily
