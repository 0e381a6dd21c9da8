#pragma once
// Self-care over HTTP: a person's private log of activities with mood and energy, and a
// private journal whose entries the author may share with the partner one at a time. A
// log entry is only ever seen by its author; a journal entry by its author, and by the
// partner only while it is shared with their current couple.

#include "platform/crypto/sealer.hpp"
#include "platform/db/db.hpp"
#include "platform/http/http.hpp"
#include "platform/http/ratelimit.hpp"

namespace rk::selfcare {

struct Context {
  const crypto::Sealer& sealer;
  // Journal searches per person: each opens up to a few megabytes of sealed text.
  http::RateLimiter searches{30, kMinute};
};

void RegisterRoutes(http::Router& router, Context& ctx);

// Re-seals every sealed value of this feature not under the sealer's active key, and
// returns how many (for `rekindle admin rotate-key`). Safe while servers run.
Result<std::int64_t> Reseal(db::Connection& c, const crypto::Sealer& s);

// Account erasure: deletes the person's log and journal entries. Runs inside the
// erasure's transaction.
Status EraseAuthor(db::Connection& c, const std::string& user_id, Millis now);

}  // namespace rk::selfcare
