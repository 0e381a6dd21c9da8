#pragma once
// Connect over HTTP: the daily question, the desire map and guided conversations.

#include "features/connect/connect.hpp"
#include "platform/base/time.hpp"
#include "platform/crypto/sealer.hpp"
#include "platform/http/http.hpp"
#include "platform/http/live.hpp"

namespace rk::connect {

// Loads questions.json, desires.json and conversations.json from `dir`.
Result<Content> LoadContent(const std::string& dir);

struct Context {
  const Content& content;
  const crypto::Sealer& sealer;
  http::Live* live = nullptr;  // live events to the partners' open connections
};

void RegisterRoutes(http::Router& router, Context& ctx);

}  // namespace rk::connect
