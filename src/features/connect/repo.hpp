#pragma once
// Connect storage. Every function is scoped to a couple (and, for private data, to the
// person): callers pass the couple from couples::RequireCouple.

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "features/connect/connect.hpp"
#include "platform/base/time.hpp"
#include "platform/crypto/sealer.hpp"
#include "platform/db/db.hpp"

namespace rk::connect::repo {

// --- daily question ---
Result<std::optional<std::string>> DailyQuestion(db::Connection& c, const std::string& couple_id, std::int64_t day);
// Questions of days [from, to).
Result<std::set<std::string>> QuestionsBetween(db::Connection& c, const std::string& couple_id, std::int64_t from,
                                               std::int64_t to);
// Keeps an existing choice (another request may have chosen first).
Status ChooseDailyQuestion(db::Connection& c, const std::string& couple_id, std::int64_t day, const std::string& question);
// Locks the couple's day (its question row) until the transaction ends, so that answers
// to one day are read and written one request at a time (the reveal and its lock rely on
// it). REQUIRES: the day's question is chosen; a write transaction.
Status LockDay(db::Connection& c, const std::string& couple_id, std::int64_t day);
struct DailyAnswer {
  std::string user_id;
  std::string text;
  Millis answered_at = 0;
};
Result<std::vector<DailyAnswer>> DailyAnswers(db::Connection& c, const crypto::Sealer& s, const std::string& couple_id,
                                              std::int64_t day);
Status PutDailyAnswer(db::Connection& c, const crypto::Sealer& s, const std::string& couple_id, std::int64_t day,
                      const std::string& user_id, const std::string& text, Millis now);
// Assigned days before `before`, newest first.
Result<std::vector<std::pair<std::int64_t, std::string>>> DailyHistory(db::Connection& c, const std::string& couple_id,
                                                                       std::int64_t before, int limit);

// --- desire map ---
Result<std::map<std::string, Desire>> Desires(db::Connection& c, const crypto::Sealer& s, const std::string& couple_id,
                                              const std::string& user_id);
Status PutDesire(db::Connection& c, const crypto::Sealer& s, const std::string& couple_id, const std::string& user_id,
                 const std::string& item, Desire answer);
Status DeleteDesire(db::Connection& c, const std::string& couple_id, const std::string& user_id, const std::string& item);

// --- conversations ---
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

// --- chat ---
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

// Re-seals every sealed value of this feature that is not under the active key.
// Returns how many were re-sealed. Safe while servers run. A value that cannot be
// opened (damaged) is logged and left as it is.
Result<std::int64_t> Reseal(db::Connection& c, const crypto::Sealer& s);

}  // namespace rk::connect::repo
