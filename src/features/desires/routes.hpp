#pragma once
// The desire map over HTTP: the items, one's own answers, and the matches.

#include "features/desires/desires.hpp"
#include "platform/crypto/sealer.hpp"
#include "platform/db/db.hpp"
#include "platform/http/http.hpp"

namespace rk::desires {

struct Context {
  const Content& content;
  const crypto::Sealer& sealer;
};

void RegisterRoutes(http::Router& router, Context& ctx);

// Re-seals every sealed value of this feature not under the sealer's active key, and
// returns how many (for `rekindle admin rotate-key`). Safe while servers run.
Result<std::int64_t> Reseal(db::Connection& c, const crypto::Sealer& s);

}  // namespace rk::desires
