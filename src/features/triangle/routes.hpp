#pragma once
// The triangle check over HTTP: instruments, assessments, drafts and the couple view.

#include "features/triangle/catalog.hpp"
#include "platform/base/time.hpp"
#include "platform/crypto/sealer.hpp"
#include "platform/db/db.hpp"
#include "platform/http/http.hpp"

namespace rk::triangle {

struct Context {
  db::Database& db;
  const Catalog& catalog;
  const crypto::Sealer& sealer;
  std::function<Millis()> now;  // replaced by the request clock in the next step
};

void RegisterRoutes(http::Router& router, Context& ctx);

}  // namespace rk::triangle
