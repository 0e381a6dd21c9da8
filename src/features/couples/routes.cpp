#include "features/couples/routes.hpp"

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

json::object CoupleJson(const CoupleAccess& a) {
  json::array partners;
  for (const Partner* p : {&a.me, a.partner ? &*a.partner : nullptr}) {
    if (!p) continue;
    partners.push_back(json::object{{"id", p->user_id}, {"display_name", p->display_name}, {"is_me", p == &a.me}});
  }
  return {{"id", a.couple_id}, {"partners", std::move(partners)}, {"since", FormatRfc3339(a.since)},
          {"time_zone", a.time_zone}};
}

// After a couple formed or ended (committed): both partners' live connections close and
// reconnect, so none keeps relaying to a former partner.
void TellLive(Context& ctx, const CoupleAccess& couple) {
  if (!ctx.live) return;
  ctx.live->CoupleChanged(couple.me.user_id);
  if (couple.partner) ctx.live->CoupleChanged(couple.partner->user_id);
}

Response CreateInvite(Context& ctx, Request& req) {
  auto result = ctx.db.Transaction<repo::Invite>([&](db::Connection& c) -> Result<repo::Invite> {
    RK_ASSIGN_OR_RETURN(auto couple, repo::ActiveCoupleId(c, req.user_id()));
    if (couple) return Error::Conflict("You are already in a couple. Leave it first to invite someone else.");
    const Millis now = ctx.now();
    for (int attempt = 0; attempt < 5; ++attempt) {
      repo::Invite invite{NewInviteCode(crypto::RandomBelow), req.user_id(), now, now + kInviteLifetime, {}};
      Status s = repo::InsertInvite(c, invite);
      if (s.ok()) return invite;
      if (s.error().code != ErrorCode::kConflict) return std::move(s).error();
    }
    return Error::Unavailable("Could not make a code just now. Please try again.");
  });
  if (!result.ok()) return Problem(result.error());
  const std::string code = FormatInviteCode(result->code);
  return Json(201, json::object{{"code", code},
                                {"link", "/join/" + code},
                                {"expires_at", FormatRfc3339(result->expires_at)}});
}

Response Join(Context& ctx, Request& req) {
  auto body = http::ParseObject(req, {"code"});
  if (!body.ok()) return Problem(body.error());
  http::Fields f(*body);
  auto typed = f.String("code", true, 1, 32);
  if (Status s = f.Finish(); !s.ok()) return Problem(s.error());

  const Millis now = ctx.now();
  const std::string key = "user:" + req.user_id();
  if (int wait = ctx.join_failures.RetryAfter(key, now); wait > 0)
    return Problem(Error::RateLimited("Too many codes tried. Please wait a little and try again.", wait));
  const auto code = NormalizeInviteCode(*typed);
  if (!code) {
    ctx.join_failures.Hit(key, now);
    return Problem(Error::NotFound("There is no invite with that code. Check it with your partner."));
  }
  auto result = ctx.db.Transaction<CoupleAccess>([&](db::Connection& c) -> Result<CoupleAccess> {
    RK_ASSIGN_OR_RETURN(auto invite, repo::FindInvite(c, *code));
    if (!invite) return Error::NotFound("There is no invite with that code. Check it with your partner.");
    if (invite->inviter_id == req.user_id())
      return Error::Conflict("This is your own invite. Send it to your partner to join.");
    if (invite->used_at) return Error::Gone("This invite has already been used. Ask your partner for a new one.");
    if (invite->expires_at <= now) return Error::Gone("This invite has expired. Ask your partner for a new one.");
    RK_ASSIGN_OR_RETURN(auto mine, repo::ActiveCoupleId(c, req.user_id()));
    if (mine) return Error::Conflict("You are already in a couple. Leave it first to join another.");
    RK_ASSIGN_OR_RETURN(auto theirs, repo::ActiveCoupleId(c, invite->inviter_id));
    if (theirs) return Error::Conflict("This invite is no longer open. Ask your partner for a new one.");
    RK_ASSIGN_OR_RETURN(std::string tz, repo::UserTimeZone(c, invite->inviter_id));
    RK_TRY(repo::MarkInviteUsed(c, *code, req.user_id(), now));
    RK_TRY(repo::WithdrawInvites(c, invite->inviter_id, now));
    RK_TRY(repo::WithdrawInvites(c, req.user_id(), now));
    const std::string couple_id = crypto::NewId(now);
    RK_TRY(repo::InsertCouple(c, couple_id, tz, now, {invite->inviter_id, req.user_id()}));
    return RequireCouple(c, req.user_id());
  });
  if (!result.ok()) {
    if (result.error().code == ErrorCode::kNotFound) ctx.join_failures.Hit(key, now);
    return Problem(result.error());
  }
  log::Info("couple_formed", {{"couple_id", result->couple_id}});
  TellLive(ctx, *result);
  return Json(201, CoupleJson(*result));
}

Response GetCouple(Context& ctx, Request& req) {
  auto conn = ctx.db.Acquire().value();
  auto access = RequireCouple(*conn, req.user_id());
  if (!access.ok()) return Problem(access.error());
  return Json(200, CoupleJson(*access));
}

// The couple's shared time zone decides when a new daily question begins. Either
// partner may change it.
Response PatchCouple(Context& ctx, Request& req) {
  auto body = http::ParseObject(req, {"time_zone"});
  if (!body.ok()) return Problem(body.error());
  http::Fields f(*body);
  auto tz = f.String("time_zone", true, 1, 64);
  if (tz && !IsKnownTimeZone(*tz)) f.Add("time_zone", "unknown_time_zone", "Choose a time zone from the list, such as Europe/Berlin.");
  if (Status s = f.Finish(); !s.ok()) return Problem(s.error());
  auto conn = ctx.db.Acquire().value();
  auto access = RequireCouple(*conn, req.user_id());
  if (!access.ok()) return Problem(access.error());
  if (Status s = repo::SetTimeZone(*conn, access->couple_id, *tz); !s.ok()) return Problem(s.error());
  access->time_zone = *tz;
  return Json(200, CoupleJson(*access));
}

Response Leave(Context& ctx, Request& req) {
  auto result = ctx.db.Transaction<CoupleAccess>([&](db::Connection& c) -> Result<CoupleAccess> {
    RK_ASSIGN_OR_RETURN(auto couple, RequireCouple(c, req.user_id()));
    RK_TRY(repo::EndCouple(c, couple.couple_id, ctx.now()));
    return couple;
  });
  if (!result.ok()) return Problem(result.error());
  TellLive(ctx, *result);
  return Response::NoContent();
}

}  // namespace

Status LeaveIfMember(db::Connection& c, const std::string& user_id, Millis now) {
  RK_ASSIGN_OR_RETURN(auto id, repo::ActiveCoupleId(c, user_id));
  if (id) RK_TRY(repo::EndCouple(c, *id, now));
  return {};
}

void RegisterRoutes(http::Router& router, Context& ctx) {
  using http::Access;
  using http::Method;
  http::RouteTable t(router, ctx);
  t.Add(Method::kPost, "/api/v1/couple/invites", Access::kSession, CreateInvite);
  t.Add(Method::kPost, "/api/v1/couple/join", Access::kSession, Join);
  t.Add(Method::kGet, "/api/v1/couple", Access::kSession, GetCouple);
  t.Add(Method::kPatch, "/api/v1/couple", Access::kSession, PatchCouple);
  t.Add(Method::kDelete, "/api/v1/couple/membership", Access::kSession, Leave);
}

}  // namespace rk::couples
