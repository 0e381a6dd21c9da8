#include "features/together/routes.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "features/accounts/people.hpp"
#include "features/booking/sessions.hpp"
#include "features/couples/access.hpp"
#include "features/together/evenings.hpp"
#include "features/together/ical.hpp"
#include "features/together/recurrence.hpp"
#include "features/together/repo.hpp"
#include "features/together/together.hpp"
#include "platform/base/timezone.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/http/json.hpp"
#include "platform/http/messages.hpp"
#include "platform/log/log.hpp"

namespace rk::together {
namespace {

using http::Json;
using http::Request;
using http::Response;
namespace json = boost::json;

constexpr int kMinDuration = 5, kMaxDuration = 240;
constexpr std::size_t kNoteMax = 2000;
constexpr std::size_t kTitleMax = 60;
constexpr int kStreakWeeks = 12;
constexpr Millis kStartEarly = 3 * kHour;       // the timer may start this long before the planned start
constexpr Millis kStartLate = 6 * kHour;        // ... and until this long after the planned end
constexpr Millis kReflectWithin = 30 * kDay;    // reflections on occurrences up to a month old
constexpr int kMaxLeadMinutes = 24 * 60;
constexpr std::size_t kMaxActivePlans = 20;      // a couple's plans at once (one recurring, the rest single evenings)
constexpr Millis kChangeAhead = 62 * kDay;       // evenings can be skipped or moved up to two months ahead
// What events and reminders are called unless the person names them: neutral, so a
// glance at a lock screen tells nothing.
std::string DefaultTitle(std::string_view language) { return language.starts_with("es") ? "Tiempo juntos" : "Evening time"; }

// --- plans and occurrences ---------------------------------------------------------------

// Occurrence `key` of `l` (skipped ones too, when `with_skipped`), or kNotFound.
Result<Occurrence> FindOccurrence(const Loaded& l, const LocalTime& key, bool with_skipped) {
  Schedule s = l.schedule;
  if (with_skipped) std::erase_if(s.overrides, [](const Override& o) { return o.skipped; });
  RK_ASSIGN_OR_RETURN(Millis at, ToUtc(key, s.time_zone));
  RK_ASSIGN_OR_RETURN(auto occs, Expand(s, at - kMoveRange - kDay, at + kMoveRange + kDay, 100));
  for (Occurrence& o : occs)
    if (o.key == key && (!l.plan.ended_at || o.start_utc < *l.plan.ended_at)) return o;
  return Error::NotFound("There is no such evening in this plan.");
}

Error PlanNotFound() { return Error::NotFound("There is no such plan."); }

// The plan named by the path, any status.
Result<repo::Plan> PathPlan(Request& req) {
  RK_ASSIGN_OR_RETURN(auto p, repo::FindPlan(req.db(), req.couple().id, std::string(req.Param("id"))));
  if (!p) return PlanNotFound();
  return std::move(*p);
}

// The active plan and occurrence named by the path.
struct Target {
  Loaded loaded;
  Occurrence occ;
};
Result<Target> PathOccurrence(Request& req, bool with_skipped = false) {
  RK_ASSIGN_OR_RETURN(repo::Plan p, PathPlan(req));
  if (p.status != "active" && p.status != "ended") return PlanNotFound();
  const auto key = LocalTime::Parse(req.Param("occurrence"));
  if (!key) return Error::NotFound("There is no such evening in this plan.");
  RK_ASSIGN_OR_RETURN(auto loaded, Load(req.db(), {std::move(p)}));
  RK_ASSIGN_OR_RETURN(Occurrence occ, FindOccurrence(loaded.front(), *key, with_skipped));
  return Target{std::move(loaded.front()), std::move(occ)};
}

std::string Whose(const std::string& user_id, const http::CoupleRef& couple) {
  return user_id == couple.me.user_id ? "me" : "partner";
}

json::object PlanJson(const repo::Plan& p, const http::CoupleRef& couple) {
  json::object o{{"id", p.id},
                 {"kind", p.rrule.empty() ? "once" : "recurring"},
                 {"rrule", p.rrule},
                 {"start_local", p.start_local},
                 {"time_zone", p.time_zone},
                 {"duration_minutes", p.duration_minutes},
                 {"status", p.status},
                 {"proposed_by", Whose(p.proposed_by, couple)},
                 {"created_at", FormatRfc3339(p.created_at)}};
  o["replaces"] = p.replaces ? json::value(*p.replaces) : json::value(nullptr);
  // The first evening's instant, so a client shows the plan in its own zone without
  // doing zone arithmetic of its own.
  const auto local = LocalTime::Parse(p.start_local);
  const auto at = local ? ToUtc(*local, p.time_zone) : Result<Millis>(Error::Internal("plan without a start"));
  o["start"] = at.ok() ? json::value(FormatRfc3339(*at)) : json::value(nullptr);
  return o;
}

json::value SessionJson(const repo::Session& s, const http::CoupleRef& couple) {
  json::object o{{"started_at", FormatRfc3339(s.started_at)}, {"started_by", Whose(s.started_by, couple)}};
  o["finished_at"] = s.finished_at ? json::value(FormatRfc3339(*s.finished_at)) : json::value(nullptr);
  return o;
}

// A partner's reflection reaches the other only as "reflected", then — once both have —
// the closeness number, and the note only while its author shares it.
json::object ReflectionJson(const std::vector<repo::Reflection>* all, const http::CoupleRef& couple) {
  const repo::Reflection* mine = nullptr;
  const repo::Reflection* theirs = nullptr;
  if (all)
    for (const auto& r : *all) (r.user_id == couple.me.user_id ? mine : theirs) = &r;
  json::object o;
  if (mine) {
    json::object m{{"happened", mine->happened}, {"note", mine->note}, {"note_shared", mine->note_shared}};
    m["closeness"] = mine->closeness ? json::value(*mine->closeness) : json::value(nullptr);
    o["mine"] = std::move(m);
  } else {
    o["mine"] = nullptr;
  }
  o["partner_reflected"] = theirs != nullptr;
  o["both_reflected"] = mine && theirs;
  o["partner_closeness"] = mine && theirs && theirs->closeness ? json::value(*theirs->closeness) : json::value(nullptr);
  o["partner_note"] = theirs && theirs->note_shared && !theirs->note.empty() ? json::value(theirs->note) : json::value(nullptr);
  return o;
}

json::object OccurrenceJson(const Item& it, const Extras& e, const http::CoupleRef& couple) {
  const std::pair<std::string, std::string> key{it.plan->id, it.occ.key.ToString()};
  json::object o{{"plan_id", it.plan->id},
                 {"occurrence", it.occ.key.ToString()},
                 {"start", FormatRfc3339(it.occ.start_utc)},
                 {"end", FormatRfc3339(it.occ.end_utc)},
                 {"start_local", it.occ.start.ToString()},
                 {"time_zone", it.plan->time_zone},
                 {"duration_minutes", static_cast<std::int64_t>((it.occ.end_utc - it.occ.start_utc) / kMinute)},
                 {"moved", it.occ.moved}};
  auto s = e.sessions.find(key);
  o["session"] = s == e.sessions.end() ? json::value(nullptr) : SessionJson(s->second, couple);
  auto r = e.reflections.find(key);
  o["reflection"] = ReflectionJson(r == e.reflections.end() ? nullptr : &r->second, couple);
  return o;
}

Result<json::object> StreakJson(const std::vector<Item>& items, const Extras& e, int per_week, const TimeZone& zone,
                                Millis now) {
  std::vector<Evening> evenings;
  for (const Item& it : items) evenings.push_back({LocalDate(it.occ.start_utc, zone).DayNumber(), MetItem(it, e)});
  const Streak s = ComputeStreak(evenings, per_week, LocalDate(now, zone).DayNumber(), kStreakWeeks);
  json::array weeks;
  for (const Week& w : s.weeks) {
    json::array days;
    for (int d : w.days) days.push_back(json::value(d == 2 ? "met" : d == 1 ? "planned" : "none"));
    weeks.push_back(json::object{{"monday", Date::FromDayNumber(w.monday).ToString()},
                                 {"planned", w.planned},
                                 {"met", w.met},
                                 {"goal", w.goal},
                                 {"good", w.good},
                                 {"days", std::move(days)}});
  }
  return json::object{{"per_week", per_week},
                      {"good_in_a_row", s.good_in_a_row},
                      {"good_weeks", s.good_total},
                      {"weeks", std::move(weeks)}};
}

// Tells both partners' pages to reload together time, once this request has committed.
void Changed(Context& ctx, Request& req) {
  const http::CoupleRef& couple = req.couple();
  http::PublishAfterCommit(ctx.live, req, couple.me.user_id, live::TogetherChanged{});
  if (couple.partner) http::PublishAfterCommit(ctx.live, req, couple.partner->user_id, live::TogetherChanged{});
}

// GET /api/v1/together: plans, the proposal waiting, the next evenings, the ones to
// reflect on and the streak.
Result<Response> Overview(Context& ctx, Request& req) {
  const http::CoupleRef& couple = req.couple();
  db::Connection& c = req.db();
  RK_ASSIGN_OR_RETURN(auto zone, TimeZone::Load(couple.time_zone));
  const std::int64_t today = LocalDate(req.now, *zone).DayNumber();
  // From the Monday kStreakWeeks-1 weeks ago (a day early, for zones ahead of UTC) to two weeks ahead.
  const Millis from = (MondayOf(today) - 7 * (kStreakWeeks - 1) - 1) * kDay;
  const Millis to = req.now + 15 * kDay;
  RK_ASSIGN_OR_RETURN(auto plans, repo::PlansSince(c, couple.id, from));
  RK_ASSIGN_OR_RETURN(auto loaded, Load(c, std::move(plans)));
  RK_ASSIGN_OR_RETURN(auto items, Occurrences(loaded, from, to, 2000));
  RK_ASSIGN_OR_RETURN(Extras extras, LoadExtras(&ctx.sealer, c, loaded, KeysAround(from, to)));
  RK_ASSIGN_OR_RETURN(auto goal, repo::Goal(c, couple.id));
  RK_ASSIGN_OR_RETURN(auto proposals, repo::PlansOf(c, couple.id, {"proposed"}));

  json::array active, upcoming, to_reflect;
  for (const Loaded& l : loaded)
    if (l.plan.status == "active") active.push_back(PlanJson(l.plan, couple));
  json::value next = nullptr;
  for (const Item& it : items) {
    if (it.occ.end_utc > req.now && upcoming.size() < 20) {
      if (next.is_null()) next = OccurrenceJson(it, extras, couple);
      upcoming.push_back(OccurrenceJson(it, extras, couple));
    }
  }
  for (auto it = items.rbegin(); it != items.rend() && to_reflect.size() < 14; ++it)
    if (it->occ.start_utc <= req.now && it->occ.start_utc > req.now - 7 * kDay)
      to_reflect.push_back(OccurrenceJson(*it, extras, couple));
  // Skipped evenings still to come, so either partner can put one back.
  json::array skipped;
  for (const Loaded& l : loaded) {
    if (l.plan.status != "active") continue;
    for (const Override& o : l.schedule.overrides) {
      if (!o.skipped) continue;
      auto at = ToUtc(o.original, l.plan.time_zone);
      if (at.ok() && *at > req.now && *at < to)
        skipped.push_back(json::object{{"plan_id", l.plan.id}, {"occurrence", o.original.ToString()}, {"start", FormatRfc3339(*at)}});
    }
  }
  RK_ASSIGN_OR_RETURN(json::object streak, StreakJson(items, extras, goal.value_or(kDefaultPerWeek), *zone, req.now));
  json::object o{{"time_zone", couple.time_zone},
                 {"plans", std::move(active)},
                 {"next", std::move(next)},
                 {"upcoming", std::move(upcoming)},
                 {"to_reflect", std::move(to_reflect)},
                 {"skipped", std::move(skipped)},
                 {"streak", std::move(streak)}};
  o["proposal"] = proposals.empty() ? json::value(nullptr) : json::value(PlanJson(proposals.front(), couple));
  return Json(200, o);
}

// POST /api/v1/together/plans: proposes a plan; the partner accepts, declines or
// proposes another (which takes this one's place).
Result<Response> Propose(Context& ctx, Request& req) {
  RK_ASSIGN_OR_RETURN(auto body, http::ParseObject(req, {"rrule", "start_local", "duration_minutes"}));
  http::Fields f(body);
  auto rrule = f.String("rrule", false, 0, 200);
  auto start = f.String("start_local", true, 16, 16);
  auto duration = f.Int("duration_minutes", false, kMinDuration, kMaxDuration);
  std::optional<LocalTime> local;
  if (start && !(local = LocalTime::Parse(*start)))
    f.Add("start_local", "invalid", "Use a local date and time such as 2026-11-21T21:30.");
  std::string rule;
  if (rrule && !rrule->empty()) {
    auto normal = NormalizeRule(*rrule);
    if (!normal.ok()) {
      for (const FieldError& e : normal.error().fields) f.Add(e.field, e.code, e.message);
      if (normal.error().fields.empty()) f.Add("rrule", "invalid", normal.error().message);
    }
    else rule = *normal;
  }
  RK_TRY(f.Finish());
  const http::CoupleRef& couple = req.couple();
  RK_ASSIGN_OR_RETURN(Millis at, ToUtc(*local, couple.time_zone));
  if (rule.empty() && at <= req.now)
    return Error::Invalid("Choose a time that is still to come.",
                          {{"start_local", "past", "Choose a time that is still to come."}});
  if (at < req.now - 2 * kDay || at > req.now + 366 * kDay)
    return Error::Invalid("Start within the coming year.", {{"start_local", "out_of_range", "Start within the coming year."}});

  db::Connection& c = req.db();
  // A new proposal takes the place of one still waiting (a counter-proposal, or a change of mind).
  RK_ASSIGN_OR_RETURN(auto waiting, repo::PlansOf(c, couple.id, {"proposed"}));
  for (const repo::Plan& w : waiting) RK_TRY(repo::SetStatus(c, w.id, "proposed", "withdrawn", req.now));
  std::optional<std::string> replaces;
  RK_ASSIGN_OR_RETURN(auto active, repo::PlansOf(c, couple.id, {"active"}));
  std::size_t current = 0;
  for (const repo::Plan& a : active) {
    if (!a.rrule.empty()) {
      if (!rule.empty()) replaces = a.id;
      ++current;
      continue;
    }
    // A single evening a day gone by is done: it leaves the active plans (its evening
    // still counts in the streak, which reads plans ended since).
    auto start = LocalTime::Parse(a.start_local);
    auto at_a = start ? ToUtc(*start, a.time_zone) : Result<Millis>(Error::Internal("plan without a start"));
    if (at_a.ok() && *at_a + a.duration_minutes * kMinute < req.now - kDay) {
      RK_TRY(repo::SetStatus(c, a.id, "active", "ended", req.now));
    } else {
      ++current;
    }
  }
  if (current >= kMaxActivePlans && rule.empty())
    return Error::Conflict("You have many evenings planned already. Stop one before adding another.");
  repo::Plan p{crypto::NewId(req.now), couple.id, rule, local->ToString(), couple.time_zone,
               static_cast<int>(duration.value_or(kDefaultDuration)), "proposed", couple.me.user_id, replaces, req.now,
               std::nullopt, std::nullopt};
  if (Status s = repo::InsertPlan(c, p); !s.ok()) {
    if (s.error().code == ErrorCode::kConflict) return Error::Conflict("Your partner proposed a time just now.");
    return std::move(s).error();
  }
  Changed(ctx, req);
  return Json(201, PlanJson(p, couple));
}

Result<Response> AnswerProposal(Context& ctx, Request& req, Answer answer) {
  RK_ASSIGN_OR_RETURN(repo::Plan p, PathPlan(req));
  if (p.status != "proposed") return Error::Conflict("This proposal has been answered already.");
  if (!MayAnswer(p.proposed_by, req.user_id(), answer))
    return answer == Answer::kWithdraw ? Error::Forbidden("Only the partner who proposed it can withdraw it.")
                                       : Error::Forbidden("Your partner answers your proposal.");
  const char* to = answer == Answer::kAccept ? "active" : answer == Answer::kDecline ? "declined" : "withdrawn";
  RK_ASSIGN_OR_RETURN(bool changed, repo::SetStatus(req.db(), p.id, "proposed", to, req.now));
  if (!changed) return Error::Conflict("This proposal has been answered already.");
  if (answer == Answer::kAccept && p.replaces) RK_TRY(repo::SetStatus(req.db(), *p.replaces, "active", "ended", req.now));
  p.status = to;
  Changed(ctx, req);
  return Json(200, PlanJson(p, req.couple()));
}
Result<Response> Accept(Context& ctx, Request& req) { return AnswerProposal(ctx, req, Answer::kAccept); }
Result<Response> Decline(Context& ctx, Request& req) { return AnswerProposal(ctx, req, Answer::kDecline); }
Result<Response> Withdraw(Context& ctx, Request& req) { return AnswerProposal(ctx, req, Answer::kWithdraw); }

// DELETE /api/v1/together/plans/{id}: either partner stops an active plan from now on.
Result<Response> EndPlan(Context& ctx, Request& req) {
  RK_ASSIGN_OR_RETURN(repo::Plan p, PathPlan(req));
  if (p.status != "active") return PlanNotFound();
  RK_ASSIGN_OR_RETURN(bool changed, repo::SetStatus(req.db(), p.id, "active", "ended", req.now));
  if (!changed) return PlanNotFound();
  Changed(ctx, req);
  return Response::NoContent();
}

// PUT /api/v1/together/plans/{id}/occurrences/{occurrence}: skip one evening, or move it.
Result<Response> ChangeOccurrence(Context& ctx, Request& req) {
  RK_ASSIGN_OR_RETURN(auto body, http::ParseObject(req, {"skipped", "moved_to", "duration_minutes"}));
  http::Fields f(body);
  auto skipped = f.Bool("skipped", false);
  auto moved_to = f.String("moved_to", false, 16, 16);
  auto duration = f.Int("duration_minutes", false, kMinDuration, kMaxDuration);
  std::optional<LocalTime> to;
  if (moved_to && !(to = LocalTime::Parse(*moved_to)))
    f.Add("moved_to", "invalid", "Use a local date and time such as 2026-11-21T21:30.");
  if (f.ok() && skipped.value_or(false) == to.has_value())
    f.Add("skipped", "invalid", "Either skip this evening or move it, not both.");
  RK_TRY(f.Finish());
  RK_ASSIGN_OR_RETURN(Target t, PathOccurrence(req, true));
  if (t.loaded.plan.status != "active") return PlanNotFound();
  if (t.occ.end_utc <= req.now) return Error::Conflict("This evening is over; it can no longer be changed.");
  if (t.occ.start_utc > req.now + kChangeAhead)
    return Error::Invalid("Skip or move evenings up to two months ahead.",
                          {{"occurrence", "too_far", "Skip or move evenings up to two months ahead."}});
  Override o{t.occ.key, skipped.value_or(false), to, std::nullopt};
  if (duration) o.duration_minutes = static_cast<int>(*duration);
  if (to) {
    RK_ASSIGN_OR_RETURN(Millis original, ToUtc(t.occ.key, t.loaded.plan.time_zone));
    RK_ASSIGN_OR_RETURN(Millis at, ToUtc(*to, t.loaded.plan.time_zone));
    if (at <= req.now) return Error::Invalid("Choose a time that is still to come.", {{"moved_to", "past", "Choose a time that is still to come."}});
    if (at < original - kMoveRange || at > original + kMoveRange)
      return Error::Invalid("Move an evening by a week at most.", {{"moved_to", "out_of_range", "Move an evening by a week at most."}});
  }
  RK_TRY(repo::PutOverride(req.db(), t.loaded.plan.id, o, req.user_id(), req.now));
  Changed(ctx, req);
  return Response::NoContent();
}

// DELETE …/occurrences/{occurrence}: the evening as planned again.
Result<Response> RestoreOccurrence(Context& ctx, Request& req) {
  RK_ASSIGN_OR_RETURN(Target t, PathOccurrence(req, true));
  if (t.loaded.plan.status != "active") return PlanNotFound();
  RK_TRY(repo::DeleteOverride(req.db(), t.loaded.plan.id, t.occ.key.ToString()));
  Changed(ctx, req);
  return Response::NoContent();
}

// POST …/session: "we're starting" (either partner; the second tap changes nothing).
Result<Response> StartTimer(Context& ctx, Request& req) {
  RK_ASSIGN_OR_RETURN(Target t, PathOccurrence(req));
  if (req.now < t.occ.start_utc - kStartEarly || req.now > t.occ.end_utc + kStartLate)
    return Error::Conflict("This evening's timer can start from three hours before it, until six hours after.");
  repo::Session s{t.loaded.plan.id, t.occ.key.ToString(), req.user_id(), req.now, std::nullopt};
  RK_ASSIGN_OR_RETURN(bool started, repo::StartSession(req.db(), s));
  if (started) Changed(ctx, req);
  RK_ASSIGN_OR_RETURN(auto sessions, repo::SessionsOf(req.db(), {t.loaded.plan.id}, repo::Keys::One(t.occ.key.ToString())));
  for (const auto& x : sessions)
    if (x.occurrence == s.occurrence) return Json(started ? 201 : 200, SessionJson(x, req.couple()));
  return Error::Internal("The timer was not saved.");
}

// POST …/session/finish: "we did it".
Result<Response> FinishTimer(Context& ctx, Request& req) {
  RK_ASSIGN_OR_RETURN(Target t, PathOccurrence(req));
  const std::string key = t.occ.key.ToString();
  RK_ASSIGN_OR_RETURN(auto sessions, repo::SessionsOf(req.db(), {t.loaded.plan.id}, repo::Keys::One(t.occ.key.ToString())));
  auto it = std::find_if(sessions.begin(), sessions.end(), [&](const repo::Session& s) { return s.occurrence == key; });
  if (it == sessions.end()) return Error::Conflict("Start the timer first.");
  RK_ASSIGN_OR_RETURN(bool finished, repo::FinishSession(req.db(), t.loaded.plan.id, key, req.now));
  if (finished) {
    it->finished_at = req.now;
    Changed(ctx, req);
  }
  return Json(200, SessionJson(*it, req.couple()));
}

// PUT …/reflection: the person's own reflection on an evening that has begun.
Result<Response> Reflect(Context& ctx, Request& req) {
  RK_ASSIGN_OR_RETURN(auto body, http::ParseObject(req, {"happened", "closeness", "note", "note_shared"}));
  http::Fields f(body);
  auto happened = f.Bool("happened", true);
  auto closeness = f.Int("closeness", false, 1, 10);
  auto note = f.String("note", false, 0, kNoteMax);
  auto shared = f.Bool("note_shared", false);
  RK_TRY(f.Finish());
  RK_ASSIGN_OR_RETURN(Target t, PathOccurrence(req));
  const std::string key = t.occ.key.ToString();
  RK_ASSIGN_OR_RETURN(auto sessions, repo::SessionsOf(req.db(), {t.loaded.plan.id}, repo::Keys::One(t.occ.key.ToString())));
  const bool timer = std::any_of(sessions.begin(), sessions.end(), [&](const auto& s) { return s.occurrence == key; });
  if (req.now < t.occ.start_utc && !timer) return Error::Conflict("You can reflect once the evening has begun.");
  if (req.now > t.occ.end_utc + kReflectWithin) return Error::Conflict("This evening is too long ago to reflect on.");
  const http::CoupleRef& couple = req.couple();
  repo::Reflection r{t.loaded.plan.id, key, couple.me.user_id, *happened, std::nullopt, note.value_or(""),
                     shared.value_or(false), req.now, req.now};
  if (closeness) r.closeness = static_cast<int>(*closeness);
  if (!*happened) r.closeness.reset();
  RK_TRY(repo::PutReflection(req.db(), ctx.sealer, r));
  Changed(ctx, req);
  RK_ASSIGN_OR_RETURN(auto all, repo::ReflectionsOf(req.db(), &ctx.sealer, {t.loaded.plan.id}, repo::Keys::One(key)));
  return Json(200, ReflectionJson(&all, couple));
}

// PUT /api/v1/together/goal: how many evenings a week make a good week.
Result<Response> SetGoal(Context& ctx, Request& req) {
  RK_ASSIGN_OR_RETURN(auto body, http::ParseObject(req, {"per_week"}));
  http::Fields f(body);
  auto per_week = f.Int("per_week", true, 1, 7);
  RK_TRY(f.Finish());
  RK_TRY(repo::SetGoal(req.db(), req.couple().id, static_cast<int>(*per_week), req.now));
  Changed(ctx, req);
  return Json(200, json::object{{"per_week", *per_week}});
}

// --- reminders -----------------------------------------------------------------------

Result<Response> GetReminders(Context& ctx, Request& req) {
  RK_ASSIGN_OR_RETURN(auto r, repo::FindReminders(req.db(), ctx.sealer, req.user_id()));
  json::object o{{"enabled", r.has_value()}};
  o["lead_minutes"] = r ? json::value(r->lead_minutes) : json::value(nullptr);
  return Json(200, o);
}

Result<Response> PutReminders(Context& ctx, Request& req) {
  RK_ASSIGN_OR_RETURN(auto body, http::ParseObject(req, {"lead_minutes"}));
  http::Fields f(body);
  auto lead = f.Int("lead_minutes", true, 5, kMaxLeadMinutes);
  RK_TRY(f.Finish());
  RK_TRY(repo::PutReminders(req.db(), ctx.sealer, req.user_id(), static_cast<int>(*lead), req.now));
  return Json(200, json::object{{"enabled", true}, {"lead_minutes", *lead}});
}

Result<Response> DeleteReminders(Context& ctx, Request& req) {
  RK_TRY(repo::DeleteReminders(req.db(), req.user_id()));
  return Response::NoContent();
}

// POST /api/v1/reminders/unsubscribe: the one-click link in every reminder. The same
// answer whether or not the token was known (it may have been used already).
Result<Response> Unsubscribe(Context& ctx, Request& req) {
  RK_ASSIGN_OR_RETURN(auto body, http::ParseObject(req, {"token"}));
  http::Fields f(body);
  auto token = f.String("token", true, 1, 128);
  RK_TRY(f.Finish());
  RK_TRY(repo::Unsubscribe(req.db(), *token));
  return Response::NoContent();
}

// "21:30" in `zone` at `utc`; falls back to UTC when the zone is unknown.
std::string ClockTime(Millis utc, const std::string& zone) {
  auto local = ToLocal(utc, zone);
  if (!local.ok()) local = ToLocal(utc, "UTC");
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02u:%02u", local->hour % 24, local->minute % 60);
  return buf;
}

// Every minute: for each person with reminders on, the evenings of their couple that
// start within their lead time get one e-mail each. The mail job's idempotency key (the
// person, plan and occurrence) makes it once, however many servers run this and however
// often a run is repeated; a skipped evening has no occurrence, so no reminder.
Status SendReminders(Context& ctx, db::Connection& c, Millis now) {
  if (!ctx.mailer) return {};
  RK_ASSIGN_OR_RETURN(auto subscribers, repo::Subscribers(c));
  std::map<std::string, std::vector<Loaded>> by_couple;
  for (const repo::Subscriber& s : subscribers) {
    if (!by_couple.contains(s.couple_id)) {
      RK_ASSIGN_OR_RETURN(auto plans, repo::PlansOf(c, s.couple_id, {"active"}));
      RK_ASSIGN_OR_RETURN(by_couple[s.couple_id], Load(c, std::move(plans)));
    }
    const Millis lead = static_cast<Millis>(s.lead_minutes) * kMinute;
    // Evenings starting after now whose reminder time (start - lead) has come.
    RK_ASSIGN_OR_RETURN(auto items, Occurrences(by_couple[s.couple_id], now, now + lead + kMinute, 10));
    RK_ASSIGN_OR_RETURN(auto person, accounts::FindPerson(c, s.user_id));
    if (!person) continue;
    RK_ASSIGN_OR_RETURN(auto settings, repo::FindReminders(c, ctx.sealer, s.user_id));
    if (!settings) continue;
    RK_ASSIGN_OR_RETURN(auto feed, repo::FindFeed(c, s.user_id));
    for (const Item& it : items) {
      if (it.occ.start_utc - lead > now) continue;
      const std::string key = "reminder:" + s.user_id + ":" + it.plan->id + ":" + it.occ.key.ToString();
      RK_TRY(ctx.mailer->Enqueue(
          c,
          {.to = "user:" + s.user_id,
           .template_name = "together_reminder",
           .vars = {{"title", feed ? feed->title : DefaultTitle(person->language)},
                    {"time", ClockTime(it.occ.start_utc, person->time_zone)},
                    {"minutes", std::to_string((it.occ.end_utc - it.occ.start_utc) / kMinute)},
                    {"token", settings->unsubscribe}},
           .not_after = it.occ.end_utc,
           .idempotency_key = key},
          now));
    }
  }
  return {};
}

// --- the calendar feed -----------------------------------------------------------------

std::string FeedUrl(Context& ctx, const std::string& secret) {
  return (ctx.mailer ? ctx.mailer->base_url() : std::string()) + "/cal/" + secret + ".ics";
}

Result<Response> GetFeed(Context& ctx, Request& req) {
  RK_ASSIGN_OR_RETURN(auto feed, repo::FindFeed(req.db(), req.user_id()));
  if (!feed) return Json(200, json::object{{"enabled", false}, {"title", DefaultTitle(http::LanguageOf(req))}});
  return Json(200, json::object{{"enabled", true}, {"title", feed->title}, {"created_at", FormatRfc3339(feed->created_at)}});
}

std::optional<std::string> FeedTitle(http::Fields& f) { return f.String("title", false, 1, kTitleMax); }

// POST /api/v1/me/calendar-feed: a new secret address (the old one stops working). The
// address is in this answer only: the server keeps a hash of it.
Result<Response> NewFeed(Context& ctx, Request& req) {
  json::object body;
  if (!req.body.empty()) { RK_ASSIGN_OR_RETURN(body, http::ParseObject(req, {"title"})); }
  http::Fields f(body);
  auto title = FeedTitle(f);
  RK_TRY(f.Finish());
  RK_ASSIGN_OR_RETURN(auto existing, repo::FindFeed(req.db(), req.user_id()));
  const std::string kept = title ? *title : existing ? existing->title : DefaultTitle(http::LanguageOf(req));
  const std::string secret = crypto::RandomToken();
  RK_TRY(repo::PutFeed(req.db(), req.user_id(), secret, kept, req.now));
  return Json(201, json::object{{"enabled", true}, {"title", kept}, {"url", FeedUrl(ctx, secret)},
                                {"created_at", FormatRfc3339(req.now)}});
}

Result<Response> PatchFeed(Context& ctx, Request& req) {
  RK_ASSIGN_OR_RETURN(auto body, http::ParseObject(req, {"title"}));
  http::Fields f(body);
  auto title = f.String("title", true, 1, kTitleMax);
  RK_TRY(f.Finish());
  RK_ASSIGN_OR_RETURN(bool changed, repo::SetFeedTitle(req.db(), req.user_id(), *title));
  if (!changed) return Error::NotFound("You have no calendar feed. Make one first.");
  return GetFeed(ctx, req);
}

Result<Response> DeleteFeed(Context& ctx, Request& req) {
  RK_TRY(repo::DeleteFeed(req.db(), req.user_id()));
  return Response::NoContent();
}

// GET /cal/{secret}.ics: the person's evenings as iCalendar, for any calendar app. Public
// (calendar apps send no cookies); the secret is the credential. Unknown, revoked and
// malformed secrets all get the same 404.
Result<Response> Feed(Context& ctx, Request& req) {
  const std::string_view file = req.Param("file");
  const Error gone = Error::NotFound("There is no calendar here.");
  if (!file.ends_with(".ics") || file.size() > 100) return gone;
  const std::string secret(file.substr(0, file.size() - 4));
  RK_ASSIGN_OR_RETURN(auto feed, repo::FeedBySecret(req.db(), secret));
  if (!feed) return gone;
  std::vector<FeedEvent> events;
  auto couple = couples::RequireCouple(req.db(), feed->user_id);
  if (couple.ok()) {
    RK_ASSIGN_OR_RETURN(auto plans, repo::PlansOf(req.db(), couple->id, {"active"}));
    RK_ASSIGN_OR_RETURN(auto loaded, Load(req.db(), std::move(plans)));
    RK_ASSIGN_OR_RETURN(auto reminders, repo::FindReminders(req.db(), ctx.sealer, feed->user_id));
    const std::string base = ctx.mailer ? ctx.mailer->base_url() : std::string();
    for (Loaded& l : loaded) {
      FeedEvent e;
      e.uid = l.plan.id + "@rekindle";
      e.title = feed->title;
      e.url = base + "/together";
      e.schedule = std::move(l.schedule);
      e.created = l.plan.decided_at.value_or(l.plan.created_at);
      e.alarm_minutes_before = reminders ? std::max(reminders->lead_minutes, 0) : 15;
      events.push_back(std::move(e));
    }
    // Sessions with the couple's therapist: together, and this person's own alone. A
    // plain title: a calendar is often seen by others.
    RK_ASSIGN_OR_RETURN(auto sessions, booking::SessionsFor(req.db(), couple->id, feed->user_id, req.now - 7 * kDay));
    RK_ASSIGN_OR_RETURN(auto person, accounts::FindPerson(req.db(), feed->user_id));
    const bool es = person && person->language.starts_with("es");
    for (const booking::Session& session : sessions) {
      RK_ASSIGN_OR_RETURN(LocalTime start, ToLocal(session.starts_at, "UTC"));
      FeedEvent e;
      e.uid = session.id + "@rekindle";
      e.title = es ? "Sesión" : "Session";
      e.url = base + "/care";
      e.schedule = Schedule{"", start, "UTC", static_cast<int>((session.ends_at - session.starts_at) / kMinute), {}};
      e.created = session.starts_at;
      e.alarm_minutes_before = 60;
      events.push_back(std::move(e));
    }
  } else if (couple.error().code != ErrorCode::kNotFound) {
    return std::move(couple).error();
  }
  RK_ASSIGN_OR_RETURN(std::string text, CalendarFeed("rekindle", events));
  Response r{200, "text/calendar; charset=utf-8", std::move(text), {}};
  r.With("Cache-Control", "private, max-age=300").With("Content-Disposition", "inline; filename=\"rekindle.ics\"");
  return r;
}

}  // namespace

void RegisterRoutes(http::Router& router, Context& ctx) {
  using http::Method;
  using http::Policy;
  using http::Work;
  http::RouteTable t(router, ctx);
  t.Add(Method::kGet, "/api/v1/together", Policy::CoupleMember(), Work::kRead, Overview);
  t.Add(Method::kPost, "/api/v1/together/plans", Policy::CoupleMember(), Work::kWrite, Propose);
  t.Add(Method::kPost, "/api/v1/together/plans/{id}/accept", Policy::CoupleMember(), Work::kWrite, Accept);
  t.Add(Method::kPost, "/api/v1/together/plans/{id}/decline", Policy::CoupleMember(), Work::kWrite, Decline);
  t.Add(Method::kPost, "/api/v1/together/plans/{id}/withdraw", Policy::CoupleMember(), Work::kWrite, Withdraw);
  t.Add(Method::kDelete, "/api/v1/together/plans/{id}", Policy::CoupleMember(), Work::kWrite, EndPlan);
  t.Add(Method::kPut, "/api/v1/together/plans/{id}/occurrences/{occurrence}", Policy::CoupleMember(), Work::kWrite,
        ChangeOccurrence);
  t.Add(Method::kDelete, "/api/v1/together/plans/{id}/occurrences/{occurrence}", Policy::CoupleMember(), Work::kWrite,
        RestoreOccurrence);
  t.Add(Method::kPost, "/api/v1/together/plans/{id}/occurrences/{occurrence}/session", Policy::CoupleMember(),
        Work::kWrite, StartTimer);
  t.Add(Method::kPost, "/api/v1/together/plans/{id}/occurrences/{occurrence}/session/finish", Policy::CoupleMember(),
        Work::kWrite, FinishTimer);
  t.Add(Method::kPut, "/api/v1/together/plans/{id}/occurrences/{occurrence}/reflection", Policy::CoupleMember(),
        Work::kWrite, Reflect);
  t.Add(Method::kPut, "/api/v1/together/goal", Policy::CoupleMember(), Work::kWrite, SetGoal);
  t.Add(Method::kGet, "/api/v1/me/reminders", Policy::SignedIn(), Work::kRead, GetReminders);
  t.Add(Method::kPut, "/api/v1/me/reminders", Policy::SignedIn(), Work::kWrite, PutReminders);
  t.Add(Method::kDelete, "/api/v1/me/reminders", Policy::SignedIn(), Work::kWrite, DeleteReminders);
  t.Add(Method::kPost, "/api/v1/reminders/unsubscribe", Policy::Public(), Work::kWrite, Unsubscribe);
  t.Add(Method::kGet, "/api/v1/me/calendar-feed", Policy::SignedIn(), Work::kRead, GetFeed);
  t.Add(Method::kPost, "/api/v1/me/calendar-feed", Policy::SignedIn(), Work::kWrite, NewFeed);
  t.Add(Method::kPatch, "/api/v1/me/calendar-feed", Policy::SignedIn(), Work::kWrite, PatchFeed);
  t.Add(Method::kDelete, "/api/v1/me/calendar-feed", Policy::SignedIn(), Work::kWrite, DeleteFeed);
  t.Add(Method::kGet, "/cal/{file}", Policy::Public(), Work::kRead, Feed);
}

void RegisterJobs(jobs::Queue& queue, Context& ctx) {
  queue.RegisterPeriodic(std::string(kReminderJob), kMinute, [&ctx](db::Connection& c, const jobs::Job& job) {
    return SendReminders(ctx, c, job.started_at);
  });
}

Result<std::int64_t> Reseal(db::Connection& c, const crypto::Sealer& s) { return repo::Reseal(c, s); }

}  // namespace rk::together
