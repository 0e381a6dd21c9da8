#include "features/couples/routes.hpp"

#include "features/accounts/people.hpp"
#include "features/couples/access.hpp"
#include "features/couples/couples.hpp"
#include "features/couples/repo.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/http/json.hpp"
#include "platform/log/log.hpp"

namespace rk::couples {
namespace {

using http::Json;
using http::Problem;
using http::Request;
using http::Response;
namespace json = boost::json;

json::object CoupleJson(const http::CoupleRef& a) {
  json::array partners;
  for (const http::Member* p : {&a.me, a.partner ? &*a.partner : nullptr}) {
    if (!p) continue;
    partners.push_back(json::object{{"id", p->user_id}, {"display_name", p->display_name}, {"is_me", p == &a.me}});
  }
  return {{"id", a.id}, {"partners", std::move(partners)}, {"since", FormatRfc3339(a.since)}, {"time_zone", a.time_zone}};
}

// Once the change commits: both partners' live connections close and reconnect, so none
// keeps relaying to a former partner.
void TellLive(Context& ctx, Request& req, const http::CoupleRef& couple) {
  if (!ctx.live) return;
  req.AfterCommit([&ctx, me = couple.me.user_id, partner = couple.partner ? couple.partner->user_id : std::string()] {
    ctx.live->CoupleChanged(me);
    if (!partner.empty()) ctx.live->CoupleChanged(partner);
  });
}

Result<Response> CreateInvite(Context& ctx, Request& req) {
  db::Connection& c = req.db();
  RK_ASSIGN_OR_RETURN(auto couple, repo::ActiveCoupleId(c, req.user_id()));
  if (couple) return Error::Conflict("You are already in a couple. Leave it first to invite someone else.");
  for (int attempt = 0; attempt < 5; ++attempt) {
    repo::Invite invite{NewInviteCode(crypto::RandomBelow), req.user_id(), req.now, req.now + kInviteLifetime, {}};
    // A code that exists already is skipped without an error (which would end the
    // request's transaction on PostgreSQL).
    RK_ASSIGN_OR_RETURN(bool added, repo::InsertInvite(c, invite));
    if (added) {
      const std::string code = FormatInviteCode(invite.code);
      return Json(201, json::object{{"code", code}, {"link", "/join/" + code}, {"expires_at", FormatRfc3339(invite.expires_at)}});
    }
  }
  return Error::Unavailable("Could not make a code just now. Please try again.");
}

// Everything a join changes is one transaction; a concurrent join of the same invite
// finds it used (MarkInviteUsed), and the database refuses a second couple for anyone.
Result<Response> Join(Context& ctx, Request& req) {
  RK_ASSIGN_OR_RETURN(auto body, http::ParseObject(req, {"code"}));
  http::Fields f(body);
  auto typed = f.String("code", true, 1, 32);
  RK_TRY(f.Finish());

  const std::string key = "user:" + req.user_id();
  if (int wait = ctx.join_failures.RetryAfter(key, req.now); wait > 0)
    return Error::RateLimited("Too many codes tried. Please wait a little and try again.", wait);
  const auto code = NormalizeInviteCode(*typed);
  db::Connection& c = req.db();
  std::optional<repo::Invite> invite;
  if (code) {
    RK_ASSIGN_OR_RETURN(invite, repo::FindInvite(c, *code));
  }
  if (invite) {
    // Both people's open invites are locked in one order before anything changes, so
    // two people joining each other's invites at once wait for each other instead of
    // deadlocking; then the invite is read again, as the winner left it.
    RK_TRY(repo::LockOpenInvites(c, invite->inviter_id, req.user_id()));
    RK_ASSIGN_OR_RETURN(invite, repo::FindInvite(c, *code));
  }
  std::optional<InviteState> state;
  bool joiner_in_couple = false, inviter_in_couple = false;
  if (invite) {
    state = InviteState{invite->inviter_id, invite->expires_at, invite->used_at.has_value()};
    RK_ASSIGN_OR_RETURN(auto mine, repo::ActiveCoupleId(c, req.user_id()));
    RK_ASSIGN_OR_RETURN(auto theirs, repo::ActiveCoupleId(c, invite->inviter_id));
    joiner_in_couple = mine.has_value();
    inviter_in_couple = theirs.has_value();
  }
  if (Status s = CheckJoin(state ? &*state : nullptr, req.user_id(), req.now, joiner_in_couple, inviter_in_couple);
      !s.ok()) {
    if (s.error().code == ErrorCode::kNotFound) ctx.join_failures.Hit(key, req.now);
    return std::move(s).error();
  }
  RK_ASSIGN_OR_RETURN(auto inviter, accounts::FindPerson(c, invite->inviter_id));
  if (!inviter) return Error::Gone("This invite is no longer open. Ask your partner for a new one.");
  RK_TRY(repo::MarkInviteUsed(c, *code, req.user_id(), req.now));
  RK_TRY(repo::WithdrawInvites(c, invite->inviter_id, req.now));
  RK_TRY(repo::WithdrawInvites(c, req.user_id(), req.now));
  const std::string couple_id = crypto::NewId(req.now);
  if (Status s = repo::InsertCouple(c, couple_id, inviter->time_zone, req.now, {invite->inviter_id, req.user_id()});
      !s.ok()) {
    if (s.error().code == ErrorCode::kConflict) return Error::Conflict("One of you joined another couple just now.");
    return std::move(s).error();
  }
  RK_ASSIGN_OR_RETURN(http::CoupleRef couple, RequireCouple(c, req.user_id()));
  req.AfterCommit([id = couple.id] { log::Info("couple_formed", {{"couple_id", id}}); });
  TellLive(ctx, req, couple);
  return Json(201, CoupleJson(couple));
}

// Not being in a couple is an ordinary state, not an error: 204, so a page that asks
// for it on every visit does not log a failed request.
Result<Response> GetCouple(Context& ctx, Request& req) {
  RK_ASSIGN_OR_RETURN(auto id, repo::ActiveCoupleId(req.db(), req.user_id()));
  if (!id) return Response::NoContent();
  RK_ASSIGN_OR_RETURN(http::CoupleRef couple, RequireCouple(req.db(), req.user_id()));
  return Json(200, CoupleJson(couple));
}

// The couple's shared time zone decides when a new daily question begins. Either
// partner may change it.
Result<Response> PatchCouple(Context& ctx, Request& req) {
  RK_ASSIGN_OR_RETURN(auto body, http::ParseObject(req, {"time_zone"}));
  http::Fields f(body);
  auto tz = f.String("time_zone", true, 1, 64);
  if (tz && !IsKnownTimeZone(*tz)) f.Add("time_zone", "unknown_time_zone", "Choose a time zone from the list, such as Europe/Berlin.");
  RK_TRY(f.Finish());
  RK_TRY(repo::SetTimeZone(req.db(), req.couple().id, *tz));
  http::CoupleRef couple = req.couple();
  couple.time_zone = *tz;
  return Json(200, CoupleJson(couple));
}

Result<Response> Leave(Context& ctx, Request& req) {
  RK_TRY(repo::EndCouple(req.db(), req.couple().id, req.now));
  TellLive(ctx, req, req.couple());
  return Response::NoContent();
}

}  // namespace

void RegisterRoutes(http::Router& router, Context& ctx) {
  using http::Method;
  using http::Policy;
  using http::Work;
  http::RouteTable t(router, ctx);
  t.Add(Method::kPost, "/api/v1/couple/invites", Policy::SignedIn(), Work::kWrite, CreateInvite);
  t.Add(Method::kPost, "/api/v1/couple/join", Policy::SignedIn(), Work::kWrite, Join);
  t.Add(Method::kGet, "/api/v1/couple", Policy::SignedIn(), Work::kRead, GetCouple);
  t.Add(Method::kPatch, "/api/v1/couple", Policy::CoupleMember(), Work::kWrite, PatchCouple);
  t.Add(Method::kDelete, "/api/v1/couple/membership", Policy::CoupleMember(), Work::kWrite, Leave);
}

Result<std::int64_t> PurgeExpiredInvites(db::Connection& c, Millis now) { return repo::PurgeExpiredInvites(c, now); }

}  // namespace rk::couples
