#include "features/together/together.hpp"

#include <algorithm>
#include <map>

namespace rk::together {

bool MayAnswer(std::string_view proposed_by, std::string_view user_id, Answer answer) {
  const bool mine = proposed_by == user_id;
  return answer == Answer::kWithdraw ? mine : !mine;
}

bool Met(bool timer_finished, bool any_reflected_happened) { return timer_finished || any_reflected_happened; }

Streak ComputeStreak(const std::vector<Evening>& evenings, int per_week, std::int64_t today, int count) {
  Streak s;
  if (count <= 0) return s;
  const std::int64_t last = MondayOf(today);
  const std::int64_t first = last - 7 * static_cast<std::int64_t>(count - 1);
  std::map<std::int64_t, Week> by_monday;
  for (std::int64_t m = first; m <= last; m += 7) by_monday[m] = Week{m, 0, 0, 0, false, std::vector<int>(7, 0)};
  for (const Evening& e : evenings) {
    auto it = by_monday.find(MondayOf(e.day));
    if (it == by_monday.end()) continue;
    Week& w = it->second;
    int& cell = w.days[static_cast<std::size_t>(e.day - w.monday)];
    ++w.planned;
    if (e.met) ++w.met;
    cell = std::max(cell, e.met ? 2 : 1);
  }
  for (auto& [monday, w] : by_monday) {
    w.goal = std::min(std::max(per_week, 1), w.planned);
    w.good = w.planned > 0 && w.met >= w.goal;
    if (w.good) ++s.good_total;
    s.weeks.push_back(w);
  }
  // The run: back from the newest week; the current week adds when good and never breaks.
  for (auto it = s.weeks.rbegin(); it != s.weeks.rend(); ++it) {
    const bool current = it == s.weeks.rbegin();
    if (it->planned == 0) continue;  // nothing planned (all skipped, say): neither counts nor breaks
    if (it->good) ++s.good_in_a_row;
    else if (!current) break;
  }
  return s;
}

}  // namespace rk::together
