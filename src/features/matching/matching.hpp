#pragma once
// Matching: a couple answers a questionnaire (each partner their own answers) and gets a
// short ranked list of therapists who can take them, each with the reasons it matched.
// Pure: no I/O. The loader (features/therapists) builds a Therapist per approved profile
// and keeps an Index up to date; the routes call Index::Rank.
//
// Hard constraints, never traded for points. A therapist is listed only if
//   - they are licensed where every partner is: the same country, and a licence for the
//     whole country (region "") or for the partner's region;
//   - they speak a language that every partner listed;
//   - they offer a modality that every partner accepts;
//   - they have room (capacity > active), their licence verification has not ended
//     (now < verified_until), and the query does not exclude them.
// A query without partners matches nobody (there is no place to be licensed in).
//
// Preferences earn points (the weights below); the sum orders the list:
//   - each specialty either partner wished for that the therapist has    kSpecialtyPoints
//   - each approach either partner wished for that the therapist uses    kApproachPoints
//   - the therapist's gender, when every partner who stated a preference
//     stated the same one (partners who disagree: gender is not scored)  kGenderPoints
//   - a fee at or under the lowest max_fee any partner stated             kFeePoints
//     (over it: no points, still listed)
//   - at least kMinOverlapMinutes a week of the therapist's hours inside
//     the times every partner who gave times prefers (their intersection;
//     a partner without times does not narrow it; nobody gave times: not
//     scored)                                                               kTimesPoints
// Equal scores: more spare capacity (capacity - active) first, then the smaller id, so a
// list is stable from one query to the next.
//
// Strings are compared exactly: the caller hands over normalised codes ("US", "US-CA",
// "en", "video", "affair_recovery"), as stored.

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "platform/base/result.hpp"
#include "platform/base/time.hpp"

namespace rk::matching {

inline constexpr int kSpecialtyPoints = 3;
inline constexpr int kApproachPoints = 2;
inline constexpr int kGenderPoints = 2;
inline constexpr int kFeePoints = 2;
inline constexpr int kTimesPoints = 2;
// About a session: less shared time than this a week is not worth a point.
inline constexpr int kMinOverlapMinutes = 60;

inline constexpr int kMinutesPerDay = 24 * 60;
inline constexpr int kMinutesPerWeek = 7 * kMinutesPerDay;

// Where someone is, or where a licence is valid: an ISO 3166-1 alpha-2 country ("US")
// and an ISO 3166-2 region ("US-CA"); region "" means the whole country (for a licence)
// or "region not known" (for a partner, who then needs a whole-country licence).
struct Place {
  std::string country;
  std::string region;
};

// A stretch of the week in UTC, [start, end) in minutes, 0 = Monday 00:00 UTC.
// REQUIRES: 0 <= start < end <= kMinutesPerWeek. A stretch that runs over the week's end
// is two windows (ToUtcWindows splits it).
struct Window {
  int start = 0;
  int end = 0;
};

// One matchable profile, as the loader builds it from an approved therapist.
struct Therapist {
  std::string id;
  std::vector<Place> licensed;
  std::vector<std::string> languages;    // BCP-47 primary tags: "en", "es"
  std::vector<std::string> modalities;   // "video", "chat"
  std::vector<std::string> specialties;  // "couples", "affair_recovery", "lgbtq_affirming", ...
  std::vector<std::string> approaches;   // "gottman", "eft", "cbt", ...
  std::string gender;                    // "woman", "man", "nonbinary", or "" (not said)
  int fee = 0;                           // per session, minor units of the deployment currency
  int capacity = 0;                      // most couples at once
  int active = 0;                        // couples now (accepted care relationships)
  Millis verified_until = 0;             // end of licence verification, exclusive
  std::vector<Window> hours;             // weekly availability in UTC; may overlap or touch
};

// One partner's questionnaire.
struct Answers {
  Place where;
  std::vector<std::string> languages;   // languages this partner can do therapy in
  std::vector<std::string> modalities;  // modalities acceptable to this partner
  std::vector<std::string> specialties;
  std::vector<std::string> approaches;
  std::string gender;                   // preferred therapist gender, "" for none
  std::optional<int> max_fee;
  std::vector<Window> times;            // preferred times in UTC; empty = any time
};

struct Query {
  std::vector<Answers> partners;
  std::vector<std::string> exclude;  // therapist ids never to list (declined, ended before)
  std::string only;                  // when set, consider only this therapist (is one still a match?)
  Millis now = 0;
  std::size_t limit = 5;
};

// One fact the match rests on. Codes, in the order they appear in a Match:
//   licensed   value: where, "US-CA" or "US" (one per distinct place covering a partner)
//   language   value: a language every partner and the therapist share (each of them)
//   modality   value: a modality every partner accepts and the therapist offers (each)
//   specialty  value: a wished-for specialty the therapist has (each; points)
//   approach   value: a wished-for approach the therapist uses (each; points)
//   gender     value: the gender the partners asked for (points)
//   fee        value: the therapist's fee in minor units, decimal ("12000") (points)
//   times      value: minutes a week of the therapist's hours at times both prefer,
//              decimal ("180") (points)
// Within one code, values are in byte order. The hard facts come first and earn nothing;
// everything from specialty on is exactly what earned the score.
struct Reason {
  std::string code;
  std::string value;
  bool operator==(const Reason&) const = default;
};

struct Match {
  std::string id;
  int score = 0;
  std::vector<Reason> reasons;
};

// Therapists kept ready for ranking: strings interned to small numbers, tags as bit sets,
// and licences as lists of therapists per place, so that a query touches only the
// therapists licensed where the couple is.
//
// Thread-safety: safe for concurrent use. Ranks run alongside each other under a shared
// lock; a writer (Upsert, Remove, SetActive) takes it exclusively, and goes first: it
// waits for the Ranks already running, and new Ranks wait for it. A write is quick
// (microseconds), but loading thousands of therapists is that many writes, with Ranks
// in between; build a fresh Index and swap it in if a whole reload must look atomic.
class Index {
 public:
  Index();
  ~Index();
  Index(const Index&) = delete;
  Index& operator=(const Index&) = delete;

  // Adds `t`, or replaces the therapist with the same id. kInvalidArgument (and the
  // index unchanged) if the id is empty, a licence has no country, or a window is out of
  // the week or empty.
  Status Upsert(Therapist t);
  // Removes the therapist with `id`; false if there was none.
  bool Remove(std::string_view id);
  // Sets how many couples the therapist has now (after a care relationship was accepted
  // or ended); false if there is no therapist with `id`.
  bool SetActive(std::string_view id, int active);
  // Therapists held.
  std::size_t Size() const;

  // The best `query.limit` therapists that meet every hard constraint, best first.
  std::vector<Match> Rank(const Query& query) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The same as index.Rank(query).
std::vector<Match> Rank(const Index& index, const Query& query);

// --- windows --------------------------------------------------------------------------
// One stretch of local weekly hours, as a therapist stores them (weekday 1 = Monday to
// 7, minutes from local midnight, start < end <= 1440), in UTC windows, given the
// zone's offset from UTC (local = UTC + offset) in minutes. One window, or two when the
// stretch runs over the week's end in UTC. Empty if the stretch is invalid.
std::vector<Window> ToUtcWindows(int weekday, int start_minute, int end_minute, int utc_offset_minutes);

// Sorted by start, overlapping and touching windows merged, windows outside the week
// clipped to it, empty ones dropped.
std::vector<Window> Normalize(std::vector<Window> windows);
// The times in both `a` and `b`. REQUIRES: both normalised. The result is normalised.
std::vector<Window> Intersect(const std::vector<Window>& a, const std::vector<Window>& b);
// Minutes in both `a` and `b`. REQUIRES: both normalised.
int OverlapMinutes(const std::vector<Window>& a, const std::vector<Window>& b);

}  // namespace rk::matching
