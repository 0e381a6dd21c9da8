#pragma once
// Chat storage: a couple's messages (sealed at rest) and each person's read marker.

#include <optional>
#include <string>
#include <vector>

#include "platform/base/time.hpp"
#include "platform/crypto/sealer.hpp"
#include "platform/db/db.hpp"

namespace rk::chat::repo {

struct Message {
  std::string id, author_id, text;
  Millis created_at = 0;
};
Status InsertMessage(db::Connection& c, const crypto::Sealer& s, const std::string& couple_id, const Message& m);
// Newest first, ids below `before` (all when empty).
Result<std::vector<Message>> Messages(db::Connection& c, const crypto::Sealer& s, const std::string& couple_id,
                                      const std::string& before, int limit);
Result<bool> MessageExists(db::Connection& c, const std::string& couple_id, const std::string& id);
// Moves `user_id`'s read marker forward to `up_to` (never back).
Status MarkRead(db::Connection& c, const std::string& couple_id, const std::string& user_id, const std::string& up_to);
Result<std::optional<std::string>> ReadUpTo(db::Connection& c, const std::string& couple_id, const std::string& user_id);

// Deletes every message `user_id` wrote, in any couple (account erasure).
Status DeleteByAuthor(db::Connection& c, const std::string& user_id);

// Re-seals every message not under the active key; returns the count.
Result<std::int64_t> Reseal(db::Connection& c, const crypto::Sealer& s);

}  // namespace rk::chat::repo
