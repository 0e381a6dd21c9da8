#pragma once
// The triangle check over HTTP: instruments, assessments, drafts and the couple view.

#include <map>
#include <string>
#include <utility>

#include "features/triangle/catalog.hpp"
#include "platform/base/time.hpp"
#include "platform/crypto/sealer.hpp"
#include "platform/db/db.hpp"
#include "platform/http/http.hpp"
#include "platform/http/static_files.hpp"

namespace rk::triangle {

struct Context {
  const Catalog& catalog;
  const crypto::Sealer& sealer;
  // The instruments as served, by language: the list under "" and each instrument under
  // its id. They never change while the server runs, so RegisterRoutes builds and
  // compresses them once.
  std::map<std::pair<std::string, std::string>, http::FixedBody, std::less<>> served = {};
};

void RegisterRoutes(http::Router& router, Context& ctx);

// Re-seals every sealed value of this feature not under the sealer's active key, and
// returns how many (for `rekindle admin rotate-key`). Safe while servers run.
Result<std::int64_t> Reseal(db::Connection& c, const crypto::Sealer& s);

}  // namespace rk::triangle
