#include "features/triangle/summary.hpp"

#include <algorithm>

#include "features/triangle/repo.hpp"

namespace rk::triangle {

Result<CheckSeries> ChecksSince(db::Connection& c, const Catalog& catalog, const crypto::Sealer& sealer,
                                const std::string& user_id, Millis since) {
  CheckSeries out;
  // Newest first; a person takes a check a few times a month at most.
  RK_ASSIGN_OR_RETURN(auto rows, repo::List(c, sealer, user_id, "", "real", 200));
  const Instrument* form = nullptr;
  for (const repo::Assessment& a : rows) {
    const Instrument* ins = catalog.Find(a.instrument);
    if (!ins || !ins->kind_rule) continue;
    if (!form) {
      form = ins;
      out.form = ins->id;
      if (const Subscale* s = ins->FindSubscale(ins->kind_rule->intimacy)) {
        out.min = ins->ScoreMin(*s);
        out.max = ins->ScoreMax(*s);
      }
    }
    if (ins != form || a.taken_at < since) continue;
    const KindRule& k = *ins->kind_rule;
    CheckPoint p{a.taken_at, {}, {}};
    for (const auto& [component, subscale] : {std::pair{"intimacy", k.intimacy}, std::pair{"passion", k.passion},
                                              std::pair{"commitment", k.commitment}})
      if (auto it = a.scores.find(subscale); it != a.scores.end()) p.scores[component] = it->second;
    out.points.push_back(std::move(p));
  }
  std::reverse(out.points.begin(), out.points.end());
  if (!form) return out;
  const KindRule& k = *form->kind_rule;
  for (std::size_t i = 1; i < out.points.size(); ++i)
    for (const auto& [component, subscale] : {std::pair{"intimacy", k.intimacy}, std::pair{"passion", k.passion},
                                              std::pair{"commitment", k.commitment}}) {
      const Subscale* s = form->FindSubscale(subscale);
      auto a = out.points[i - 1].scores.find(component), b = out.points[i].scores.find(component);
      if (s && a != out.points[i - 1].scores.end() && b != out.points[i].scores.end())
        out.points[i].change[component] = Compare(a->second, b->second, *s);
    }
  return out;
}

}  // namespace rk::triangle
