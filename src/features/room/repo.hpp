#pragma once
// Room storage: therapists' policies on secrets, partners' acknowledgements, messages
// (sealed), attachments (sealed) and read markers.

#include <optional>
#include <string>
#include <vector>

#include "platform/base/time.hpp"
#include "platform/crypto/sealer.hpp"
#include "platform/db/db.hpp"

namespace rk::room::repo {

struct Policy {
  std::int64_t version = 0;
  std::string text;
  Millis updated_at = 0;
};
Result<std::optional<Policy>> FindPolicy(db::Connection& c, const std::string& therapist_id);
// Writes a new version of the therapist's policy; returns it.
Result<Policy> SavePolicy(db::Connection& c, const std::string& therapist_id, const std::string& text, Millis now);

Result<std::optional<std::int64_t>> Acknowledged(db::Connection& c, const std::string& relationship_id,
                                                 const std::string& user_id);
Status Acknowledge(db::Connection& c, const std::string& relationship_id, const std::string& user_id,
                   std::int64_t version, Millis now);

struct Message {
  std::string id, thread, author_id, text;
  std::optional<std::string> attachment_type;
  std::int64_t attachment_size = 0;
  Millis created_at = 0;
};
// `private_to`: the partner whose private thread it is (nullopt for the joint thread).
// `attachment`: the bytes of the message's attachment, if any.
Status InsertMessage(db::Connection& c, const crypto::Sealer& s, const std::string& relationship_id,
                     const std::optional<std::string>& private_to, const Message& m,
                     const std::optional<std::string>& attachment);
// Newest first, ids below `before` (all when empty).
Result<std::vector<Message>> Messages(db::Connection& c, const crypto::Sealer& s, const std::string& relationship_id,
                                      const std::string& thread, const std::string& before, int limit);
Result<std::optional<Message>> FindMessage(db::Connection& c, const crypto::Sealer& s,
                                           const std::string& relationship_id, const std::string& id);
Result<std::optional<std::string>> Attachment(db::Connection& c, const crypto::Sealer& s, const std::string& message_id);
// The partners' private threads that have messages (for a room whose couple has parted).
Result<std::vector<std::string>> PrivateThreads(db::Connection& c, const std::string& relationship_id);

// Moves `user_id`'s read marker in the thread forward to `up_to` (never back); whether
// it moved.
Result<bool> MarkRead(db::Connection& c, const std::string& relationship_id, const std::string& thread,
                const std::string& user_id, const std::string& up_to);
// Every read marker of the thread, by person.
Result<std::vector<std::pair<std::string, std::string>>> Reads(db::Connection& c, const std::string& relationship_id,
                                                              const std::string& thread);
// How many messages of the thread others wrote after `user_id`'s read marker.
Result<std::int64_t> Unread(db::Connection& c, const std::string& relationship_id, const std::string& thread,
                            const std::string& user_id);

Result<std::int64_t> Reseal(db::Connection& c, const crypto::Sealer& s);

}  // namespace rk::room::repo
