#include "features/accounts/routes.hpp"

#include "features/accounts/people.hpp"
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

json::object UserJson(const User& u, const std::vector<http::Role>& roles) {
  json::array role_names;
  for (http::Role r : roles) role_names.push_back(json::string(http::RoleName(r)));
  return {{"id", u.id},
          {"email", u.email},
          {"display_name", u.display_name},
          {"time_zone", u.time_zone},
          {"language", u.language},
          {"sexual_content", u.sexual_content},
          {"roles", std::move(role_names)},
          {"created_at", FormatRfc3339(u.created_at)}};
}

std::string SessionCookie(const Context& ctx, const std::string& token, bool clear) {
  std::string c = CookieName(ctx.secure_cookies) + "=" + (clear ? "" : token) + "; Path=/; HttpOnly; SameSite=Lax";
  c += clear ? "; Max-Age=0" : "; Max-Age=" + std::to_string(kSessionIdleLifetime / kSecond);
  if (ctx.secure_cookies) c += "; Secure";
  return c;
}

// Creates a session for `user` and returns the response body and cookie.
Result<Response> StartSession(Context& ctx, Request& req, const User& user, int status) {
  const std::string token = crypto::RandomToken(32);
  Session s{crypto::Sha256Hex(token), user.id, crypto::RandomToken(24), req.now, req.now};
  RK_TRY(repo::InsertSession(req.db(), s));
  RK_ASSIGN_OR_RETURN(auto roles, RolesOf(req.db(), user.id));
  Response r = Json(status, json::object{{"user", UserJson(user, roles)},
                                         {"token", token},
                                         {"csrf_token", s.csrf_token},
                                         {"expires_at", FormatRfc3339(s.last_used_at + kSessionIdleLifetime)}});
  r.With("Set-Cookie", SessionCookie(ctx, token, false));
  return r;
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

Result<Response> SignUp(Context& ctx, Request& req) {
  if (ctx.signups_by_address) {
    const std::string key = "signup:" + req.client_ip;
    if (int wait = ctx.signups_by_address->RetryAfter(key, req.now); wait > 0)
      return Error::RateLimited("Too many new accounts from here. Please try again later.", wait);
    ctx.signups_by_address->Hit(key, req.now);
  }
  RK_ASSIGN_OR_RETURN(auto body, http::ParseObject(req, {"email", "password", "display_name", "time_zone", "language"}));
  Fields f(body);
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
  RK_TRY(f.Finish());

  // This first step runs on the compute pool with no database connection (the route
  // table says so); the account is written in the next.
  RK_ASSIGN_OR_RETURN(u.password_hash, crypto::HashPassword(*password, ctx.cost));
  return req.Then(http::Work::kWrite, [&ctx, u = std::move(u)](Request& req) mutable -> Result<Response> {
    u.id = crypto::NewId(req.now);
    u.created_at = req.now;
    // Says whether the address is taken (documented in docs/security.md; it goes with
    // e-mail verification).
    RK_ASSIGN_OR_RETURN(bool added, repo::InsertUser(req.db(), u));
    if (!added)
      return Error{ErrorCode::kConflict, "An account with this e-mail address already exists. Try signing in.",
                   {{"email", "taken", "An account with this e-mail address already exists."}}, 0};
    RK_ASSIGN_OR_RETURN(Response r, StartSession(ctx, req, u, 201));
    req.AfterCommit([id = u.id] { log::Info("account_created", {{"user_id", id}}); });
    return r;
  });
}

Result<Response> SignIn(Context& ctx, Request& req) {
  RK_ASSIGN_OR_RETURN(auto body, http::ParseObject(req, {"email", "password"}));
  Fields f(body);
  auto email = f.String("email", true, 1, 254);
  auto password = ReadPassword(f, "password");
  RK_TRY(f.Finish());

  const Millis now = req.now;
  const std::string normalized = NormalizeEmail(*email).value_or(AsciiLower(*email));
  const std::string account_key = "account:" + normalized;
  const std::string pair_key = account_key + "|" + req.client_ip;
  const std::string address_key = "address:" + req.client_ip;
  // Each throttle counts this attempt before the password is checked; one that says wait
  // takes back the counts of those before it.
  struct Gate {
    http::FailureThrottle& throttle;
    const std::string& key;
  };
  const Gate gates[] = {{ctx.by_pair, pair_key}, {ctx.by_account, account_key}, {ctx.by_address, address_key}};
  for (std::size_t i = 0; i < std::size(gates); ++i) {
    if (int wait = gates[i].throttle.Begin(gates[i].key, now); wait > 0) {
      for (std::size_t j = 0; j < i; ++j) gates[j].throttle.Cancel(gates[j].key);
      log::Warn("sign_in_throttled", {{"client", req.client_ip}});
      return Error::RateLimited("Too many attempts. Please wait a little and try again.", wait);
    }
  }

  // Three steps: read the account; check the password with no connection held; write
  // the session (only if the password is still the one that was checked).
  RK_ASSIGN_OR_RETURN(auto found, repo::FindUserByEmail(req.db(), normalized));
  return req.Then(http::Work::kCompute, [&ctx, found = std::move(found), password = std::move(*password), account_key,
                                      pair_key, address_key](Request& req) -> Result<Response> {
    const bool match = found ? crypto::VerifyPassword(found->password_hash, password)
                             : (crypto::VerifyPassword(ctx.dummy_hash, password), false);
    if (!match) {
      log::Info("sign_in_failed", {{"client", req.client_ip}, {"known_account", found.has_value()}});
      return Error::Unauthenticated("That e-mail and password do not match an account.");
    }
    // The right password: this account's slowdown ends; the address's count takes back
    // this attempt only (a guesser with an account of their own cannot reset it).
    ctx.by_pair.Succeeded(pair_key);
    ctx.by_account.Succeeded(account_key);
    ctx.by_address.Cancel(address_key);
    return req.Then(http::Work::kWrite, [&ctx, user = *found](Request& req) -> Result<Response> {
      RK_ASSIGN_OR_RETURN(auto current, repo::FindUserById(req.db(), user.id));
      if (!current || current->password_hash != user.password_hash)
        return Error::Unauthenticated("That e-mail and password do not match an account.");
      RK_ASSIGN_OR_RETURN(Response r, StartSession(ctx, req, *current, 201));
      req.AfterCommit([id = user.id] { log::Info("sign_in", {{"user_id", id}}); });
      return r;
    });
  });
}

// Ends the session: the cookie is cleared and the browser told to forget what it holds.
Response SignedOut(const Context& ctx) {
  Response r = Response::NoContent();
  r.With("Set-Cookie", SessionCookie(ctx, "", true));
  r.With("Clear-Site-Data", "\"cache\", \"cookies\", \"storage\"");
  return r;
}

Result<Response> SignOut(Context& ctx, Request& req) {
  RK_TRY(repo::DeleteSession(req.db(), req.principal->session_id));
  req.AfterCommit([&ctx, user = req.user_id(), session = req.principal->session_id] {
    if (ctx.live) ctx.live->CloseSession(user, session);
  });
  return SignedOut(ctx);
}

Result<User> LoadMe(const Request& req) {
  RK_ASSIGN_OR_RETURN(auto user, repo::FindUserById(req.db(), req.user_id()));
  if (!user) return Error::Unauthenticated("Please sign in.");
  return std::move(*user);
}

// The session the request's credentials open, or 204 when there is none (nobody signed
// in, or the session ended): the web client asks this on every page load, and a visitor
// is not an error. The route is public, so the session is resolved here.
Result<Response> CurrentSession(Context& ctx, Request& req) {
  if (!req.principal) {
    Result<http::Principal> p = Authenticate(ctx, req.db(), req);
    if (!p.ok() && p.error().code == ErrorCode::kUnauthenticated) return Response::NoContent();
    if (!p.ok()) return std::move(p).error();
    req.principal = std::move(p).value();
  }
  RK_ASSIGN_OR_RETURN(User user, LoadMe(req));
  return Json(200, json::object{{"user", UserJson(user, req.principal->roles)}, {"csrf_token", req.principal->csrf_token}});
}

Result<Response> GetMe(Context& ctx, Request& req) {
  RK_ASSIGN_OR_RETURN(User user, LoadMe(req));
  return Json(200, UserJson(user, req.principal->roles));
}

Result<Response> PatchMe(Context& ctx, Request& req) {
  RK_ASSIGN_OR_RETURN(auto body, http::ParseObject(req, {"display_name", "time_zone", "language", "sexual_content"}));
  RK_ASSIGN_OR_RETURN(User user, LoadMe(req));
  Fields f(body);
  ReadProfile(f, user);
  if (auto v = f.Bool("sexual_content", false)) user.sexual_content = *v;
  RK_TRY(f.Finish());
  RK_TRY(repo::UpdateProfile(req.db(), user, req.now));
  return Json(200, UserJson(user, req.principal->roles));
}

// Checks `password` against the signed-in person's, with a throttle of its own
// (sign-in guesses by someone else never stop the owner from re-entering theirs).
Status Reauthenticate(Context& ctx, const Request& req, const User& user, const std::string& password,
                      std::string_view field) {
  const std::string key = "reauth:" + user.id;
  if (int wait = ctx.reauth.Begin(key, req.now); wait > 0)
    return Error::RateLimited("Too many attempts. Please wait a little and try again.", wait);
  if (!crypto::VerifyPassword(user.password_hash, password)) {
    log::Info("reauth_failed", {{"user_id", user.id}, {"client", req.client_ip}});
    return Error{ErrorCode::kPermissionDenied, "Your current password is not right.",
                 {{std::string(field), "wrong_password", "This is not your current password."}}, 0};
  }
  ctx.reauth.Succeeded(key);
  return {};
}

// Read the person; check the current password and hash the new one with no connection
// held; then the new hash and the end of every other session are one change, made only
// if the password is still the one that was checked.
Result<Response> ChangePassword(Context& ctx, Request& req) {
  RK_ASSIGN_OR_RETURN(auto body, http::ParseObject(req, {"current_password", "new_password"}));
  Fields f(body);
  auto current = ReadPassword(f, "current_password");
  auto next = ReadPassword(f, "new_password");
  RK_TRY(f.Finish());
  RK_ASSIGN_OR_RETURN(User user, LoadMe(req));
  return req.Then(http::Work::kCompute, [&ctx, user = std::move(user), current = std::move(*current),
                                      next = std::move(*next)](Request& req) -> Result<Response> {
    RK_TRY(Reauthenticate(ctx, req, user, current, "current_password"));
    if (auto problem = ctx.policy.Check(next, {user.email, user.display_name}, "new_password"))
      return Error::Invalid("Please choose a different new password.", {*problem});
    RK_ASSIGN_OR_RETURN(std::string hash, crypto::HashPassword(next, ctx.cost));
    return req.Then(http::Work::kWrite, [&ctx, user, hash = std::move(hash)](Request& req) -> Result<Response> {
      RK_ASSIGN_OR_RETURN(std::int64_t changed,
                          repo::UpdatePasswordHashIf(req.db(), user.id, user.password_hash, hash, req.now));
      if (changed == 0) return Error::Conflict("Your password changed meanwhile. Please try again.");
      // Every other device has to sign in again with the new password.
      RK_TRY(repo::DeleteSessionsExcept(req.db(), user.id, req.principal->session_id));
      req.AfterCommit([&ctx, id = user.id, keep = req.principal->session_id] {
        if (ctx.live) ctx.live->CloseOtherSessions(id, keep);
        log::Info("password_changed", {{"user_id", id}});
      });
      return Response::NoContent();
    });
  });
}

// Read the person; check the password with no connection held; then what other
// features end and the account itself go in one transaction.
Result<Response> EraseMe(Context& ctx, Request& req) {
  RK_ASSIGN_OR_RETURN(auto body, http::ParseObject(req, {"password"}));
  Fields f(body);
  auto password = ReadPassword(f, "password");
  RK_TRY(f.Finish());
  RK_ASSIGN_OR_RETURN(User user, LoadMe(req));
  return req.Then(http::Work::kCompute, [&ctx, user = std::move(user),
                                         password = std::move(*password)](Request& req) -> Result<Response> {
    RK_TRY(Reauthenticate(ctx, req, user, password, "password"));
    return req.Then(http::Work::kWrite, [&ctx, id = user.id](Request& req) -> Result<Response> {
      for (const EraseHook& hook : ctx.on_erase) RK_TRY(hook(req.db(), id, req.now));
      RK_TRY(repo::DeleteUser(req.db(), id));
      req.AfterCommit([&ctx, id] {
        if (ctx.live) ctx.live->CloseAll(id);
        log::Info("account_erased", {{"user_id", id}});
      });
      return SignedOut(ctx);
    });
  });
}

}  // namespace

Status Prepare(Context& ctx) {
  RK_ASSIGN_OR_RETURN(ctx.dummy_hash, crypto::HashPassword(crypto::RandomToken(24), ctx.cost));
  return {};
}

std::string CookieName(bool secure) { return secure ? "__Host-rekindle_session" : "rekindle_session"; }

void RegisterRoutes(http::Router& router, Context& ctx) {
  using http::Method;
  using http::Policy;
  using http::Work;
  http::RouteTable t(router, ctx);
  // The routes that hash or check a password do it in a step of its own on the compute
  // pool, holding no database connection (Request::Then): sign-up hashes first, the
  // others read first.
  t.Add(Method::kPost, "/api/v1/accounts", Policy::Public(), Work::kWrite, SignUp, Work::kCompute);
  t.Add(Method::kPost, "/api/v1/sessions", Policy::Public(), Work::kWrite, SignIn, Work::kRead);
  t.Add(Method::kGet, "/api/v1/sessions/current", Policy::Public(), Work::kRead, CurrentSession);
  t.Add(Method::kDelete, "/api/v1/sessions/current", Policy::SignedIn(), Work::kWrite, SignOut);
  t.Add(Method::kGet, "/api/v1/me", Policy::SignedIn(), Work::kRead, GetMe);
  t.Add(Method::kPatch, "/api/v1/me", Policy::SignedIn(), Work::kWrite, PatchMe);
  t.Add(Method::kDelete, "/api/v1/me", Policy::SignedIn(), Work::kWrite, EraseMe, Work::kRead);
  t.Add(Method::kPost, "/api/v1/me/password", Policy::SignedIn(), Work::kWrite, ChangePassword, Work::kRead);
}

Result<http::Principal> Authenticate(Context& ctx, db::Connection& c, const Request& req) {
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
  RK_ASSIGN_OR_RETURN(auto session, repo::FindSession(c, id));
  if (!session) return Error::Unauthenticated("Your session has ended. Please sign in again.");
  if (IsSessionExpired(session->last_used_at, req.now)) {
    // Deleted by the periodic purge job, not here: reading a session never waits for a writer.
    return Error::Unauthenticated("Your session has ended. Please sign in again.");
  }
  // Best effort, and never waiting for a writer: a busy database just means the next
  // request touches it (it has hours to spare before the session could expire).
  if (NeedsTouch(session->last_used_at, req.now)) (void)repo::TouchSession(c, id, req.now);
  http::Principal p{session->user_id, session->id, session->csrf_token, via_cookie, {}, std::nullopt};
  RK_ASSIGN_OR_RETURN(p.roles, RolesOf(c, session->user_id));
  return p;
}

Result<std::int64_t> PurgeExpiredSessions(db::Connection& c, Millis now) { return repo::PurgeExpiredSessions(c, now); }

}  // namespace rk::accounts
