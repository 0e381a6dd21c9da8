#pragma once
// Daily question storage: the question chosen for each couple-day, and the answers
// (sealed at rest). Every function is scoped to a couple.

#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "platform/base/time.hpp"
#include "platform/crypto/sealer.hpp"
#include "platform/db/db.hpp"

namespace rk::daily::repo {

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

// Re-seals every daily answer not under the active key; returns the count.
Result<std::int64_t> Reseal(db::Connection& c, const crypto::Sealer& s);

}  // namespace rk::daily::repo
