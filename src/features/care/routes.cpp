#include "features/care/routes.hpp"

#include <algorithm>

#include "features/accounts/people.hpp"
#include "features/care/care.hpp"
#include "features/care/directory.hpp"
#include "features/care/repo.hpp"
#include "features/couples/access.hpp"
#include "features/therapists/review.hpp"
#include "features/therapists/therapists.hpp"
#include "platform/audit/audit.hpp"
#include "platform/base/timezone.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/http/json.hpp"

namespace rk::care {
namespace {

using http::Fields;
using http::Json;
using http::Request;
using http::Response;
namespace json = boost::json;

constexpr std::size_t kMatchLimit = 5;

json::object TextsJson(const Texts& t) {
  json::object o;
  for (const auto& [lang, text] : t) o[lang] = text;
  return o;
}
json::object ResultJson(const ResultText& r) { return {{"title", TextsJson(r.title)}, {"body", TextsJson(r.body)}}; }
json::array Array(const std::vector<std::string>& v) {
  json::array out;
  for (const std::string& s : v) out.push_back(json::string(s));
  return out;
}

// A therapist as a couple sees them: the profile and its verification, without the
// operators' reason, the status, capacity or weekly hours.
json::object TherapistJson(const Context& ctx, const therapists::Stored& s) {
  json::object o = therapists::ProfileJson(s);
  for (std::string_view key : {"status", "decision_reason", "capacity", "hours", "days_off"}) o.erase(key);
  o["id"] = s.user_id;
  o["currency"] = ctx.currency;
  return o;
}

json::value QuestionnaireJson(const std::optional<Questionnaire>& q) {
  if (!q) return nullptr;
  return json::object{{"where", q->where},
                      {"languages", Array(q->languages)},
                      {"modalities", Array(q->modalities)},
                      {"specialties", Array(q->specialties)},
                      {"approaches", Array(q->approaches)},
                      {"gender", q->gender},
                      {"max_fee", q->max_fee ? json::value(*q->max_fee) : json::value(nullptr)},
                      {"times", Array(q->times)},
                      {"time_zone", q->time_zone}};
}

json::value RelationshipJson(const Context& ctx, const std::optional<Relationship>& r) {
  if (!r) return nullptr;
  json::object o{{"id", r->id},
                 {"status", r->status},
                 {"requested_at", r->created_at},
                 {"decided_at", r->decided_at ? json::value(*r->decided_at) : json::value(nullptr)},
                 {"therapist_id", r->therapist_id}};
  auto profile = ctx.directory.Profile(r->therapist_id);
  o["therapist"] = profile ? json::value(TherapistJson(ctx, *profile)) : json::value(nullptr);
  return o;
}

// Responses whose content differs with a screen's outcome (the person's own view of it)
// are padded with trailing spaces to a multiple of kPadTo, so that their size, as an access
// log or a network observer sees it, says nothing about the outcome.
constexpr std::size_t kPadTo = 16 * 1024;
Response Padded(int status, const json::value& body) {
  Response r = Json(status, body);
  r.body.append(kPadTo - r.body.size() % kPadTo, ' ');
  return r;
}

// --- the couple's side ----------------------------------------------------------------------

// The couple's care, as one partner sees it. Reads only the asker's own screen: nothing
// here depends on the partner's.
Result<Response> GetCare(Context& ctx, Request& req) {
  const http::CoupleRef& couple = req.couple();
  RK_ASSIGN_OR_RETURN(auto screen, repo::FindScreen(req.db(), ctx.sealer, couple.id, req.user_id()));
  RK_ASSIGN_OR_RETURN(auto mine, repo::FindQuestionnaire(req.db(), ctx.sealer, couple.id, req.user_id()));
  bool partner_answered = false;
  if (couple.partner) {
    RK_ASSIGN_OR_RETURN(auto theirs, repo::FindQuestionnaire(req.db(), ctx.sealer, couple.id, couple.partner->user_id));
    partner_answered = theirs.has_value();
  }
  RK_ASSIGN_OR_RETURN(auto relationship, repo::OpenRelationship(req.db(), couple.id));
  const bool joint = relationship && relationship->status == kAccepted && relationship->joint_open_at;
  json::object screen_json{{"taken", screen.has_value()},
                           {"outcome", screen ? json::value(OutcomeName(screen->outcome)) : json::value(nullptr)}};
  json::object joint_json{{"available", joint}};
  if (!joint) joint_json["message"] = ResultJson(ctx.content.screen.unavailable);
  return Padded(200, json::object{{"screen", std::move(screen_json)},
                                {"questionnaire", QuestionnaireJson(mine)},
                                {"partner_answered", partner_answered},
                                {"relationship", RelationshipJson(ctx, relationship)},
                                {"joint", std::move(joint_json)},
                                {"currency", ctx.currency}});
}

Result<Response> GetScreen(Context& ctx, Request& req) {
  const Screen& s = ctx.content.screen;
  RK_ASSIGN_OR_RETURN(auto mine, repo::FindScreen(req.db(), ctx.sealer, req.couple().id, req.user_id()));
  json::array questions;
  for (const Question& q : s.questions) {
    json::array choices;
    for (const Choice& c : q.choices) choices.push_back(json::object{{"id", c.id}, {"text", TextsJson(c.text)}});
    questions.push_back(json::object{{"id", q.id}, {"text", TextsJson(q.text)}, {"choices", std::move(choices)}});
  }
  json::object out{{"version", s.version},
                   {"title", TextsJson(s.title)},
                   {"intro", TextsJson(s.intro)},
                   {"questions", std::move(questions)},
                   {"taken", mine.has_value()}};
  if (mine) {
    json::object answers;
    for (const auto& [q, a] : mine->answers) answers[q] = a;
    out["answers"] = std::move(answers);
    out["outcome"] = OutcomeName(mine->outcome);
    out["result"] = ResultJson(mine->outcome == Outcome::kClear ? s.clear : s.concerning);
  }
  return Padded(200, out);
}

// Takes the screen, once. No e-mail, live event or log line tells anyone it happened.
Result<Response> PostScreen(Context& ctx, Request& req) {
  RK_ASSIGN_OR_RETURN(auto body, http::ParseObject(req, {"answers"}));
  const json::object* answers = body.contains("answers") ? body.at("answers").if_object() : nullptr;
  if (!answers) return Error::Invalid("Answer the questions.", {{"answers", "required", "Answer the questions."}});
  std::map<std::string, std::string> chosen;
  for (const auto& kv : *answers) {
    if (!kv.value().is_string() || kv.key().size() > 64 || kv.value().as_string().size() > 64)
      return Error::Invalid("Choose from the listed answers.", {{"answers", "type", "Choose from the listed answers."}});
    chosen[std::string(kv.key())] = std::string(kv.value().as_string());
  }
  RK_ASSIGN_OR_RETURN(Outcome outcome, Route(ctx.content.screen, chosen));
  StoredScreen screen{std::move(chosen), outcome, ctx.content.screen.version, req.now};
  RK_ASSIGN_OR_RETURN(bool stored, repo::InsertScreen(req.db(), ctx.sealer, req.couple().id, req.user_id(), screen));
  if (!stored) return Error::Conflict("You've answered the check already.");
  const Screen& s = ctx.content.screen;
  return Padded(201, json::object{{"outcome", OutcomeName(outcome)},
                                {"result", ResultJson(outcome == Outcome::kClear ? s.clear : s.concerning)}});
}

// Help lines: for anyone, signed in or not (the safety page links here).
Result<Response> GetResources(Context& ctx, Request& req) {
  const Resources& all = ctx.content.resources;
  std::string country = req.QueryParam("country").value_or("");
  std::transform(country.begin(), country.end(), country.begin(), [](char c) { return c >= 'a' && c <= 'z' ? c - 32 : c; });
  const CountryResources& mine = all.For(country);
  json::array lines;
  for (const Resource& r : mine.resources) {
    lines.push_back(json::object{{"name", r.name},
                                 {"kind", r.kind},
                                 {"phone", r.phone},
                                 {"text", r.text},
                                 {"url", r.url},
                                 {"hours", TextsJson(r.hours)},
                                 {"about", TextsJson(r.about)}});
  }
  json::array countries;
  for (const CountryResources& c : all.countries)
    if (c.country != "default") countries.push_back(json::string(c.country));
  return Json(200, json::object{{"country", mine.country},
                                {"checked", mine.checked},
                                {"note", TextsJson(all.note)},
                                {"resources", std::move(lines)},
                                {"countries", std::move(countries)}});
}

Result<Response> GetQuestionnaire(Context& ctx, Request& req) {
  RK_ASSIGN_OR_RETURN(auto mine, repo::FindQuestionnaire(req.db(), ctx.sealer, req.couple().id, req.user_id()));
  return Json(200, json::object{{"questionnaire", QuestionnaireJson(mine)}});
}

// A list whose entries come from `words`.
std::optional<std::vector<std::string>> ReadWords(Fields& f, std::string_view name, std::span<const std::string_view> words,
                                                  bool required) {
  auto list = f.Strings(name, required, therapists::kListMax, 40);
  if (!list) return list;
  for (const std::string& w : *list) {
    if (std::find(words.begin(), words.end(), w) == words.end()) {
      f.Add(std::string(name), "unknown", "Choose from the listed options.");
      return std::nullopt;
    }
  }
  std::sort(list->begin(), list->end());
  list->erase(std::unique(list->begin(), list->end()), list->end());
  return list;
}

Result<Questionnaire> ReadQuestionnaire(const json::object& body) {
  Fields f(body);
  Questionnaire q;
  if (auto v = f.String("where", true, 2, 6)) {
    if (therapists::ParsePlace(*v)) q.where = *v;
    else f.Add("where", "invalid", "Write where you are as a country code (DE) or a region code (US-CA).");
  }
  if (auto v = f.Strings("languages", true, therapists::kListMax, 8)) {
    for (const std::string& tag : *v) {
      const bool ok = therapists::IsLanguageTag(tag);
      if (!ok) f.Add("languages", "invalid", "Use language codes such as en or es.");
    }
    if (v->empty()) f.Add("languages", "required", "Choose at least one language.");
    q.languages = *v;
  }
  if (auto v = ReadWords(f, "modalities", therapists::kModalities, true)) {
    if (v->empty()) f.Add("modalities", "required", "Choose at least one way to meet.");
    q.modalities = *v;
  }
  if (auto v = ReadWords(f, "specialties", therapists::kSpecialties, false)) q.specialties = *v;
  if (auto v = ReadWords(f, "approaches", therapists::kApproaches, false)) q.approaches = *v;
  if (auto v = f.String("gender", false, 0, 20)) {
    if (therapists::InVocabulary(therapists::kGenders, *v)) q.gender = *v;
    else f.Add("gender", "unknown", "Choose from the listed options.");
  }
  if (f.Has("max_fee") && !body.at("max_fee").is_null()) {
    if (auto v = f.Int("max_fee", false, 0, therapists::kFeeMax)) q.max_fee = *v;
  }
  if (auto v = ReadWords(f, "times", kDayParts, false)) q.times = *v;
  if (auto v = f.String("time_zone", false, 1, 64)) {
    if (IsKnownTimeZone(*v)) q.time_zone = *v;
    else f.Add("time_zone", "unknown_time_zone", "Choose a time zone from the list, such as Europe/Berlin.");
  }
  RK_TRY(f.Finish());
  return q;
}

// A partner's answers. Taken after their own screen: the screen comes before matching.
Result<Response> PutQuestionnaire(Context& ctx, Request& req) {
  RK_ASSIGN_OR_RETURN(auto body, http::ParseObject(req, {"where", "languages", "modalities", "specialties", "approaches",
                                                         "gender", "max_fee", "times", "time_zone"}));
  RK_ASSIGN_OR_RETURN(Questionnaire q, ReadQuestionnaire(body));
  RK_ASSIGN_OR_RETURN(auto screen, repo::FindScreen(req.db(), ctx.sealer, req.couple().id, req.user_id()));
  if (!screen) return Error::Conflict("Take the private check first.");
  RK_TRY(repo::SaveQuestionnaire(req.db(), ctx.sealer, req.couple().id, req.user_id(), q, req.now));
  return Json(200, json::object{{"questionnaire", QuestionnaireJson(q)}});
}

// Both partners' answers as one query, or kConflict until both answered.
Result<matching::Query> CoupleQuery(Context& ctx, Request& req) {
  const http::CoupleRef& couple = req.couple();
  if (!couple.partner) return Error::Conflict("Your partner hasn't answered yet.");
  matching::Query query;
  query.now = req.now;
  query.limit = kMatchLimit;
  for (const std::string* id : {&couple.me.user_id, &couple.partner->user_id}) {
    RK_ASSIGN_OR_RETURN(auto q, repo::FindQuestionnaire(req.db(), ctx.sealer, couple.id, *id));
    if (!q) return Error::Conflict(*id == req.user_id() ? "Answer the questions first." : "Your partner hasn't answered yet.");
    auto zone = TimeZone::Load(q->time_zone);
    const int offset = zone.ok() ? static_cast<int>((*zone)->OffsetAt(req.now) / 60) : 0;
    query.partners.push_back(ToAnswers(*q, offset));
  }
  RK_ASSIGN_OR_RETURN(query.exclude, repo::Excluded(req.db(), couple.id));
  return query;
}

json::object MatchJson(const Context& ctx, const matching::Match& m, const therapists::Stored& profile) {
  json::array reasons;
  for (const matching::Reason& r : m.reasons) reasons.push_back(json::object{{"code", r.code}, {"value", r.value}});
  return {{"therapist", TherapistJson(ctx, profile)}, {"score", m.score}, {"reasons", std::move(reasons)}};
}

Result<Response> GetMatches(Context& ctx, Request& req) {
  RK_ASSIGN_OR_RETURN(matching::Query query, CoupleQuery(ctx, req));
  json::array out;
  for (const matching::Match& m : ctx.directory.index().Rank(query)) {
    auto profile = ctx.directory.Profile(m.id);
    if (profile) out.push_back(MatchJson(ctx, m, *profile));
  }
  return Json(200, json::object{{"matches", std::move(out)}});
}

// "Show me someone else": the therapist is not listed for this couple again.
Result<Response> PassMatch(Context& ctx, Request& req) {
  const std::string id(req.Param("id"));
  if (!ctx.directory.Profile(id)) return Error::NotFound("There is no such therapist.");
  RK_TRY(repo::InsertPass(req.db(), req.couple().id, id, req.now));
  return Response::NoContent();
}

// Lists the therapists passed over again.
Result<Response> ClearPasses(Context&, Request& req) {
  RK_TRY(repo::DeletePasses(req.db(), req.couple().id));
  return Response::NoContent();
}

// Either partner asks a therapist from their matches to take them on.
Result<Response> PostRequest(Context& ctx, Request& req) {
  RK_ASSIGN_OR_RETURN(auto body, http::ParseObject(req, {"therapist_id"}));
  Fields f(body);
  auto therapist_id = f.String("therapist_id", true, 1, 64);
  RK_TRY(f.Finish());
  RK_ASSIGN_OR_RETURN(matching::Query query, CoupleQuery(ctx, req));
  query.only = *therapist_id;
  query.limit = 1;
  if (ctx.directory.index().Rank(query).empty())
    return Error::Conflict("This therapist can't take you on; choose one from your matches.");
  Relationship r;
  r.id = crypto::NewId(req.now);
  r.couple_id = req.couple().id;
  r.therapist_id = *therapist_id;
  r.requested_by = req.user_id();
  r.created_at = req.now;
  RK_ASSIGN_OR_RETURN(bool inserted, repo::InsertRequest(req.db(), r));
  if (!inserted) return Error::Conflict("You have asked a therapist already; withdraw that first.");
  r.status = std::string(kRequested);
  return Json(201, RelationshipJson(ctx, r));
}

// Withdraws a request or ends the care; either partner may.
Result<Response> EndRelationship(Context& ctx, Request& req) {
  RK_ASSIGN_OR_RETURN(auto open, repo::OpenRelationship(req.db(), req.couple().id));
  if (!open) return Error::NotFound("You have no therapist to stop seeing.");
  RK_ASSIGN_OR_RETURN(bool moved, repo::Move(req.db(), open->id, open->status, kEnded, req.now));
  if (!moved) return Error::Conflict("This changed meanwhile; look again.");
  for (const auto& hook : ctx.on_end) RK_TRY(hook(req.db(), open->id, req.user_id(), req.now));
  if (open->status == kAccepted) req.AfterCommit([&dir = ctx.directory] { dir.Poke(); });
  return Response::NoContent();
}

// A therapist's public profile, for a couple choosing.
Result<Response> GetTherapist(Context& ctx, Request& req) {
  auto profile = ctx.directory.Profile(std::string(req.Param("id")));
  if (!profile || !therapists::IsMatchable(profile->status, profile->verified_until, req.now))
    return Error::NotFound("There is no such therapist.");
  return Json(200, TherapistJson(ctx, *profile));
}

// --- the therapist's side -------------------------------------------------------------------

// The relationship `{id}` of the signing-in therapist, or 404.
Result<Relationship> OwnRelationship(const Request& req) {
  RK_ASSIGN_OR_RETURN(auto r, repo::FindRelationship(req.db(), std::string(req.Param("id"))));
  if (!r || r->therapist_id != req.user_id()) return Error::NotFound("There is no such couple.");
  return std::move(*r);
}

std::string_view ScreenStateName(ScreenState s) {
  switch (s) {
    case ScreenState::kNotTaken: return "not_taken";
    case ScreenState::kClear: return "taken";
    case ScreenState::kConcerning: return "alone_first";
  }
  return "not_taken";
}

// A couple as their therapist sees them. Screens only once the therapist has accepted.
Result<json::object> CoupleForTherapist(Context& ctx, const Request& req, const Relationship& r) {
  // A couple declined or ended is no longer the therapist's to look at: its status and
  // times only.
  const bool current = r.status == kRequested || r.status == kAccepted;
  std::vector<http::Member> members;
  if (current) {
    RK_ASSIGN_OR_RETURN(members, couples::CurrentMembers(req.db(), r.couple_id));
  }
  json::array partners;
  for (const http::Member& m : members) {
    json::object p{{"display_name", m.display_name}};
    RK_ASSIGN_OR_RETURN(auto q, repo::FindQuestionnaire(req.db(), ctx.sealer, r.couple_id, m.user_id));
    p["where"] = q ? json::value(q->where) : json::value(nullptr);
    p["languages"] = q ? json::value(Array(q->languages)) : json::value(json::array());
    p["time_zone"] = q ? json::value(q->time_zone) : json::value(nullptr);
    if (r.status == kAccepted) {
      RK_ASSIGN_OR_RETURN(ScreenState s, repo::ScreenStateOf(req.db(), ctx.sealer, r.couple_id, m.user_id));
      p["screen"] = ScreenStateName(s);
    }
    partners.push_back(std::move(p));
  }
  return json::object{{"id", r.id},
                      {"status", r.status},
                      {"requested_at", r.created_at},
                      {"decided_at", r.decided_at ? json::value(*r.decided_at) : json::value(nullptr)},
                      {"joint_open", r.joint_open_at.has_value()},
                      {"couple_current", !members.empty()},
                      {"partners", std::move(partners)}};
}

Result<Response> ListCouples(Context& ctx, Request& req) {
  const std::string status = req.QueryParam("status").value_or(std::string(kRequested));
  if (status != kRequested && status != kAccepted && status != kDeclined && status != kEnded)
    return Error::Invalid("Ask for requested, accepted, declined or ended couples.",
                          {{"status", "unknown", "Choose requested, accepted, declined or ended."}});
  RK_ASSIGN_OR_RETURN(auto list, repo::ForTherapist(req.db(), req.user_id(), status, 100));
  json::array out;
  for (const Relationship& r : list) {
    RK_ASSIGN_OR_RETURN(json::object o, CoupleForTherapist(ctx, req, r));
    out.push_back(std::move(o));
  }
  return Json(200, json::object{{"couples", std::move(out)}});
}

Result<Response> GetCouple(Context& ctx, Request& req) {
  RK_ASSIGN_OR_RETURN(Relationship r, OwnRelationship(req));
  RK_ASSIGN_OR_RETURN(json::object o, CoupleForTherapist(ctx, req, r));
  return Json(200, o);
}

Status Audit(Request& req, std::string_view action, const std::string& relationship_id, std::string detail = {}) {
  return audit::Append(req.db(),
                       audit::Event{req.user_id(), std::string(action), "care_relationship", relationship_id,
                                    std::move(detail), req.request_id},
                       req.now);
}

// Moves the therapist's relationship `r` from `from` to `to`, audited as `action`: one
// conditional update, so a double tap lands once (the other gets `conflict`). A change
// to the couples a therapist has wakes the directory.
Result<Response> MoveCouple(Context& ctx, Request& req, const Relationship& r, std::string_view from, std::string_view to,
                            std::string_view action, std::string conflict) {
  RK_ASSIGN_OR_RETURN(bool moved, repo::Move(req.db(), r.id, from, to, req.now));
  if (!moved) return Error::Conflict(std::move(conflict));
  if (to == kEnded)
    for (const auto& hook : ctx.on_end) RK_TRY(hook(req.db(), r.id, req.user_id(), req.now));
  RK_TRY(Audit(req, action, r.id));
  if (from == kAccepted || to == kAccepted) req.AfterCommit([&dir = ctx.directory] { dir.Poke(); });
  RK_ASSIGN_OR_RETURN(auto now, repo::FindRelationship(req.db(), r.id));
  RK_ASSIGN_OR_RETURN(json::object o, CoupleForTherapist(ctx, req, *now));
  return Json(200, o);
}

Result<Response> AcceptCouple(Context& ctx, Request& req) {
  RK_ASSIGN_OR_RETURN(Relationship r, OwnRelationship(req));
  if (r.status != kRequested) return Error::Conflict("This request has been answered already.");
  auto profile = ctx.directory.Profile(req.user_id());
  if (!profile || !therapists::IsMatchable(profile->status, profile->verified_until, req.now))
    return Error::Conflict("Your profile isn't approved and current, so you can't take on couples now.");
  RK_ASSIGN_OR_RETURN(int active, repo::ActiveCountLocked(req.db(), req.user_id()));
  if (active >= profile->profile.capacity)
    return Error::Conflict("You're at your capacity; raise it in your profile or end care with a couple first.");
  return MoveCouple(ctx, req, r, kRequested, kAccepted, "care.accept", "This request has been answered already.");
}

Result<Response> DeclineCouple(Context& ctx, Request& req) {
  RK_ASSIGN_OR_RETURN(Relationship r, OwnRelationship(req));
  return MoveCouple(ctx, req, r, kRequested, kDeclined, "care.decline", "This request has been answered already.");
}

Result<Response> EndCouple(Context& ctx, Request& req) {
  RK_ASSIGN_OR_RETURN(Relationship r, OwnRelationship(req));
  return MoveCouple(ctx, req, r, kAccepted, kEnded, "care.end", "You can end care only with a couple you have taken on.");
}

// The therapist opens sessions together: both screens taken, and where one asked for a
// conversation alone first, the therapist says they had it.
Result<Response> OpenJointSessions(Context& ctx, Request& req) {
  RK_ASSIGN_OR_RETURN(auto body, http::ParseObject(req, {"spoke_alone"}));
  Fields f(body);
  const bool spoke_alone = f.Bool("spoke_alone", false).value_or(false);
  RK_TRY(f.Finish());
  RK_ASSIGN_OR_RETURN(Relationship r, OwnRelationship(req));
  if (r.status != kAccepted) return Error::Conflict("Accept the couple first.");
  if (r.joint_open_at) return Error::Conflict("Sessions together are open already.");
  RK_ASSIGN_OR_RETURN(auto members, couples::CurrentMembers(req.db(), r.couple_id));
  if (members.size() != 2) return Error::Conflict("This couple has ended.");
  RK_ASSIGN_OR_RETURN(ScreenState a, repo::ScreenStateOf(req.db(), ctx.sealer, r.couple_id, members[0].user_id));
  RK_ASSIGN_OR_RETURN(ScreenState b, repo::ScreenStateOf(req.db(), ctx.sealer, r.couple_id, members[1].user_id));
  RK_TRY(CanOpenJoint(a, b, spoke_alone));
  RK_ASSIGN_OR_RETURN(bool opened, repo::OpenJoint(req.db(), r.id, req.now));
  if (!opened) return Error::Conflict("Sessions together are open already.");
  // The same entry either way: whether a check asked for a conversation alone is not the
  // operators' to read.
  RK_TRY(Audit(req, "care.open_joint", r.id));
  RK_ASSIGN_OR_RETURN(auto now, repo::FindRelationship(req.db(), r.id));
  RK_ASSIGN_OR_RETURN(json::object o, CoupleForTherapist(ctx, req, *now));
  return Json(200, o);
}

}  // namespace

void RegisterRoutes(http::Router& router, Context& ctx) {
  using http::Method;
  using http::Policy;
  using http::Work;
  http::RouteTable t(router, ctx);
  t.Add(Method::kGet, "/api/v1/care", Policy::CoupleMember(), Work::kRead, GetCare);
  t.Add(Method::kGet, "/api/v1/care/screen", Policy::CoupleMember(), Work::kRead, GetScreen);
  t.Add(Method::kPost, "/api/v1/care/screen", Policy::CoupleMember(), Work::kWrite, PostScreen);
  t.Add(Method::kGet, "/api/v1/care/resources", Policy::Public(), Work::kNone, GetResources);
  t.Add(Method::kGet, "/api/v1/care/questionnaire", Policy::CoupleMember(), Work::kRead, GetQuestionnaire);
  t.Add(Method::kPut, "/api/v1/care/questionnaire", Policy::CoupleMember(), Work::kWrite, PutQuestionnaire);
  t.Add(Method::kGet, "/api/v1/care/matches", Policy::CoupleMember(), Work::kRead, GetMatches);
  t.Add(Method::kPost, "/api/v1/care/matches/{id}/pass", Policy::CoupleMember(), Work::kWrite, PassMatch);
  t.Add(Method::kDelete, "/api/v1/care/passes", Policy::CoupleMember(), Work::kWrite, ClearPasses);
  t.Add(Method::kPost, "/api/v1/care/requests", Policy::CoupleMember(), Work::kWrite, PostRequest);
  t.Add(Method::kDelete, "/api/v1/care/relationship", Policy::CoupleMember(), Work::kWrite, EndRelationship);
  t.Add(Method::kGet, "/api/v1/therapists/{id}", Policy::SignedIn(), Work::kRead, GetTherapist);
  t.Add(Method::kGet, "/api/v1/therapist/couples", Policy::Therapist(), Work::kRead, ListCouples);
  t.Add(Method::kGet, "/api/v1/therapist/couples/{id}", Policy::Therapist(), Work::kRead, GetCouple);
  t.Add(Method::kPost, "/api/v1/therapist/couples/{id}/accept", Policy::Therapist(), Work::kWrite, AcceptCouple);
  t.Add(Method::kPost, "/api/v1/therapist/couples/{id}/decline", Policy::Therapist(), Work::kWrite, DeclineCouple);
  t.Add(Method::kPost, "/api/v1/therapist/couples/{id}/end", Policy::Therapist(), Work::kWrite, EndCouple);
  t.Add(Method::kPost, "/api/v1/therapist/couples/{id}/joint", Policy::Therapist(), Work::kWrite, OpenJointSessions);
}

Result<std::int64_t> Reseal(db::Connection& c, const crypto::Sealer& s) { return repo::Reseal(c, s); }

}  // namespace rk::care
