#pragma once
// The daily question: its content and the pure rules — which question a couple gets on
// a day, which days may be answered, and what the answers reveal. No I/O.

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "platform/base/result.hpp"
#include "platform/content/reader.hpp"

namespace rk::daily {

using content::Texts;

struct Question {
  std::string id;
  std::string theme;
  int depth = 1;  // 1 light, 2 deeper, 3 deep
  bool sexual = false;
  Texts text;
};

struct Content {
  std::vector<Question> questions;  // sorted by id
  std::map<std::string, Texts> themes;

  const Question* FindQuestion(std::string_view id) const;
};

// Parses and validates questions.json; errors name the file and the field.
Status ParseQuestions(std::string_view json, std::string_view name, Content& out);
// Loads `dir`/questions.json.
Result<Content> LoadContent(const std::string& dir);

// The ids of the questions a couple may get: sexual ones only when both opted in.
std::vector<std::string> EligibleQuestions(const Content& content, bool both_opted_in);

// The question for day `day` (days since 1970 in the couple's time zone). The couple's
// own fixed shuffle of `eligible` (seeded by `couple_id`) is walked from position
// `day mod n`, skipping questions in `recent`. Deterministic for equal inputs; with
// `recent` holding the questions of the last n-1 days, no question repeats within n days.
// REQUIRES: `eligible` is not empty.
std::string PickQuestion(std::string_view couple_id, std::int64_t day, const std::vector<std::string>& eligible,
                         const std::set<std::string>& recent);

// Which days may be answered on `today` (both in the couple's time zone): today's and
// yesterday's. Otherwise kInvalidArgument with a field error on "date" ("future" or
// "closed").
Status CheckAnswerWindow(std::int64_t day, std::int64_t today);

// What one partner may see of a day's answers: the partner's text only once both have
// answered (then both are revealed and locked); before that, only whether they answered.
struct Answers {
  std::optional<std::string> mine, partner;
};
struct View {
  std::optional<std::string> mine;
  bool partner_answered = false;
  std::optional<std::string> partner;  // only when revealed
  bool revealed = false;               // both answered: locked
};
View ViewDaily(const Answers& answers);

// Whether an answer may be written (or changed) when `answered` people have answered the
// day already: not once both have (the answers are revealed and locked): kConflict.
Status CheckNotLocked(std::size_t answered);

}  // namespace rk::daily
