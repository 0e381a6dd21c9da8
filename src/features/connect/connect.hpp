#pragma once
// Connect: the content (daily questions, desire-map items, conversation guides) and the
// pure rules — which question a couple gets on a date, what the desire map shows, what
// the daily answers reveal, and whose turn it is. No I/O.

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "platform/base/result.hpp"
#include "platform/content/reader.hpp"

namespace rk::connect {

using content::Texts;

struct Question {
  std::string id;
  std::string theme;
  int depth = 1;  // 1 light, 2 deeper, 3 deep
  bool sexual = false;
  Texts text;
};

struct DesireCategory {
  std::string id;
  Texts title;
  bool sexual = false;
};

struct DesireItem {
  std::string id;
  std::string category;
  bool sexual = false;
  Texts text;
};

struct GuideStep {
  std::string speaker;  // "starter", "partner" or "both"
  int minutes = 1;
  Texts prompt;
  Texts listener;  // what the listener does
};

struct Guide {
  std::string id;
  Texts title;
  Texts description;
  std::vector<GuideStep> steps;
};

struct Content {
  std::vector<Question> questions;  // sorted by id
  std::map<std::string, Texts> themes;
  std::vector<DesireCategory> categories;
  std::vector<DesireItem> items;  // in display order
  std::vector<Guide> guides;

  const Question* FindQuestion(std::string_view id) const;
  const DesireItem* FindItem(std::string_view id) const;
  const Guide* FindGuide(std::string_view id) const;
};

// Parse and validate one file each; errors name the file and the field.
Status ParseQuestions(std::string_view json, std::string_view name, Content& out);
Status ParseDesires(std::string_view json, std::string_view name, Content& out);
Status ParseGuides(std::string_view json, std::string_view name, Content& out);

// --- Daily question ---------------------------------------------------------------

// The ids of the questions a couple may get: sexual ones only when both opted in.
std::vector<std::string> EligibleQuestions(const Content& content, bool both_opted_in);

// The question for day `day` (days since 1970 in the couple's time zone). The couple's
// own fixed shuffle of `eligible` (seeded by `couple_id`) is walked from position
// `day mod n`, skipping questions in `recent`. Deterministic for equal inputs; with
// `recent` holding the questions of the last n-1 days, no question repeats within n days.
// REQUIRES: `eligible` is not empty.
std::string PickQuestion(std::string_view couple_id, std::int64_t day, const std::vector<std::string>& eligible,
                         const std::set<std::string>& recent);

// What one partner may see of a day's answers: the partner's text only once both have
// answered (then both are revealed and locked); before that, only whether they answered.
struct DailyAnswers {
  std::optional<std::string> mine, partner;
};
struct DailyView {
  std::optional<std::string> mine;
  bool partner_answered = false;
  std::optional<std::string> partner;  // only when revealed
  bool revealed = false;               // both answered: locked
};
DailyView ViewDaily(const DailyAnswers& answers);

// --- Desire map -------------------------------------------------------------------

enum class Desire { kYes, kMaybe, kNo };
std::optional<Desire> ParseDesire(std::string_view s);
std::string_view DesireName(Desire d);

// Whether a person may see (and answer) an item: sexual items only with their opt-in.
bool Visible(const DesireItem& item, bool opted_in);

// The items both partners marked yes or maybe, in display order. Sexual items only
// when both opted in now. Says nothing about levels, "no"s or unanswered items.
std::vector<std::string> Matches(const Content& content, const std::map<std::string, Desire>& mine,
                                 const std::map<std::string, Desire>& theirs, bool i_opted_in, bool they_opted_in);

// --- Guided conversations ----------------------------------------------------------

// Who speaks at `step` of `guide`: "starter", "partner" or "both"; "" past the end.
std::string SpeakerAt(const Guide& guide, int step);

}  // namespace rk::connect
