#pragma once
// Insights: a person's weeks drawn side by side — self-care minutes, mood and energy,
// together evenings met, closeness after together time, and their triangle checks — and
// the few comparisons the numbers can honestly carry. Pure: no I/O.
//
// Everything here is one person's own: their log, their closeness answers, their checks.
// The only couple figure is whether an evening was met, which both partners already see
// on their together page (and which never tells one partner's answer, see together::Met).
//
// A comparison splits the weeks that have both numbers just above the median of the
// first (more self-care, or more evenings met; at the median when ties leave too few
// above it) and compares the mean of the second in each part. It describes what went together in these weeks, not what caused what; with so
// few weeks it is shown only when each part has at least kMinWeeksEach weeks, and a
// difference under kSimilarBelow points is called "about the same".

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace rk::insights {

inline constexpr int kDefaultWeeks = 8;
inline constexpr int kMinWeeks = 4;
inline constexpr int kMaxWeeks = 26;
inline constexpr int kMinWeeksEach = 2;
inline constexpr double kSimilarBelow = 0.5;  // on the 1–10 scales of mood, energy and closeness

// --- what the features hand over, by the person's local day ----------------------------
// One day's self-care log: how many entries, their minutes, and their moods and
// energies summed (the week's mean is per entry).
struct LoggedDay {
  std::int64_t day = 0;
  std::int64_t entries = 0;
  std::int64_t minutes = 0;
  std::int64_t mood_sum = 0;
  std::int64_t energy_sum = 0;
};
// One together evening that has started: whether the couple met it, and this person's
// own closeness afterwards, if they gave one.
struct EveningDay {
  std::int64_t day = 0;
  bool met = false;
  std::optional<int> closeness;
};
// One triangle check (the person's own, real perspective).
struct CheckDay {
  std::int64_t day = 0;
  std::map<std::string, double> scores;  // component -> score
};

// --- a week ------------------------------------------------------------------------------
struct WeekSummary {
  std::int64_t monday = 0;
  std::int64_t selfcare_entries = 0;
  std::int64_t selfcare_minutes = 0;
  std::optional<double> mood, energy;  // means over the week's entries
  int evenings = 0;                    // together evenings that started in the week
  int evenings_met = 0;
  std::optional<double> closeness;  // mean of the person's own closeness answers
  std::optional<CheckDay> check;    // the week's last check
};

// The `weeks` weeks (Monday to Sunday) ending with the one holding `today`, oldest first.
// Days outside them are ignored.
std::vector<WeekSummary> Summarise(const std::vector<LoggedDay>& log, const std::vector<EveningDay>& evenings,
                                   const std::vector<CheckDay>& checks, std::int64_t today, int weeks);

// --- comparisons -------------------------------------------------------------------------
enum class Measure { kSelfcareMinutes, kEveningsMet };
enum class Outcome { kMood, kEnergy, kCloseness };

struct Part {
  int weeks = 0;
  double mean = 0;  // rounded to one decimal
};
struct Comparison {
  Measure measure;
  Outcome outcome;
  // "More" weeks are those whose measure is `threshold` or more; "other" weeks the rest.
  std::int64_t threshold = 0;
  Part more, other;
  bool similar = false;  // |more.mean - other.mean| < kSimilarBelow, on the means rounded to one decimal
};

// `outcome` in weeks with more of `measure` against the others, among the weeks that
// have an outcome (and, for evenings met, had an evening). Nullopt when either part
// would have fewer than kMinWeeksEach weeks.
std::optional<Comparison> Compare(const std::vector<WeekSummary>& weeks, Measure measure, Outcome outcome);

// The comparisons the insights page shows, in order, where the weeks allow.
std::vector<Comparison> Comparisons(const std::vector<WeekSummary>& weeks);

// The median of `values` (the mean of the middle two when even). REQUIRES: not empty.
double Median(std::vector<double> values);

}  // namespace rk::insights
