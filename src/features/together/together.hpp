#pragma once
// Together time's pure rules: who may answer a proposal, what counts as an evening met,
// and the streak that forgives (weeks met, not perfect days).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "platform/base/timezone.hpp"

namespace rk::together {

inline constexpr int kDefaultPerWeek = 5;
inline constexpr int kDefaultDuration = 30;

// --- proposals -------------------------------------------------------------------------
enum class Answer { kAccept, kDecline, kWithdraw };
// Whether `user_id` may give `answer` to a proposal `proposed_by` made: the other partner
// accepts or declines; the proposer withdraws. Anything else is refused.
bool MayAnswer(std::string_view proposed_by, std::string_view user_id, Answer answer);

// --- evenings and the streak -----------------------------------------------------------
// One planned occurrence as the streak sees it: its local date in the couple's zone, and
// whether the couple met it (the timer finished, or either partner reflected that it
// happened). A partner's "it did not happen" never counts against the other's "it did",
// so no answer can be read off the streak.
struct Evening {
  std::int64_t day = 0;  // days since 1970 in the couple's zone
  bool met = false;
};
bool Met(bool timer_finished, bool any_reflected_happened);

// A week, Monday to Sunday, in the couple's zone.
struct Week {
  std::int64_t monday = 0;  // day number
  int planned = 0;          // occurrences planned in it
  int met = 0;              // of those, met
  int goal = 0;             // min(per_week, planned): a week with fewer evenings planned asks for fewer
  bool good = false;        // met >= goal and something was planned
  // One entry per day, Monday first: 0 nothing planned, 1 planned, 2 met.
  std::vector<int> days;
};

struct Streak {
  std::vector<Week> weeks;  // oldest first, ending with the week of `today`
  int good_in_a_row = 0;    // good weeks ending with the last finished week (the current one counts once good)
  int good_total = 0;       // good weeks among `weeks`
};
// The last `count` weeks up to the one holding `today`, from `evenings` (any order).
// The current week is never counted against the couple: it is good once met, and
// otherwise does not break the run; nor does a week with nothing planned.
Streak ComputeStreak(const std::vector<Evening>& evenings, int per_week, std::int64_t today, int count);

}  // namespace rk::together
