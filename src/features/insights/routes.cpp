#include "features/insights/routes.hpp"

#include <cmath>

#include "features/accounts/people.hpp"
#include "features/insights/insights.hpp"
#include "features/selfcare/summary.hpp"
#include "features/together/summary.hpp"
#include "features/triangle/summary.hpp"
#include "platform/base/timezone.hpp"
#include "platform/http/json.hpp"

namespace rk::insights {
namespace {

using http::Json;
using http::Request;
using http::Response;
namespace json = boost::json;

// One decimal, as the page shows it: a mean never carries more precision than it has.
json::value Rounded(std::optional<double> v) {
  if (!v) return nullptr;
  return std::round(*v * 10) / 10;
}

std::string_view MeasureName(Measure m) {
  return m == Measure::kSelfcareMinutes ? "selfcare_minutes" : "evenings_met";
}
std::string_view OutcomeName(Outcome o) {
  switch (o) {
    case Outcome::kMood: return "mood";
    case Outcome::kEnergy: return "energy";
    case Outcome::kCloseness: return "closeness";
  }
  return "";
}

json::object WeekJson(const WeekSummary& w, bool in_couple) {
  json::object o{{"monday", Date::FromDayNumber(w.monday).ToString()},
                 {"selfcare_minutes", w.selfcare_minutes},
                 {"selfcare_entries", w.selfcare_entries},
                 {"mood", Rounded(w.mood)},
                 {"energy", Rounded(w.energy)},
                 {"closeness", Rounded(w.closeness)}};
  o["together"] = in_couple ? json::value(json::object{{"evenings", w.evenings}, {"met", w.evenings_met}}) : json::value(nullptr);
  if (w.check) {
    json::object scores;
    for (const auto& [component, score] : w.check->scores) scores[component] = Rounded(score);
    o["triangle"] = json::object{{"date", Date::FromDayNumber(w.check->day).ToString()}, {"scores", std::move(scores)}};
  } else {
    o["triangle"] = nullptr;
  }
  return o;
}

// Compare rounds its means already (so that "similar" agrees with what is shown).
json::object PartJson(const Part& p) { return {{"weeks", p.weeks}, {"mean", p.mean}}; }

// GET /api/v1/me/insights?weeks=N
Result<Response> Get(Context& ctx, Request& req) {
  RK_ASSIGN_OR_RETURN(const int count, http::IntQuery(req, "weeks", kDefaultWeeks, kMinWeeks, kMaxWeeks));
  db::Connection& c = req.db();
  RK_ASSIGN_OR_RETURN(auto person, accounts::FindPerson(c, req.user_id()));
  const std::string zone_name = person ? person->time_zone : "UTC";
  RK_ASSIGN_OR_RETURN(auto zone, TimeZone::Load(zone_name));
  const std::int64_t today = LocalDate(req.now, *zone).DayNumber();
  const std::int64_t first = MondayOf(today) - 7 * static_cast<std::int64_t>(count - 1);
  // A day early in UTC covers every zone's first Monday; days outside are dropped.
  const Millis since = (first - 1) * kDay;

  std::vector<LoggedDay> log;
  RK_ASSIGN_OR_RETURN(auto totals, selfcare::TotalsByDay(c, req.user_id(), first, today));
  for (const auto& d : totals) log.push_back({d.day, d.entries, d.minutes, d.mood_sum, d.energy_sum});

  // Evenings that are over, or met already: one still to come, or still going, is not
  // one missed.
  std::vector<EveningDay> evenings;
  const auto& couple = req.principal->couple;
  if (couple) {
    RK_ASSIGN_OR_RETURN(auto list, together::EveningsBetween(c, couple->id, req.user_id(), since, req.now + 1));
    for (const auto& e : list)
      if (e.end <= req.now || e.met) evenings.push_back({LocalDate(e.start, *zone).DayNumber(), e.met, e.closeness});
  }

  std::vector<CheckDay> checks;
  RK_ASSIGN_OR_RETURN(auto series, triangle::ChecksSince(c, ctx.catalog, ctx.sealer, req.user_id(), since));
  for (const auto& p : series.points) checks.push_back({LocalDate(p.taken_at, *zone).DayNumber(), p.scores});

  const auto weeks = Summarise(log, evenings, checks, today, count);
  json::array weeks_json, comparisons;
  for (const WeekSummary& w : weeks) weeks_json.push_back(WeekJson(w, couple.has_value()));
  for (const Comparison& cmp : Comparisons(weeks))
    comparisons.push_back(json::object{{"measure", MeasureName(cmp.measure)},
                                       {"outcome", OutcomeName(cmp.outcome)},
                                       {"threshold", cmp.threshold},
                                       {"more", PartJson(cmp.more)},
                                       {"other", PartJson(cmp.other)},
                                       {"similar", cmp.similar}});
  json::object triangle = series.form.empty()
                              ? json::object{{"form", nullptr}}
                              : json::object{{"form", series.form}, {"min", series.min}, {"max", series.max}};
  return Json(200, json::object{{"time_zone", zone_name},
                                {"weeks", std::move(weeks_json)},
                                {"triangle", std::move(triangle)},
                                {"comparisons", std::move(comparisons)}});
}

}  // namespace

void RegisterRoutes(http::Router& router, Context& ctx) {
  using http::Method;
  using http::Policy;
  using http::Work;
  http::RouteTable t(router, ctx);
  // The couple, if any, only for the evenings met; everything else is the person's own.
  t.Add(Method::kGet, "/api/v1/me/insights", Policy::SignedInWithCouple(), Work::kRead, Get);
}

}  // namespace rk::insights
