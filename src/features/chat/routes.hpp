#pragma once
// The couple's private chat over HTTP: messages, history, read receipts; live delivery
// to both partners' connections.

#include "platform/crypto/sealer.hpp"
#include "platform/db/db.hpp"
#include "platform/http/http.hpp"
#include "platform/http/live.hpp"

namespace rk::chat {

struct Context {
  const crypto::Sealer& sealer;
  http::Live* live = nullptr;
};

void RegisterRoutes(http::Router& router, Context& ctx);

// Re-seals every sealed value of this feature not under the sealer's active key, and
// returns how many (for `rekindle admin rotate-key`). Safe while servers run.
Result<std::int64_t> Reseal(db::Connection& c, const crypto::Sealer& s);

// Account erasure: deletes everything `user_id` wrote in chats. Runs inside the erasure's
// transaction.
Status EraseAuthor(db::Connection& c, const std::string& user_id, Millis now);

}  // namespace rk::chat
