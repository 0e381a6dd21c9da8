#pragma once
// The triangle check over HTTP: instruments, assessments, drafts and the couple view.

#include "features/triangle/catalog.hpp"
#include "platform/base/time.hpp"
#include "platform/crypto/sealer.hpp"
#include "platform/http/http.hpp"

namespace rk::triangle {

struct Context {
  const Catalog& catalog;
  const crypto::Sealer& sealer;
};

void RegisterRoutes(http::Router& router, Context& ctx);

}  // namespace rk::triangle
