#pragma once
// The daily question over HTTP: today's question, answering, history.

#include "features/daily/daily.hpp"
#include "platform/crypto/sealer.hpp"
#include "platform/http/http.hpp"
#include "platform/http/live.hpp"

namespace rk::daily {

struct Context {
  const Content& content;
  const crypto::Sealer& sealer;
  http::Live* live = nullptr;  // "daily.changed" hints to the partner
};

void RegisterRoutes(http::Router& router, Context& ctx);

}  // namespace rk::daily
