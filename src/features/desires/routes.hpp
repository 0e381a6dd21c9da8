#pragma once
// The desire map over HTTP: the items, one's own answers, and the matches.

#include "features/desires/desires.hpp"
#include "platform/crypto/sealer.hpp"
#include "platform/http/http.hpp"

namespace rk::desires {

struct Context {
  const Content& content;
  const crypto::Sealer& sealer;
};

void RegisterRoutes(http::Router& router, Context& ctx);

}  // namespace rk::desires
