#pragma once
// The couple's private chat over HTTP: messages, history, read receipts; live delivery
// to both partners' connections.

#include "platform/crypto/sealer.hpp"
#include "platform/http/http.hpp"
#include "platform/http/live.hpp"

namespace rk::chat {

struct Context {
  const crypto::Sealer& sealer;
  http::Live* live = nullptr;
};

void RegisterRoutes(http::Router& router, Context& ctx);

}  // namespace rk::chat
