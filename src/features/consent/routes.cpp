#include "features/consent/routes.hpp"

#include <algorithm>

#include "features/accounts/people.hpp"
#include "features/care/relationships.hpp"
#include "features/consent/consent.hpp"
#include "features/consent/repo.hpp"
#include "features/selfcare/summary.hpp"
#include "features/together/summary.hpp"
#include "features/triangle/summary.hpp"
#include "platform/base/timezone.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/http/json.hpp"

namespace rk::consent {
namespace {

using http::Fields;
using http::Json;
using http::Request;
using http::Response;
namespace json = boost::json;

// How far back a therapist's view of shared results reaches.
constexpr Millis kLookBack = 365 * kDay;
constexpr int kJournalLimit = 50;
constexpr int kLogLimit = 100;

bool Contains(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

// --- a partner's side -------------------------------------------------------------------

// The care relationship a partner's consent belongs to: the couple's accepted one.
Result<std::optional<care::Relationship>> OpenCare(Request& req) {
  RK_ASSIGN_OR_RETURN(auto r, care::CurrentRelationship(req.db(), req.couple().id));
  if (!r || r->status != care::kAccepted) return std::optional<care::Relationship>();
  return r;
}

Result<json::object> ConsentJson(Request& req, const std::optional<care::Relationship>& care) {
  json::object out;
  json::array scopes;
  std::vector<repo::Granted> grants;
  if (care) {
    RK_ASSIGN_OR_RETURN(grants, repo::Grants(req.db(), care->id, req.user_id()));
    RK_ASSIGN_OR_RETURN(auto therapist, accounts::FindPerson(req.db(), care->therapist_id));
    out["therapist"] = json::object{{"display_name", therapist ? therapist->display_name : std::string()}};
  } else {
    out["therapist"] = nullptr;
  }
  for (std::string_view scope : kScopes) {
    auto g = std::find_if(grants.begin(), grants.end(), [&](const repo::Granted& x) { return x.scope == scope; });
    scopes.push_back(json::object{{"scope", scope},
                                  {"shared", g != grants.end()},
                                  {"since", g != grants.end() ? json::value(g->granted_at) : json::value(nullptr)}});
  }
  out["open"] = care.has_value();
  out["scopes"] = std::move(scopes);
  return out;
}

Result<Response> GetConsent(Context&, Request& req) {
  RK_ASSIGN_OR_RETURN(auto care, OpenCare(req));
  RK_ASSIGN_OR_RETURN(json::object out, ConsentJson(req, care));
  return Json(200, out);
}

// Shares one scope with the couple's therapist, or withdraws it: at once, for the next
// request the therapist makes. Says nothing to the partner.
Result<Response> PutConsent(Context&, Request& req) {
  const std::string scope(req.Param("scope"));
  if (!IsScope(scope)) return Error::NotFound("There is no such kind of result to share.");
  RK_ASSIGN_OR_RETURN(auto body, http::ParseObject(req, {"shared"}));
  Fields f(body);
  auto shared = f.Bool("shared", true);
  RK_TRY(f.Finish());
  RK_ASSIGN_OR_RETURN(auto care, OpenCare(req));
  if (!care) return Error::Conflict("You have no therapist to share with.");
  RK_ASSIGN_OR_RETURN(bool changed, *shared ? repo::Grant(req.db(), care->id, req.user_id(), scope, req.now)
                                            : repo::Withdraw(req.db(), care->id, req.user_id(), scope));
  if (changed) {
    RK_TRY(repo::Log(req.db(), repo::LogLine{crypto::NewId(req.now), care->id, req.user_id(), req.user_id(),
                                             std::string(*shared ? repo::kGranted : repo::kWithdrawn), scope, req.now}));
  }
  RK_ASSIGN_OR_RETURN(json::object out, ConsentJson(req, care));
  return Json(200, out);
}

// Who saw what, when: the person's own log of their consent and of every read of it.
Result<Response> GetLog(Context&, Request& req) {
  const std::string before = req.QueryParam("before").value_or("");
  if (before.size() > 64) return Error::Invalid("before must be an entry id.", {{"before", "invalid", "Use an entry id."}});
  RK_ASSIGN_OR_RETURN(auto lines, repo::LogOf(req.db(), req.user_id(), before, kLogLimit));
  std::map<std::string, std::string> names;
  json::array out;
  for (const repo::LogLine& l : lines) {
    const bool mine = l.actor_id == req.user_id();
    if (!mine && !names.contains(l.actor_id)) {
      RK_ASSIGN_OR_RETURN(auto p, accounts::FindPerson(req.db(), l.actor_id));
      names[l.actor_id] = p ? p->display_name : std::string();
    }
    out.push_back(json::object{{"id", l.id},
                               {"action", l.action},
                               {"scope", l.scope},
                               {"by", mine ? "me" : "therapist"},
                               {"name", mine ? json::value(nullptr) : json::value(names[l.actor_id])},
                               {"at", l.at}});
  }
  return Json(200, json::object{{"entries", std::move(out)}});
}

// --- the therapist's side ---------------------------------------------------------------

// Which scopes each partner shares: names only, never results.
Result<Response> TherapistConsent(Context&, Request& req) {
  const http::CareRef& care = req.care();
  json::array partners;
  for (const http::Member& m : care.partners) {
    json::array scopes;
    if (care.open) {
      RK_ASSIGN_OR_RETURN(auto grants, repo::Grants(req.db(), care.relationship_id, m.user_id));
      for (std::string_view scope : kScopes)
        if (std::any_of(grants.begin(), grants.end(), [&](const repo::Granted& g) { return g.scope == scope; }))
          scopes.push_back(json::string(scope));
    }
    partners.push_back(json::object{{"id", m.user_id}, {"display_name", m.display_name}, {"shares", std::move(scopes)}});
  }
  return Json(200, json::object{{"open", care.open}, {"partners", std::move(partners)}});
}

using Reader = Result<json::value> (*)(Context&, Request&, const http::Member&);

// The partners of the therapist's couple, each with `read`'s results when they share
// `scope` (each such read recorded), else only that they do not.
Result<Response> Shared(Context& ctx, Request& req, std::string_view scope, Reader read) {
  const http::CareRef& care = req.care();
  json::array partners;
  for (const http::Member& m : care.partners) {
    json::object p{{"id", m.user_id}, {"display_name", m.display_name}};
    const bool shares = Contains(care.sharing, m.user_id);
    p["shared"] = shares;
    if (shares) {
      RK_ASSIGN_OR_RETURN(p["results"], read(ctx, req, m));
      RK_TRY(RecordRead(req.db(), care.relationship_id, req.user_id(), m.user_id, scope, req.request_id, req.now));
    }
    partners.push_back(std::move(p));
  }
  return Json(200, json::object{{"scope", scope}, {"partners", std::move(partners)}});
}

Result<json::value> ReadTriangle(Context& ctx, Request& req, const http::Member& m) {
  RK_ASSIGN_OR_RETURN(auto series, triangle::ChecksSince(req.db(), ctx.catalog, ctx.sealer, m.user_id, req.now - kLookBack));
  // Each check after the first is marked, per component, with its change since the
  // previous one and whether that is beyond measurement noise (reliable change).
  json::array points;
  for (std::size_t i = 0; i < series.points.size(); ++i) {
    const auto& p = series.points[i];
    json::object scores, change;
    for (const auto& [k, v] : p.scores) scores[k] = v;
    for (const auto& [k, d] : p.change) change[k] = json::object{{"delta", d.delta}, {"reliable", d.reliable}};
    json::object point{{"taken_at", p.taken_at}, {"scores", std::move(scores)}};
    point["change"] = i > 0 ? json::value(std::move(change)) : json::value(nullptr);
    points.push_back(std::move(point));
  }
  return json::value(json::object{{"form", series.form.empty() ? json::value(nullptr) : json::value(series.form)},
                                  {"min", series.min},
                                  {"max", series.max},
                                  {"points", std::move(points)}});
}

Result<json::value> ReadReflections(Context& ctx, Request& req, const http::Member& m) {
  RK_ASSIGN_OR_RETURN(auto evenings, together::EveningsBetween(req.db(), req.care().couple_id, m.user_id,
                                                               req.now - kLookBack, req.now, &ctx.sealer));
  json::array out;
  for (const auto& e : evenings) {
    if (!e.met && !e.reflected) continue;
    out.push_back(json::object{{"start", e.start},
                               {"met", e.met},
                               {"reflected", e.reflected},
                               {"happened", e.happened},
                               {"closeness", e.closeness ? json::value(*e.closeness) : json::value(nullptr)},
                               {"note", e.note}});
  }
  return json::value(json::object{{"evenings", std::move(out)}});
}

Result<json::value> ReadSelfcare(Context&, Request& req, const http::Member& m) {
  const std::int64_t today = req.now / kDay;
  RK_ASSIGN_OR_RETURN(auto days, selfcare::TotalsByDay(req.db(), m.user_id, today - 365, today + 1));
  json::array out;
  for (const auto& d : days)
    out.push_back(json::object{{"day", Date::FromDayNumber(d.day).ToString()},
                               {"entries", d.entries},
                               {"minutes", d.minutes},
                               {"mood", static_cast<double>(d.mood_sum) / static_cast<double>(std::max<std::int64_t>(d.entries, 1))},
                               {"energy", static_cast<double>(d.energy_sum) / static_cast<double>(std::max<std::int64_t>(d.entries, 1))}});
  return json::value(json::object{{"days", std::move(out)}});
}

Result<json::value> ReadJournal(Context& ctx, Request& req, const http::Member& m) {
  RK_ASSIGN_OR_RETURN(auto entries, selfcare::SharedEntries(req.db(), ctx.sealer, m.user_id, req.care().couple_id,
                                                            kJournalLimit));
  json::array out;
  for (const auto& e : entries)
    out.push_back(json::object{{"id", e.id}, {"title", e.title}, {"body", e.body}, {"shared_at", e.shared_at}});
  return json::value(json::object{{"entries", std::move(out)}});
}

Result<Response> SharedTriangle(Context& ctx, Request& req) { return Shared(ctx, req, "triangle", ReadTriangle); }
Result<Response> SharedReflections(Context& ctx, Request& req) { return Shared(ctx, req, "reflections", ReadReflections); }
Result<Response> SharedSelfcare(Context& ctx, Request& req) { return Shared(ctx, req, "selfcare", ReadSelfcare); }
Result<Response> SharedJournal(Context& ctx, Request& req) { return Shared(ctx, req, "journal", ReadJournal); }

}  // namespace

void RegisterRoutes(http::Router& router, Context& ctx) {
  using http::Method;
  using http::Policy;
  using http::Work;
  http::RouteTable t(router, ctx);
  t.Add(Method::kGet, "/api/v1/care/consent", Policy::CoupleMember(), Work::kRead, GetConsent);
  t.Add(Method::kPut, "/api/v1/care/consent/{scope}", Policy::CoupleMember(), Work::kWrite, PutConsent);
  t.Add(Method::kGet, "/api/v1/care/consent/log", Policy::CoupleMember(), Work::kRead, GetLog);
  t.Add(Method::kGet, "/api/v1/therapist/couples/{id}/consent", Policy::TherapistOfCouple(""), Work::kRead, TherapistConsent);
  // Reads that are recorded: each writes the partner's log and the audit log.
  t.Add(Method::kGet, "/api/v1/therapist/couples/{id}/shared/triangle", Policy::TherapistOfCouple("triangle"), Work::kWrite,
        SharedTriangle);
  t.Add(Method::kGet, "/api/v1/therapist/couples/{id}/shared/reflections", Policy::TherapistOfCouple("reflections"),
        Work::kWrite, SharedReflections);
  t.Add(Method::kGet, "/api/v1/therapist/couples/{id}/shared/selfcare", Policy::TherapistOfCouple("selfcare"),
        Work::kWrite, SharedSelfcare);
  t.Add(Method::kGet, "/api/v1/therapist/couples/{id}/shared/journal", Policy::TherapistOfCouple("journal"), Work::kWrite,
        SharedJournal);
}

}  // namespace rk::consent
