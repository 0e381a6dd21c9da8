#pragma once
// Guided conversation storage: conversations of a couple and their notes (sealed at
// rest). The database allows one active conversation per couple.

#include <optional>
#include <string>
#include <vector>

#include "platform/base/time.hpp"
#include "platform/crypto/sealer.hpp"
#include "platform/db/db.hpp"

namespace rk::conversations::repo {

struct Conversation {
  std::string id, couple_id, guide_id, started_by, status;
  int step = 0;
  Millis started_at = 0;
  std::optional<Millis> finished_at;
};
struct Note {
  std::string id, author_id, text;
  bool shared = false;
  Millis created_at = 0;
};
// kConflict when the couple has an active conversation already.
Status InsertConversation(db::Connection& c, const Conversation& conv);
Result<std::optional<Conversation>> FindConversation(db::Connection& c, const std::string& couple_id, const std::string& id);
Result<std::optional<Conversation>> ActiveConversation(db::Connection& c, const std::string& couple_id);
Result<std::vector<Conversation>> Conversations(db::Connection& c, const std::string& couple_id, int limit);
// Moves from `from` to `to`; 0 rows changed when the step was not `from` (someone else moved it).
Result<std::int64_t> MoveStep(db::Connection& c, const std::string& id, int from, int to);
Status Finish(db::Connection& c, const std::string& id, Millis now);
Status InsertNote(db::Connection& c, const crypto::Sealer& s, const std::string& conversation_id, const Note& note);
// The shared notes, and `user_id`'s private ones.
Result<std::vector<Note>> NotesFor(db::Connection& c, const crypto::Sealer& s, const std::string& conversation_id,
                                   const std::string& user_id);

// Forgets who started conversations (account erasure): started_by becomes "erased".
Status ForgetStarter(db::Connection& c, const std::string& user_id);

// Re-seals every note not under the active key; returns the count.
Result<std::int64_t> Reseal(db::Connection& c, const crypto::Sealer& s);

}  // namespace rk::conversations::repo
