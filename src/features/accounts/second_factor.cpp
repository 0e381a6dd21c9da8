// The second factor: a TOTP authenticator app and recovery codes. Any person may turn it
// on; a therapist or an operator reaches what their role opens only with it (the route
// policies check Principal::second_factor).
//
// Sign-in with a second factor is two requests: the right password gives a challenge
// (a token good for 5 minutes and 5 codes), and the challenge with a code gives the
// session. A password reset changes the password only: the next sign-in still asks for a
// code. Losing both the app and the recovery codes takes an operator (docs/care.md).

#include "features/accounts/internal.hpp"
#include "features/accounts/people.hpp"
#include "platform/crypto/totp.hpp"
#include "platform/log/log.hpp"

namespace rk::accounts::detail {
namespace {

using http::Fields;
using http::Json;
using http::Request;
using http::Response;
namespace json = boost::json;
namespace totp = crypto::totp;

constexpr Millis kChallengeLifetime = 5 * kMinute;
constexpr int kChallengeAttempts = 5;
constexpr std::string_view kIssuer = "rekindle";

// Whether a role the person holds needs a second factor (all of them do today).
bool RoleNeedsSecondFactor(const std::vector<http::Role>& roles) { return !roles.empty(); }

// A wrong code: 401 while signing in, 403 for a signed-in person re-proving it (like a
// wrong current password).
Error WrongCode(ErrorCode code = ErrorCode::kPermissionDenied) {
  return Error{code,
               "That code is not right.",
               {{"code", "wrong_code", "Enter the 6-digit code your app shows now, or one of your recovery codes."}},
               0};
}

// A code as typed: digits, maybe with spaces ("123 456").
std::optional<std::string> ReadCode(Fields& f, std::string_view name, bool required) {
  auto raw = f.String(name, required, 1, 32);
  if (!raw) return std::nullopt;
  std::string code;
  for (char ch : *raw)
    if (ch != ' ' && ch != '-') code += ch;
  return code;
}

// Wrong codes are counted per account (Context::second_factor).
std::string ThrottleKey(const std::string& user_id) { return "second-factor:" + user_id; }
Status BeginAttempt(Context& ctx, const std::string& user_id, Millis now) {
  if (int wait = ctx.second_factor.Begin(ThrottleKey(user_id), now); wait > 0)
    return Error::RateLimited("Too many attempts. Please wait a little and try again.", wait);
  return {};
}

// The "code" a signed-in person sends to re-prove their factor, with the attempt counted.
Result<std::string> ReadCodeAttempt(Context& ctx, Request& req) {
  RK_ASSIGN_OR_RETURN(auto body, http::ParseObject(req, {"code"}));
  Fields f(body);
  auto code = ReadCode(f, "code", true);
  RK_TRY(f.Finish());
  RK_TRY(BeginAttempt(ctx, req.user_id(), req.now));
  return std::move(*code);
}

// The person's secret, opened.
Result<std::string> OpenSecret(Context& ctx, const SecondFactor& factor) {
  return ctx.sealer->Open(factor.secret, SecondFactorContext(factor.user_id));
}

// Checks a TOTP code against the confirmed factor and uses up its step; false when it is
// not the right code or was used already.
Result<bool> UseCode(Context& ctx, Request& req, const SecondFactor& factor, const std::string& code) {
  RK_ASSIGN_OR_RETURN(std::string secret, OpenSecret(ctx, factor));
  RK_ASSIGN_OR_RETURN(auto step, totp::Verify(secret, code, req.now, factor.last_step));
  if (!step) return false;
  RK_ASSIGN_OR_RETURN(std::int64_t advanced, repo::AdvanceSecondFactor(req.db(), factor.user_id, *step));
  return advanced == 1;
}

// Ten new recovery codes: kept hashed, returned to be shown once.
Result<json::array> NewRecoveryCodes(Request& req, const std::string& user_id) {
  const std::vector<std::string> codes = totp::NewRecoveryCodes();
  std::vector<std::string> hashes;
  json::array out;
  for (const std::string& code : codes) {
    hashes.push_back(totp::RecoveryHash(code));
    out.push_back(json::string(code));
  }
  RK_TRY(repo::ReplaceRecoveryCodes(req.db(), user_id, hashes));
  return out;
}

Result<Response> GetSecondFactor(Context& ctx, Request& req) {
  RK_ASSIGN_OR_RETURN(auto factor, repo::FindSecondFactor(req.db(), req.user_id()));
  const bool enabled = factor && factor->confirmed_at;
  std::int64_t left = 0;
  if (enabled) {
    RK_ASSIGN_OR_RETURN(left, repo::CountUnusedRecoveryCodes(req.db(), req.user_id()));
  }
  return Json(200, json::object{{"enabled", enabled},
                                {"required", RoleNeedsSecondFactor(req.principal->roles)},
                                {"recovery_codes_left", left}});
}

// Starts setting up an authenticator app (after the password, so that a session left
// open somewhere cannot lock its owner out): a new secret, shown once, pending until a
// code from it is confirmed.
Result<Response> StartSecondFactor(Context& ctx, Request& req) {
  RK_ASSIGN_OR_RETURN(auto body, http::ParseObject(req, {"password"}));
  Fields f(body);
  auto password = ReadPassword(f, "password");
  RK_TRY(f.Finish());
  RK_ASSIGN_OR_RETURN(User user, LoadMe(req));
  RK_ASSIGN_OR_RETURN(bool enabled, repo::HasSecondFactor(req.db(), user.id));
  if (enabled) return Error::Conflict("A second factor is set up already. Turn it off first to set up another.");
  return req.Then(http::Work::kCompute, [&ctx, user = std::move(user),
                                         password = std::move(*password)](Request& req) -> Result<Response> {
    RK_TRY(Reauthenticate(ctx, req, user, password, "password"));
    return req.Then(http::Work::kWrite, [&ctx, user](Request& req) -> Result<Response> {
      const std::string secret = totp::NewSecret();
      RK_ASSIGN_OR_RETURN(std::int64_t put, repo::PutPendingSecondFactor(
                                                req.db(), user.id, ctx.sealer->Seal(secret, SecondFactorContext(user.id)),
                                                req.now));
      if (put == 0) return Error::Conflict("A second factor is set up already. Turn it off first to set up another.");
      return Json(201, json::object{{"secret", secret}, {"uri", totp::Uri(kIssuer, user.email, secret)}});
    });
  });
}

// Confirms the app with a code from it: the factor counts from now, other sessions end
// (they were opened without it), and the recovery codes are shown once.
Result<Response> ConfirmSecondFactor(Context& ctx, Request& req) {
  RK_ASSIGN_OR_RETURN(const std::string code, ReadCodeAttempt(ctx, req));
  RK_ASSIGN_OR_RETURN(auto factor, repo::FindSecondFactor(req.db(), req.user_id()));
  if (!factor) return Error::Conflict("Start setting up your authenticator app first.");
  if (factor->confirmed_at) return Error::Conflict("Your second factor is set up already.");
  RK_ASSIGN_OR_RETURN(std::string secret, OpenSecret(ctx, *factor));
  RK_ASSIGN_OR_RETURN(auto step, totp::Verify(secret, code, req.now, std::nullopt));
  if (!step) return WrongCode();
  ctx.second_factor.Succeeded(ThrottleKey(req.user_id()));
  RK_ASSIGN_OR_RETURN(std::int64_t confirmed, repo::ConfirmSecondFactor(req.db(), req.user_id(), *step, req.now));
  if (confirmed == 0) return Error::Conflict("Your second factor is set up already.");
  RK_ASSIGN_OR_RETURN(json::array codes, NewRecoveryCodes(req, req.user_id()));
  RK_TRY(repo::DeleteSessionsExcept(req.db(), req.user_id(), req.principal->session_id));
  RK_TRY(repo::DeleteChallenges(req.db(), req.user_id()));
  RK_TRY(QueueMail(ctx, req,
                   {.to = UserRef(req.user_id()),
                    .template_name = "second_factor_on",
                    .vars = {{"time", FormatMailTime(req.now)}}}));
  req.AfterCommit([&ctx, id = req.user_id(), keep = req.principal->session_id] {
    if (ctx.live) ctx.live->CloseOtherSessions(id, keep);
    log::Info("second_factor_enabled", {{"user_id", id}});
  });
  return Json(200, json::object{{"enabled", true}, {"recovery_codes", std::move(codes)}});
}

// New recovery codes for old ones, with a code from the app.
Result<Response> RenewRecoveryCodes(Context& ctx, Request& req) {
  RK_ASSIGN_OR_RETURN(const std::string code, ReadCodeAttempt(ctx, req));
  RK_ASSIGN_OR_RETURN(auto factor, repo::FindSecondFactor(req.db(), req.user_id()));
  if (!factor || !factor->confirmed_at) return Error::Conflict("Set up your second factor first.");
  RK_ASSIGN_OR_RETURN(bool used, UseCode(ctx, req, *factor, code));
  if (!used) return WrongCode();
  ctx.second_factor.Succeeded(ThrottleKey(req.user_id()));
  RK_ASSIGN_OR_RETURN(json::array codes, NewRecoveryCodes(req, req.user_id()));
  return Json(200, json::object{{"recovery_codes", std::move(codes)}});
}

// Turns the second factor off, with the password; not for a role that needs it.
Result<Response> TurnOffSecondFactor(Context& ctx, Request& req) {
  RK_ASSIGN_OR_RETURN(auto body, http::ParseObject(req, {"password"}));
  Fields f(body);
  auto password = ReadPassword(f, "password");
  RK_TRY(f.Finish());
  if (RoleNeedsSecondFactor(req.principal->roles))
    return Error::Conflict("A therapist's or an operator's account needs its second factor.");
  RK_ASSIGN_OR_RETURN(User user, LoadMe(req));
  return req.Then(http::Work::kCompute, [&ctx, user = std::move(user),
                                         password = std::move(*password)](Request& req) -> Result<Response> {
    RK_TRY(Reauthenticate(ctx, req, user, password, "password"));
    return req.Then(http::Work::kWrite, [&ctx, id = user.id](Request& req) -> Result<Response> {
      RK_ASSIGN_OR_RETURN(bool enabled, repo::HasSecondFactor(req.db(), id));
      RK_TRY(repo::DeleteSecondFactor(req.db(), id));
      RK_TRY(repo::DeleteChallenges(req.db(), id));
      if (enabled) {
        RK_TRY(QueueMail(ctx, req,
                         {.to = UserRef(id), .template_name = "second_factor_off", .vars = {{"time", FormatMailTime(req.now)}}}));
        req.AfterCommit([id] { log::Info("second_factor_disabled", {{"user_id", id}}); });
      }
      return Response::NoContent();
    });
  });
}

// The second step of signing in: the challenge from the first, and a code from the app
// or a recovery code. The attempt is counted (and committed) before the code is checked.
Result<Response> CompleteSignIn(Context& ctx, Request& req) {
  RK_ASSIGN_OR_RETURN(auto body, http::ParseObject(req, {"challenge", "code", "recovery_code"}));
  Fields f(body);
  auto challenge = f.String("challenge", true, 1, 128);
  auto code = ReadCode(f, "code", false);
  auto recovery = f.String("recovery_code", false, 1, 64);
  if (f.ok() && code.has_value() == recovery.has_value())
    f.Add("code", "required", "Enter the code from your app, or one recovery code.");
  RK_TRY(f.Finish());
  RK_ASSIGN_OR_RETURN(auto found,
                      repo::TryChallenge(req.db(), crypto::Sha256Hex(*challenge), req.now, kChallengeAttempts));
  if (!found) return Error::Unauthenticated("This sign-in has expired. Please enter your password again.");
  return req.Then(http::Work::kWrite, [&ctx, ch = std::move(*found), code = std::move(code),
                                       recovery = std::move(recovery)](Request& req) -> Result<Response> {
    RK_TRY(BeginAttempt(ctx, ch.user_id, req.now));
    RK_ASSIGN_OR_RETURN(auto user, repo::FindUserById(req.db(), ch.user_id));
    RK_ASSIGN_OR_RETURN(auto factor, repo::FindSecondFactor(req.db(), ch.user_id));
    // The password changed (or the factor went) since the first step: start over.
    if (!user || user->password_hash != ch.password_hash || !factor || !factor->confirmed_at)
      return Error::Unauthenticated("This sign-in has expired. Please enter your password again.");
    bool ok = false;
    if (code) {
      RK_ASSIGN_OR_RETURN(ok, UseCode(ctx, req, *factor, *code));
    } else {
      RK_ASSIGN_OR_RETURN(std::int64_t used,
                          repo::UseRecoveryCode(req.db(), ch.user_id, totp::RecoveryHash(*recovery), req.now));
      ok = used == 1;
      if (ok) req.AfterCommit([id = ch.user_id] { log::Info("recovery_code_used", {{"user_id", id}}); });
    }
    if (!ok) {
      log::Info("second_factor_failed", {{"user_id", ch.user_id}, {"client", req.client_ip}});
      return WrongCode(ErrorCode::kUnauthenticated);
    }
    ctx.second_factor.Succeeded(ThrottleKey(ch.user_id));
    RK_TRY(repo::DeleteChallenges(req.db(), ch.user_id));
    return FinishSignIn(ctx, req, *user);
  });
}

}  // namespace

Result<std::optional<Response>> SecondFactorChallenge(Context& ctx, Request& req, const User& user) {
  RK_ASSIGN_OR_RETURN(bool enabled, repo::HasSecondFactor(req.db(), user.id));
  if (!enabled) return std::optional<Response>();
  const std::string token = crypto::RandomToken(32);
  RK_TRY(repo::InsertChallenge(req.db(), {crypto::Sha256Hex(token), user.id, user.password_hash, req.now,
                                          req.now + kChallengeLifetime}));
  return std::optional<Response>(Json(200, json::object{{"second_factor", "totp"},
                                                        {"challenge", token},
                                                        {"expires_at", FormatRfc3339(req.now + kChallengeLifetime)}}));
}

void AddSecondFactorRoutes(http::RouteTable<Context>& t) {
  using http::Method;
  using http::Policy;
  using http::Work;
  t.Add(Method::kGet, "/api/v1/me/second-factor", Policy::SignedIn(), Work::kRead, GetSecondFactor);
  t.Add(Method::kPost, "/api/v1/me/second-factor", Policy::SignedIn(), Work::kWrite, StartSecondFactor, Work::kRead);
  t.Add(Method::kPost, "/api/v1/me/second-factor/confirm", Policy::SignedIn(), Work::kWrite, ConfirmSecondFactor);
  t.Add(Method::kPost, "/api/v1/me/second-factor/recovery-codes", Policy::SignedIn(), Work::kWrite, RenewRecoveryCodes);
  t.Add(Method::kDelete, "/api/v1/me/second-factor", Policy::SignedIn(), Work::kWrite, TurnOffSecondFactor,
        Work::kRead);
  t.Add(Method::kPost, "/api/v1/sessions/second-factor", Policy::Public(), Work::kWrite, CompleteSignIn);
}

}  // namespace rk::accounts::detail
