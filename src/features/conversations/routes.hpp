#pragma once
// Guided conversations over HTTP: the guides, starting one, following its steps, notes,
// finishing.

#include "features/conversations/conversations.hpp"
#include "platform/crypto/sealer.hpp"
#include "platform/db/db.hpp"
#include "platform/http/http.hpp"
#include "platform/http/live.hpp"

namespace rk::conversations {

struct Context {
  const Content& content;
  const crypto::Sealer& sealer;
  http::Live* live = nullptr;  // "conversation.changed" hints to the partner
};

void RegisterRoutes(http::Router& router, Context& ctx);

// Re-seals every sealed value of this feature not under the sealer's active key, and
// returns how many (for `rekindle admin rotate-key`). Safe while servers run.
Result<std::int64_t> Reseal(db::Connection& c, const crypto::Sealer& s);

// Account erasure: the person's notes go with the account (ON DELETE CASCADE); the
// conversations they started forget who did. Runs inside the erasure's transaction.
Status EraseStarter(db::Connection& c, const std::string& user_id, Millis now);

}  // namespace rk::conversations
