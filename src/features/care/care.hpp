#pragma once
// Care: the pure rules. The private safety screen (its content and how answers route a
// person), the help lines by country, a partner's matching questionnaire and how it
// becomes matching::Answers, and when a couple may book a session together. No I/O.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "features/matching/matching.hpp"
#include "platform/base/result.hpp"
#include "platform/base/time.hpp"
#include "platform/content/reader.hpp"

namespace rk::care {

using content::Texts;

// --- the safety screen ------------------------------------------------------------------

struct Choice {
  std::string id;
  Texts text;
  bool concern = false;
};

struct Question {
  std::string id;
  Texts text;
  std::vector<Choice> choices;
};

struct ResultText {
  Texts title;
  Texts body;
};

struct Screen {
  std::string version;
  std::vector<std::string> languages;
  Texts title;
  Texts intro;
  std::vector<Question> questions;
  ResultText clear;
  ResultText concerning;
  ResultText unavailable;  // the one message both partners see when sessions together are not open
};

// Parses and validates the screen; errors name the file and the field. Every question
// needs a choice that is not a concern (someone must be able to answer "clear").
Status ParseScreen(std::string_view text, std::string_view name, Screen& out);

enum class Outcome { kClear, kConcerning };
std::string_view OutcomeName(Outcome o);
std::optional<Outcome> ParseOutcome(std::string_view s);

// One choice for every question and nothing else, or kInvalid naming the first question
// that is missing or has an unknown choice. The outcome is concerning when any choice is
// a concern; nothing is added up or weighed.
Result<Outcome> Route(const Screen& screen, const std::map<std::string, std::string>& answers);

// --- help lines -------------------------------------------------------------------------

struct Resource {
  std::string name;
  std::string kind;  // emergency | abuse | crisis
  std::string phone;
  std::string text;  // a number to text, or ""
  std::string url;   // https://…, or ""
  Texts hours;
  Texts about;
};

struct CountryResources {
  std::string country;  // ISO 3166-1 alpha-2, or "default"
  std::string checked;  // YYYY-MM-DD
  std::vector<Resource> resources;
};

struct Resources {
  std::string version;
  std::string checked;
  std::vector<std::string> languages;
  Texts note;
  std::vector<CountryResources> countries;  // one of them "default"

  // The country's lines, or the default list for a country without its own.
  const CountryResources& For(std::string_view country) const;
};

Status ParseResources(std::string_view text, std::string_view name, Resources& out);

// Both files from `dir` (screen.json, resources.json).
struct Content {
  Screen screen;
  Resources resources;
};
Result<Content> LoadContent(const std::string& dir);

// --- the questionnaire ------------------------------------------------------------------

// Times of the week a partner prefers, in their own time zone.
inline constexpr std::string_view kDayParts[] = {
    "weekday_morning", "weekday_afternoon", "weekday_evening", "weekend_morning", "weekend_afternoon", "weekend_evening",
};
struct DayPart {
  int first_weekday, last_weekday;  // 1 = Monday … 7
  int start_minute, end_minute;     // local
};
// The hours a day part stands for: mornings 08:00–12:00, afternoons 12:00–17:00,
// evenings 17:00–21:00; weekdays Monday to Friday, the weekend Saturday and Sunday.
std::optional<DayPart> FindDayPart(std::string_view id);

// One partner's answers as they give them.
struct Questionnaire {
  std::string where;  // "US" or "US-CA"
  std::vector<std::string> languages;
  std::vector<std::string> modalities;
  std::vector<std::string> specialties;
  std::vector<std::string> approaches;
  std::string gender;              // "" for no preference
  std::optional<std::int64_t> max_fee;  // minor units
  std::vector<std::string> times;  // kDayParts; empty = any time
  std::string time_zone = "UTC";   // where `times` are
};

// The questionnaire for matching, with `times` in UTC given the zone's offset (local =
// UTC + offset, in minutes). REQUIRES: the questionnaire was validated.
matching::Answers ToAnswers(const Questionnaire& q, int utc_offset_minutes);

// As sealed text (JSON) and back.
std::string Serialize(const Questionnaire& q);
std::optional<Questionnaire> Deserialize(std::string_view text);

// --- care relationships -----------------------------------------------------------------

// Statuses of a care relationship: a couple asks, the therapist accepts or declines, and
// either side ends an accepted one (the couple may also withdraw a request).
inline constexpr std::string_view kRequested = "requested";
inline constexpr std::string_view kAccepted = "accepted";
inline constexpr std::string_view kDeclined = "declined";
inline constexpr std::string_view kEnded = "ended";

struct Relationship {
  std::string id;
  std::string couple_id;
  std::string therapist_id;
  std::string status;
  std::string requested_by;
  Millis created_at = 0;
  std::optional<Millis> decided_at;
  std::optional<Millis> ended_at;
  std::optional<Millis> joint_open_at;
};

// --- sessions together ------------------------------------------------------------------

// What the rule knows of one partner's screen.
enum class ScreenState { kNotTaken, kClear, kConcerning };

// The couple may book a session together once their therapist accepted them and opened
// sessions together. Before that, whatever the reason, both partners see the same "not
// available". The therapist can open them only when both screens are taken and, where
// one asked for a conversation alone first, only after saying they had it:
// Why a therapist may not open sessions together yet, or ok.
//  - a partner has not taken the screen: kConflict;
//  - a screen is concerning and `spoke_alone` is false: kConflict.
Status CanOpenJoint(ScreenState a, ScreenState b, bool spoke_alone);

}  // namespace rk::care
