#include "features/outcomes/outcome.hpp"

namespace rk::outcomes {

std::string_view StatusName(Status s) {
  switch (s) {
    case Status::kNotYet: return "not_yet";
    case Status::kRecovered: return "recovered";
    case Status::kImproved: return "improved";
    case Status::kUnchanged: return "unchanged";
    case Status::kDeteriorated: return "deteriorated";
  }
  return "not_yet";
}

Trajectory Follow(const triangle::Subscale& subscale, const std::vector<double>& scores) {
  Trajectory t;
  t.criterion = triangle::Round2(triangle::ReliableChangeCriterion(subscale.reference_sd, subscale.reliability));
  for (std::size_t i = 0; i < scores.size(); ++i) {
    Mark m;
    if (subscale.cutoff) m.above_cutoff = triangle::Round1(scores[i]) >= *subscale.cutoff;
    if (i > 0) {
      m.since_previous = triangle::Compare(scores[i - 1], scores[i], subscale);
      m.since_first = triangle::Compare(scores.front(), scores[i], subscale);
      const triangle::Difference& d = m.since_first;
      if (!d.reliable) m.status = Status::kUnchanged;
      else if (d.delta < 0) m.status = Status::kDeteriorated;
      else if (subscale.cutoff && !*t.marks.front().above_cutoff && *m.above_cutoff) m.status = Status::kRecovered;
      else m.status = Status::kImproved;
    }
    t.marks.push_back(m);
  }
  if (!t.marks.empty()) t.status = t.marks.back().status;
  return t;
}

}  // namespace rk::outcomes
