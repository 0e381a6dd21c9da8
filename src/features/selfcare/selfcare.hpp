#pragma once
// Self-care and the journal: the pure rules. What a log entry may say and on which days,
// how a journal entry is shortened for a list, and how the author's own search matches
// (no I/O; the routes call these).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "platform/base/text.hpp"

namespace rk::selfcare {

// --- the self-care log ---------------------------------------------------------------

// The kinds of activity a person logs; "own" carries a short label of their own.
inline constexpr std::string_view kKinds[] = {"exercise", "meditation", "journaling", "friends", "rest", "own"};
inline constexpr std::string_view kOwnKind = "own";
bool IsKind(std::string_view kind);

inline constexpr int kMinutesMin = 1;
inline constexpr int kMinutesMax = 600;
// Mood and energy: 1 (lowest) to 10 (highest).
inline constexpr int kScaleMin = 1;
inline constexpr int kScaleMax = 10;
inline constexpr std::size_t kLabelMax = 40;  // code points
inline constexpr std::size_t kNoteMax = 500;
// How far back an entry may be dated, in days before today.
inline constexpr std::int64_t kDaysBack = 365;

// The days (days since 1970-01-01 in the person's time zone) an entry may be dated when
// today is `today`: from a year back up to today, never in the future.
struct DayWindow {
  std::int64_t earliest = 0;
  std::int64_t latest = 0;
  bool Contains(std::int64_t day) const { return day >= earliest && day <= latest; }
};
DayWindow LogWindow(std::int64_t today);

// --- the journal ---------------------------------------------------------------------

inline constexpr std::size_t kTitleMax = 200;    // code points
inline constexpr std::size_t kBodyMax = 20000;   // code points
inline constexpr std::size_t kExcerptMax = 160;  // code points shown in lists

// The start of `text`, at most `max` code points, with every run of white space (line
// breaks included) as one space and "…" where it was cut. REQUIRES: `text` is UTF-8.
std::string Excerpt(std::string_view text, std::size_t max = kExcerptMax);

// --- search --------------------------------------------------------------------------

// A search is for at most this many code points, and opens at most kScanMax entries (or
// kScanBytes of sealed text, whichever comes first) per request; the answer says when it
// stopped early and where to go on, so one person's search never takes long.
inline constexpr std::size_t kQueryMax = 100;
inline constexpr int kScanMax = 200;
inline constexpr std::size_t kScanBytes = 8u << 20;

// A query ready to match: folded (FoldForSearch) with surrounding white space removed.
// nullopt when nothing is left to look for.
std::optional<std::string> PrepareQuery(std::string_view q);

// Where `query` (from PrepareQuery) occurs in `text`, ignoring case and accents: a piece
// of `text` around the first match, at most about `max` code points long, with white
// space runs as one space and "…" on a cut side. nullopt when it does not occur.
std::optional<std::string> MatchSnippet(std::string_view text, std::string_view query, std::size_t max = kExcerptMax);

}  // namespace rk::selfcare
