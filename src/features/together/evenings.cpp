#include "features/together/evenings.hpp"

#include <algorithm>

#include "features/together/summary.hpp"
#include "features/together/together.hpp"

namespace rk::together {
namespace {

Schedule ScheduleOf(const repo::Plan& p, std::vector<Override> overrides) {
  Schedule s;
  s.rrule = p.rrule;
  s.start = LocalTime::Parse(p.start_local).value_or(LocalTime{});
  s.time_zone = p.time_zone;
  s.duration_minutes = p.duration_minutes;
  s.overrides = std::move(overrides);
  return s;
}

}  // namespace

Result<std::vector<Loaded>> Load(db::Connection& c, std::vector<repo::Plan> plans) {
  std::vector<Loaded> out;
  for (repo::Plan& p : plans) {
    RK_ASSIGN_OR_RETURN(auto overrides, repo::Overrides(c, p.id));
    Schedule s = ScheduleOf(p, std::move(overrides));
    out.push_back({std::move(p), std::move(s)});
  }
  return out;
}

Result<std::vector<Item>> Occurrences(const std::vector<Loaded>& plans, Millis from, Millis to, std::size_t limit) {
  std::vector<Item> out;
  for (const Loaded& l : plans) {
    const Millis until = l.plan.ended_at ? std::min(to, *l.plan.ended_at) : to;
    if (until <= from) continue;
    RK_ASSIGN_OR_RETURN(auto occs, Expand(l.schedule, from, until, limit));
    for (Occurrence& o : occs) out.push_back({&l.plan, std::move(o)});
  }
  std::sort(out.begin(), out.end(), [](const Item& a, const Item& b) {
    return a.occ.start_utc != b.occ.start_utc ? a.occ.start_utc < b.occ.start_utc : a.plan->id < b.plan->id;
  });
  if (out.size() > limit) out.resize(limit);
  return out;
}

Result<Extras> LoadExtras(const crypto::Sealer* sealer, db::Connection& c, const std::vector<Loaded>& plans,
                          const repo::Keys& keys) {
  std::vector<std::string> ids;
  for (const Loaded& l : plans) ids.push_back(l.plan.id);
  Extras e;
  RK_ASSIGN_OR_RETURN(auto sessions, repo::SessionsOf(c, ids, keys));
  for (auto& s : sessions) e.sessions.emplace(std::make_pair(s.plan_id, s.occurrence), std::move(s));
  RK_ASSIGN_OR_RETURN(auto reflections, repo::ReflectionsOf(c, sealer, ids, keys));
  for (auto& r : reflections) e.reflections[{r.plan_id, r.occurrence}].push_back(std::move(r));
  return e;
}

repo::Keys KeysAround(Millis from, Millis to) {
  // A day more on each side for zones away from UTC; "T99" sorts after every time of the day.
  return {Date::FromDayNumber((from - kMoveRange) / kDay - 1).ToString(),
          Date::FromDayNumber((to + kMoveRange) / kDay + 1).ToString() + "T99"};
}

bool MetItem(const Item& it, const Extras& e) {
  const std::pair<std::string, std::string> key{it.plan->id, it.occ.key.ToString()};
  auto s = e.sessions.find(key);
  bool yes = false;
  if (auto r = e.reflections.find(key); r != e.reflections.end())
    for (const auto& x : r->second) yes = yes || x.happened;
  return Met(s != e.sessions.end() && s->second.finished_at.has_value(), yes);
}

}  // namespace rk::together

// Published in summary.hpp.
namespace rk::together {

Result<std::vector<EveningSummary>> EveningsBetween(db::Connection& c, const std::string& couple_id,
                                                    const std::string& user_id, Millis from, Millis to,
                                                    const crypto::Sealer* shared_notes) {
  RK_ASSIGN_OR_RETURN(auto plans, repo::PlansSince(c, couple_id, from));
  RK_ASSIGN_OR_RETURN(auto loaded, Load(c, std::move(plans)));
  RK_ASSIGN_OR_RETURN(auto items, Occurrences(loaded, from, to, 2000));
  RK_ASSIGN_OR_RETURN(Extras extras, LoadExtras(shared_notes, c, loaded, KeysAround(from, to)));
  std::vector<EveningSummary> out;
  for (const Item& it : items) {
    EveningSummary e;
    e.start = it.occ.start_utc;
    e.end = it.occ.end_utc;
    e.met = MetItem(it, extras);
    if (auto r = extras.reflections.find({it.plan->id, it.occ.key.ToString()}); r != extras.reflections.end())
      for (const auto& x : r->second)
        if (x.user_id == user_id) {
          e.closeness = x.closeness;
          e.reflected = true;
          e.happened = x.happened;
          if (x.note_shared) e.note = x.note;
        }
    out.push_back(e);
  }
  return out;
}

}  // namespace rk::together
