#pragma once
// The triangle check over HTTP: instruments, assessments, drafts and the couple view.

#include "features/triangle/catalog.hpp"
#include "platform/base/time.hpp"
#include "platform/crypto/sealer.hpp"
#include "platform/db/db.hpp"
#include "platform/http/http.hpp"

namespace rk::triangle {

struct Context {
  const Catalog& catalog;
  const crypto::Sealer& sealer;
};

void RegisterRoutes(http::Router& router, Context& ctx);

// Re-seals every sealed value of this feature not under the sealer's active key, and
// returns how many (for `rekindle admin rotate-key`). Safe while servers run.
Result<std::int64_t> Reseal(db::Connection& c, const crypto::Sealer& s);

}  // namespace rk::triangle
