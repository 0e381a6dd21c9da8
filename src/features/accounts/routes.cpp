#include "features/accounts/routes.hpp"

#include "features/accounts/repo.hpp"
#include "platform/base/text.hpp"
#include "platform/http/json.hpp"
#include "platform/log/log.hpp"

namespace rk::accounts {
namespace {

using http::Fields;
using http::Json;
using http::Problem;
using http::Request;
using http::Response;
namespace json = boost::json;

json::object UserJson(const User& u) {
  return {{"id", u.id},
          {"email", u.email},
          {"display_name", u.display_name},
          {"time_zone", u.time_zone},
          {"language", u.language},
          {"sexual_content", u.sexual_content},
          {"created_at", FormatRfc3339(u.created_at)}};
}

std::string SessionCookie(const Context& ctx, const std::string& token, bool clear) {
  std::string c = CookieName(ctx.secure_cookies) + "=" + (clear ? "" : token) + "; Path=/; HttpOnly; SameSite=Lax";
  c += clear ? "; Max-Age=0" : "; Max-Age=" + std::to_string(kSessionIdleLifetime / kSecond);
  if (ctx.secure_cookies) c += "; Secure";
  return c;
}

// Creates a session for `user` on `c` and returns the response body and cookie.
Result<Response> StartSession(Context& ctx, db::Connection& c, const User& user, int status) {
  const std::string token = crypto::RandomToken(32);
  Session s{crypto::Sha256Hex(token), user.id, crypto::RandomToken(24), ctx.now(), ctx.now()};
  RK_TRY(repo::InsertSession(c, s));
  Response r = Json(status, json::object{{"user", UserJson(user)},
                                         {"token", token},
                                         {"csrf_token", s.csrf_token},
                                         {"expires_at", FormatRfc3339(s.last_used_at + kSessionIdleLifetime)}});
  r.With("Set-Cookie", SessionCookie(ctx, token, false));
  return r;
}

template <class T>
Response OrProblem(Result<T> r) {
  if (!r.ok()) return Problem(r.error());
  return std::move(r).value();
}

// Reads a password field exactly as typed (no trimming, no case folding) in Unicode
// NFKC form, so that the same characters typed on different keyboards match.
std::optional<std::string> ReadPassword(Fields& f, std::string_view name) {
  auto raw = f.String(name, true, 1, 4 * kPasswordMax, /*trim=*/false);
  if (!raw) return std::nullopt;
  auto normalized = NormalizeNfkc(*raw);
  if (!normalized) f.Add(std::string(name), "encoding", "The password must be valid text.");
  return normalized;
}

// Reads and checks the optional profile fields shared by sign-up and PATCH /me.
void ReadProfile(Fields& f, User& u) {
  if (auto v = f.String("display_name", false, 1, kDisplayNameMax)) u.display_name = *v;
  if (auto v = f.String("time_zone", false, 1, 64)) {
    if (IsKnownTimeZone(*v)) u.time_zone = *v;
    else f.Add("time_zone", "unknown_time_zone", "Choose a time zone from the list, such as Europe/Berlin.");
  }
  if (auto v = f.String("language", false, 2, 35)) {
    if (IsValidLanguage(*v)) u.language = *v;
    else f.Add("language", "invalid", "Use a language tag such as en or pt-BR.");
  }
}

Response SignUp(Context& ctx, Request& req) {
  auto body = http::ParseObject(req, {"email", "password", "display_name", "time_zone", "language"});
  if (!body.ok()) return Problem(body.error());
  Fields f(*body);
  User u;
  u.time_zone = "UTC";
  u.language = "en";
  if (auto email = f.String("email", true, 3, 254)) {
    if (auto norm = NormalizeEmail(*email)) u.email = *norm;
    else f.Add("email", "invalid", "Enter an e-mail address like name@example.org.");
  }
  if (!f.Has("display_name")) f.Add("display_name", "required", "Tell us what your partner calls you.");
  ReadProfile(f, u);
  auto password = ReadPassword(f, "password");
  if (password && !u.email.empty()) {
    if (auto problem = ctx.policy.Check(*password, {u.email, u.display_name}))
      f.Add(problem->field, problem->code, problem->message);
  }
  if (Status s = f.Finish(); !s.ok()) return Problem(s.error());

  auto hash = crypto::HashPassword(*password, ctx.cost);
  if (!hash.ok()) return Problem(hash.error());
  u.password_hash = *hash;
  u.id = crypto::NewId(ctx.now());
  u.created_at = ctx.now();
  auto result = ctx.db.Transaction<Response>([&](db::Connection& c) -> Result<Response> {
    if (Status s = repo::InsertUser(c, u); !s.ok()) {
      if (s.error().code == ErrorCode::kConflict)
        return Error{ErrorCode::kConflict, "An account with this e-mail address already exists. Try signing in.",
                     {{"email", "taken", "An account with this e-mail address already exists."}}, 0};
      return std::move(s).error();
    }
    return StartSession(ctx, c, u, 201);
  });
  if (result.ok()) log::Info("account_created", {{"user_id", u.id}});
  return OrProblem(std::move(result));
}

Response SignIn(Context& ctx, Request& req) {
  auto body = http::ParseObject(req, {"email", "password"});
  if (!body.ok()) return Problem(body.error());
  Fields f(*body);
  auto email = f.String("email", true, 1, 254);
  auto password = ReadPassword(f, "password");
  if (Status s = f.Finish(); !s.ok()) return Problem(s.error());

  const Millis now = ctx.now();
  const std::string normalized = NormalizeEmail(*email).value_or(AsciiLower(*email));
  const std::string account_key = "account:" + normalized;
  const std::string address_key = "address:" + req.client_ip;
  const int wait = std::max(ctx.failures_by_account.RetryAfter(account_key, now),
                            ctx.failures_by_address.RetryAfter(address_key, now));
  if (wait > 0) {
    log::Warn("sign_in_throttled", {{"client", req.client_ip}});
    return Problem(Error::RateLimited("Too many attempts. Please wait a little and try again.", wait));
  }

  auto conn = ctx.db.Acquire().value();
  auto found = repo::FindUserByEmail(*conn, normalized);
  if (!found.ok()) return Problem(found.error());
  const bool match = *found ? crypto::VerifyPassword((*found)->password_hash, *password)
                            : (crypto::VerifyPassword(ctx.dummy_hash, *password), false);
  if (!match) {
    ctx.failures_by_account.Hit(account_key, now);
    ctx.failures_by_address.Hit(address_key, now);
    log::Info("sign_in_failed", {{"client", req.client_ip}, {"known_account", found->has_value()}});
    return Problem(Error::Unauthenticated("That e-mail and password do not match an account."));
  }
  ctx.failures_by_account.Reset(account_key);
  log::Info("sign_in", {{"user_id", (*found)->id}});
  return OrProblem(StartSession(ctx, *conn, **found, 201));
}

Response SignOut(Context& ctx, Request& req) {
  auto conn = ctx.db.Acquire().value();
  if (Status s = repo::DeleteSession(*conn, req.principal->session_id); !s.ok()) return Problem(s.error());
  if (ctx.live) ctx.live->CloseSession(req.user_id(), req.principal->session_id);
  Response r = Response::NoContent();
  r.With("Set-Cookie", SessionCookie(ctx, "", true));
  r.With("Clear-Site-Data", "\"cache\", \"cookies\", \"storage\"");
  return r;
}

Result<User> LoadMe(Context& ctx, db::Connection& c, const Request& req) {
  RK_ASSIGN_OR_RETURN(auto user, repo::FindUserById(c, req.user_id()));
  if (!user) return Error::Unauthenticated("Please sign in.");
  return std::move(*user);
}

Response CurrentSession(Context& ctx, Request& req) {
  auto conn = ctx.db.Acquire().value();
  auto user = LoadMe(ctx, *conn, req);
  if (!user.ok()) return Problem(user.error());
  return Json(200, json::object{{"user", UserJson(*user)}, {"csrf_token", req.principal->csrf_token}});
}

Response GetMe(Context& ctx, Request& req) {
  auto conn = ctx.db.Acquire().value();
  auto user = LoadMe(ctx, *conn, req);
  if (!user.ok()) return Problem(user.error());
  return Json(200, UserJson(*user));
}

Response PatchMe(Context& ctx, Request& req) {
  auto body = http::ParseObject(req, {"display_name", "time_zone", "language", "sexual_content"});
  if (!body.ok()) return Problem(body.error());
  auto conn = ctx.db.Acquire().value();
  auto user = LoadMe(ctx, *conn, req);
  if (!user.ok()) return Problem(user.error());
  Fields f(*body);
  ReadProfile(f, *user);
  if (auto v = f.Bool("sexual_content", false)) user->sexual_content = *v;
  if (Status s = f.Finish(); !s.ok()) return Problem(s.error());
  if (Status s = repo::UpdateProfile(*conn, *user, ctx.now()); !s.ok()) return Problem(s.error());
  return Json(200, UserJson(*user));
}

// Checks `password` against the signed-in person's, counting failures like sign-in.
Status Reauthenticate(Context& ctx, const Request& req, const User& user, const std::string& password,
                      std::string_view field) {
  const std::string key = "account:" + user.email;
  if (int wait = ctx.failures_by_account.RetryAfter(key, ctx.now()); wait > 0)
    return Error::RateLimited("Too many attempts. Please wait a little and try again.", wait);
  if (!crypto::VerifyPassword(user.password_hash, password)) {
    ctx.failures_by_account.Hit(key, ctx.now());
    log::Info("reauth_failed", {{"user_id", user.id}, {"client", req.client_ip}});
    return Error{ErrorCode::kPermissionDenied, "Your current password is not right.",
                 {{std::string(field), "wrong_password", "This is not your current password."}}, 0};
  }
  return {};
}

Response ChangePassword(Context& ctx, Request& req) {
  auto body = http::ParseObject(req, {"current_password", "new_password"});
  if (!body.ok()) return Problem(body.error());
  Fields f(*body);
  auto current = ReadPassword(f, "current_password");
  auto next = ReadPassword(f, "new_password");
  if (Status s = f.Finish(); !s.ok()) return Problem(s.error());
  auto conn = ctx.db.Acquire().value();
  auto user = LoadMe(ctx, *conn, req);
  if (!user.ok()) return Problem(user.error());
  if (Status s = Reauthenticate(ctx, req, *user, *current, "current_password"); !s.ok()) return Problem(s.error());
  if (auto problem = ctx.policy.Check(*next, {user->email, user->display_name}, "new_password"))
    return Problem(Error::Invalid("Please choose a different new password.", {*problem}));
  auto hash = crypto::HashPassword(*next, ctx.cost);
  if (!hash.ok()) return Problem(hash.error());
  if (Status s = repo::UpdatePasswordHash(*conn, user->id, *hash, ctx.now()); !s.ok()) return Problem(s.error());
  // Every other device has to sign in again with the new password.
  if (Status s = repo::DeleteSessionsExcept(*conn, user->id, req.principal->session_id); !s.ok())
    return Problem(s.error());
  if (ctx.live) ctx.live->CloseOtherSessions(user->id, req.principal->session_id);
  log::Info("password_changed", {{"user_id", user->id}});
  return Response::NoContent();
}

Response EraseMe(Context& ctx, Request& req) {
  auto body = http::ParseObject(req, {"password"});
  if (!body.ok()) return Problem(body.error());
  Fields f(*body);
  auto password = ReadPassword(f, "password");
  if (Status s = f.Finish(); !s.ok()) return Problem(s.error());
  User user;
  {
    auto conn = ctx.db.Acquire().value();
    auto loaded = LoadMe(ctx, *conn, req);
    if (!loaded.ok()) return Problem(loaded.error());
    user = std::move(loaded).value();
  }
  if (Status s = Reauthenticate(ctx, req, user, *password, "password"); !s.ok()) return Problem(s.error());
  auto erased = ctx.db.Transaction<bool>([&](db::Connection& c) -> Result<bool> {
    for (const EraseHook& hook : ctx.on_erase) RK_TRY(hook(c, user.id, ctx.now()));
    RK_TRY(repo::DeleteUser(c, user.id));
    return true;
  });
  if (!erased.ok()) return Problem(erased.error());
  if (ctx.live) ctx.live->CloseAll(user.id);
  log::Info("account_erased", {{"user_id", user.id}});
  Response r = Response::NoContent();
  r.With("Set-Cookie", SessionCookie(ctx, "", true));
  r.With("Clear-Site-Data", "\"cache\", \"cookies\", \"storage\"");
  return r;
}

}  // namespace

Status Prepare(Context& ctx) {
  RK_ASSIGN_OR_RETURN(ctx.dummy_hash, crypto::HashPassword(crypto::RandomToken(24), ctx.cost));
  return {};
}

std::string CookieName(bool secure) { return secure ? "__Host-rekindle_session" : "rekindle_session"; }

void RegisterRoutes(http::Router& router, Context& ctx) {
  using http::Access;
  using http::Method;
  http::RouteTable t(router, ctx);
  t.Add(Method::kPost, "/api/v1/accounts", Access::kPublic, SignUp);
  t.Add(Method::kPost, "/api/v1/sessions", Access::kPublic, SignIn);
  t.Add(Method::kGet, "/api/v1/sessions/current", Access::kSession, CurrentSession);
  t.Add(Method::kDelete, "/api/v1/sessions/current", Access::kSession, SignOut);
  t.Add(Method::kGet, "/api/v1/me", Access::kSession, GetMe);
  t.Add(Method::kPatch, "/api/v1/me", Access::kSession, PatchMe);
  t.Add(Method::kDelete, "/api/v1/me", Access::kSession, EraseMe);
  t.Add(Method::kPost, "/api/v1/me/password", Access::kSession, ChangePassword);
}

http::Authenticator MakeAuthenticator(Context& ctx) {
  return [&ctx](const Request& req) -> Result<http::Principal> {
    std::string_view token;
    bool via_cookie = false;
    std::string_view auth = req.Header("authorization");
    if (auth.size() > 7 && AsciiLower(auth.substr(0, 7)) == "bearer ") {
      token = auth.substr(7);
    } else {
      token = req.Cookie(CookieName(ctx.secure_cookies));
      via_cookie = true;
    }
    if (token.empty() || token.size() > 128) return Error::Unauthenticated("Please sign in.");
    const std::string id = crypto::Sha256Hex(token);
    auto conn = ctx.db.Acquire().value();
    RK_ASSIGN_OR_RETURN(auto session, repo::FindSession(*conn, id));
    const Millis now = ctx.now();
    if (!session) return Error::Unauthenticated("Your session has ended. Please sign in again.");
    if (now - session->last_used_at > kSessionIdleLifetime) {
      (void)repo::DeleteSession(*conn, id);
      return Error::Unauthenticated("Your session has ended. Please sign in again.");
    }
    if (now - session->last_used_at > kSessionTouchInterval) RK_TRY(repo::TouchSession(*conn, id, now));
    return http::Principal{session->user_id, session->id, session->csrf_token, via_cookie};
  };
}

}  // namespace rk::accounts
