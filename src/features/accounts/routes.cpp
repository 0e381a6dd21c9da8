#include "features/accounts/routes.hpp"

#include "features/accounts/internal.hpp"
#include "features/accounts/people.hpp"
#include "features/accounts/repo.hpp"
#include "platform/base/text.hpp"
#include "platform/http/json.hpp"
#include "platform/log/log.hpp"

namespace rk::accounts {

using http::Fields;
using http::Json;
using http::Problem;
using http::Request;
using http::Response;
namespace json = boost::json;

// Shared with the other route files of accounts through internal.hpp.
namespace detail {

json::object UserJson(const User& u, const std::vector<http::Role>& roles) {
  json::array role_names;
  for (http::Role r : roles) role_names.push_back(json::string(http::RoleName(r)));
  return {{"id", u.id},
          {"email", u.email},
          {"display_name", u.display_name},
          {"time_zone", u.time_zone},
          {"language", u.language},
          {"sexual_content", u.sexual_content},
          {"email_verified", u.email_verified_at.has_value()},
          {"sign_in_notice", u.sign_in_notice},
          {"roles", std::move(role_names)},
          {"created_at", FormatRfc3339(u.created_at)}};
}

std::string SessionCookie(const Context& ctx, const std::string& token, bool clear) {
  std::string c = CookieName(ctx.secure_cookies) + "=" + (clear ? "" : token) + "; Path=/; HttpOnly; SameSite=Lax";
  c += clear ? "; Max-Age=0" : "; Max-Age=" + std::to_string(kSessionIdleLifetime / kSecond);
  if (ctx.secure_cookies) c += "; Secure";
  return c;
}

// Creates a session for `user` and returns the response body (with `extra` fields) and
// cookie.
Result<Response> StartSession(Context& ctx, Request& req, const User& user, int status, json::object extra) {
  const std::string token = crypto::RandomToken(32);
  Session s{crypto::Sha256Hex(token), user.id, crypto::RandomToken(24), req.now, req.now};
  RK_TRY(repo::InsertSession(req.db(), s));
  RK_ASSIGN_OR_RETURN(auto roles, RolesOf(req.db(), user.id));
  extra["user"] = UserJson(user, roles);
  extra["token"] = token;
  extra["csrf_token"] = s.csrf_token;
  extra["expires_at"] = FormatRfc3339(s.last_used_at + kSessionIdleLifetime);
  Response r = Json(status, std::move(extra));
  r.With("Set-Cookie", SessionCookie(ctx, token, false));
  return r;
}

Result<Response> FinishSignIn(Context& ctx, Request& req, const User& user) {
  RK_ASSIGN_OR_RETURN(Response r, StartSession(ctx, req, user, 201));
  if (user.sign_in_notice) {
    // The notice names a coarse device and the time: no address, no place, no content.
    const Device device = DescribeDevice(req.Header("user-agent"));
    RK_TRY(QueueMail(ctx, req,
                     {.to = UserRef(user.id),
                      .template_name = "new_sign_in",
                      .vars = {{"time", FormatMailTime(req.now)}, {"browser", device.browser}, {"system", device.system}}}));
  }
  req.AfterCommit([id = user.id] { log::Info("sign_in", {{"user_id", id}}); });
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

// A reset job's sealed address is bound to its kind.
constexpr std::string_view kResetSealContext = "jobs:accounts.password-reset";

Result<User> LoadMe(const Request& req);

// Counts one hit of `key` on `limiter` (none when it is null), or says how long to wait.
Status Limit(http::RateLimiter* limiter, const std::string& key, Millis now, const char* message) {
  if (!limiter) return {};
  if (int wait = limiter->RetryAfter(key, now); wait > 0) return Error::RateLimited(message, wait);
  limiter->Hit(key, now);
  return {};
}

// A fresh single-use token and the SHA-256 that is all we keep of it.
struct NewToken {
  std::string token = crypto::RandomToken(32);
  std::string hash = crypto::Sha256Hex(token);
};

// Once the request commits, wakes the job workers, so that what it enqueued starts at once.
void WakeJobsAfterCommit(Context& ctx, Request& req) {
  req.AfterCommit([&ctx] {
    if (ctx.wake_jobs) ctx.wake_jobs();
  });
}

// Enqueues an e-mail in the request's transaction; it leaves as soon as that commits.
Status QueueMail(Context& ctx, Request& req, mail::Outgoing m) {
  RK_TRY(ctx.mailer->Enqueue(req.db(), m, req.now));
  WakeJobsAfterCommit(ctx, req);
  return {};
}

std::string UserRef(const std::string& id) { return "user:" + id; }

// What sign-up and a password-reset request answer, whoever the address belongs to.
Response CheckYourEmail(const std::string& email) {
  return Json(202, json::object{{"status", "check_email"}, {"email", email}});
}

// One answer for a link that never existed, was used or has expired: a guessed or old
// link learns nothing more.
Error LinkNotValid() {
  return Error::Gone("This link has expired or was used already. Ask for a new one.");
}

// Reads the "token" field: a token as sent in a link (base64url, 43 characters).
std::optional<std::string> ReadToken(Fields& f) { return f.String("token", true, 1, 128); }

// The answer to a sign-up is the same whether or not the address has an account: 202,
// and an e-mail. A new address gets a link that finishes the sign-up (the account is
// made from this attempt, with this password, only when the link is used); an address
// with an account gets a notice that someone tried, with a way to sign in or reset.
// Both hash the password first, and both write before answering.
Result<Response> SignUp(Context& ctx, Request& req) {
  RK_TRY(Limit(ctx.signups_by_address.get(), "signup:" + req.client_ip, req.now,
               "Too many new accounts from here. Please try again later."));
  RK_ASSIGN_OR_RETURN(auto body,
                      http::ParseObject(req, {"email", "password", "display_name", "time_zone", "language", "role"}));
  Fields f(body);
  User u;
  // A therapist signs up on a path of their own: the account gets the therapist role
  // (an application, until an operator approves a profile).
  std::string role;
  if (auto v = f.String("role", false, 1, 20)) {
    if (*v == http::RoleName(http::Role::kTherapist)) role = *v;
    else f.Add("role", "invalid", "Only a therapist's account can be asked for.");
  }
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
  RK_TRY(Limit(ctx.signups_by_email.get(), "signup-to:" + u.email, req.now,
               "Too many attempts with this address. Please try again later."));

  // This first step runs on the compute pool with no database connection (the route
  // table says so); what it leads to is written in the next.
  RK_ASSIGN_OR_RETURN(u.password_hash, crypto::HashPassword(*password, ctx.cost));
  return req.Then(http::Work::kWrite, [&ctx, u = std::move(u), role](Request& req) mutable -> Result<Response> {
    RK_ASSIGN_OR_RETURN(auto existing, repo::FindUserByEmail(req.db(), u.email));
    if (existing) {
      RK_TRY(QueueMail(ctx, req, {.to = UserRef(existing->id), .template_name = "signup_existing", .vars = {}}));
    } else {
      const NewToken link;
      const Signup signup{crypto::NewId(req.now), link.hash, u.email, u.password_hash, u.display_name, u.time_zone,
                          u.language, req.now, req.now + kSignupLinkLifetime, role};
      RK_TRY(repo::InsertSignup(req.db(), signup));
      RK_TRY(QueueMail(ctx, req,
                       {.to = "signup:" + signup.id,
                        .template_name = "signup_verify",
                        .vars = {{"token", link.token}, {"hours", std::to_string(kSignupLinkLifetime / kHour)}},
                        .not_after = signup.expires_at}));
    }
    // No log line says which: the log is read by people who need not know who has an account.
    return CheckYourEmail(u.email);
  });
}

// Uses a link sent by e-mail. A sign-up's link makes the account (from the sign-up, with
// the address confirmed) and signs in: 201 like sign-in. An account's verification link
// confirms the address: 200. Anything else, used or expired: 410.
Result<Response> VerifyEmail(Context& ctx, Request& req) {
  RK_ASSIGN_OR_RETURN(auto body, http::ParseObject(req, {"token"}));
  Fields f(body);
  auto token = ReadToken(f);
  RK_TRY(f.Finish());
  const std::string hash = crypto::Sha256Hex(*token);
  RK_ASSIGN_OR_RETURN(auto signup, repo::FindSignupByToken(req.db(), hash));
  if (signup) {
    RK_ASSIGN_OR_RETURN(std::int64_t used, repo::UseSignup(req.db(), signup->id, req.now));
    if (used == 0) return LinkNotValid();
    User u{crypto::NewId(req.now), signup->email, signup->password_hash, signup->display_name, signup->time_zone,
           signup->language, false, req.now, req.now, true};
    RK_ASSIGN_OR_RETURN(bool added, repo::InsertUser(req.db(), u));
    // Another link for the same address was used first: that one made the account.
    if (!added) return LinkNotValid();
    RK_TRY(repo::DeleteSignupsFor(req.db(), u.email));
    if (!signup->role.empty()) RK_TRY(repo::GrantRole(req.db(), u.id, signup->role, req.now));
    RK_ASSIGN_OR_RETURN(Response r, StartSession(ctx, req, u, 201, {{"email_verified", true}}));
    req.AfterCommit([id = u.id] { log::Info("account_created", {{"user_id", id}}); });
    return r;
  }
  RK_ASSIGN_OR_RETURN(auto found, repo::FindToken(req.db(), hash, kVerify));
  if (!found) return LinkNotValid();
  RK_ASSIGN_OR_RETURN(std::int64_t used, repo::UseToken(req.db(), found->id, req.now));
  if (used == 0) return LinkNotValid();
  RK_TRY(repo::MarkEmailVerified(req.db(), found->user_id, req.now));
  req.AfterCommit([id = found->user_id] { log::Info("email_verified", {{"user_id", id}}); });
  return Json(200, json::object{{"email_verified", true}});
}

// A signed-in person whose address is not confirmed yet (accounts made before e-mail
// verification existed) asks for a link.
Result<Response> RequestVerification(Context& ctx, Request& req) {
  RK_ASSIGN_OR_RETURN(User user, LoadMe(req));
  if (user.email_verified_at) return Error::Conflict("Your e-mail address is confirmed already.");
  RK_TRY(Limit(&ctx.verifications_by_person, "verify:" + user.id, req.now,
               "We sent you several links already. Please look for them, or try again later."));
  const NewToken link;
  const AccountToken t{crypto::NewId(req.now), link.hash, user.id, std::string(kVerify), req.now,
                       req.now + kVerifyLinkLifetime};
  RK_TRY(repo::InsertToken(req.db(), t));
  RK_TRY(QueueMail(ctx, req,
                   {.to = UserRef(user.id),
                    .template_name = "address_verify",
                    .vars = {{"token", link.token}, {"hours", std::to_string(kVerifyLinkLifetime / kHour)}},
                    .not_after = t.expires_at}));
  return CheckYourEmail(user.email);
}

// Someone asks to choose a new password. The answer never depends on the address: the
// request becomes a job (the address sealed in it), and the job finds out whether there
// is an account to send a link to.
Result<Response> RequestReset(Context& ctx, Request& req) {
  RK_TRY(Limit(ctx.resets_by_address.get(), "reset:" + req.client_ip, req.now,
               "Too many requests from here. Please try again later."));
  RK_ASSIGN_OR_RETURN(auto body, http::ParseObject(req, {"email"}));
  Fields f(body);
  std::string email;
  if (auto raw = f.String("email", true, 3, 254)) {
    if (auto norm = NormalizeEmail(*raw)) email = *norm;
    else f.Add("email", "invalid", "Enter an e-mail address like name@example.org.");
  }
  RK_TRY(f.Finish());
  RK_TRY(Limit(ctx.resets_by_email.get(), "reset-to:" + email, req.now,
               "Too many requests for this address. Please try again later."));
  const std::string payload = json::serialize(json::object{{"email", email}});
  RK_TRY(jobs::Enqueue(req.db(),
                       {.kind = std::string(kResetJobKind),
                        .payload = jobs::SealPayload(*ctx.sealer, payload, kResetSealContext),
                        .max_attempts = 3},
                       req.now));
  WakeJobsAfterCommit(ctx, req);
  return CheckYourEmail(email);
}

// Sets a new password with a reset link: the link is used up, every session of the
// person ends (their live connections close), the address counts as confirmed, and a
// notice goes to the address. Read the token; check and hash the password with nothing
// held; then write, only if the token is still unused.
Result<Response> CompleteReset(Context& ctx, Request& req) {
  RK_ASSIGN_OR_RETURN(auto body, http::ParseObject(req, {"token", "password"}));
  Fields f(body);
  auto token = ReadToken(f);
  auto password = ReadPassword(f, "password");
  RK_TRY(f.Finish());
  RK_ASSIGN_OR_RETURN(auto found, repo::FindToken(req.db(), crypto::Sha256Hex(*token), kReset));
  if (!found || found->expires_at <= req.now) return LinkNotValid();
  RK_ASSIGN_OR_RETURN(auto user, repo::FindUserById(req.db(), found->user_id));
  if (!user) return LinkNotValid();
  return req.Then(http::Work::kCompute, [&ctx, user = std::move(*user), token_id = found->id,
                                         password = std::move(*password)](Request& req) -> Result<Response> {
    if (auto problem = ctx.policy.Check(password, {user.email, user.display_name}))
      return Error::Invalid("Please choose a different password.", {*problem});
    RK_ASSIGN_OR_RETURN(std::string hash, crypto::HashPassword(password, ctx.cost));
    return req.Then(http::Work::kWrite, [&ctx, user, token_id, hash = std::move(hash)](Request& req) -> Result<Response> {
      RK_ASSIGN_OR_RETURN(std::int64_t used, repo::UseToken(req.db(), token_id, req.now));
      if (used == 0) return LinkNotValid();
      RK_TRY(repo::SetPasswordHash(req.db(), user.id, hash, req.now));
      RK_TRY(repo::MarkEmailVerified(req.db(), user.id, req.now));
      RK_TRY(repo::DeleteAllSessions(req.db(), user.id));
      RK_TRY(repo::DeleteTokens(req.db(), user.id));
      RK_TRY(QueueMail(ctx, req,
                       {.to = UserRef(user.id), .template_name = "password_changed", .vars = {{"time", FormatMailTime(req.now)}}}));
      req.AfterCommit([&ctx, id = user.id, email = user.email] {
        if (ctx.live) ctx.live->CloseAll(id);
        // Whoever holds the link controls the mailbox: guesses at the old password no
        // longer slow the owner down.
        ctx.by_account.Succeeded("account:" + email);
        log::Info("password_reset", {{"user_id", id}});
      });
      return Response::NoContent();
    });
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
      RK_ASSIGN_OR_RETURN(auto challenge, SecondFactorChallenge(ctx, req, *current));
      if (challenge) return std::move(*challenge);
      return FinishSignIn(ctx, req, *current);
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
  RK_ASSIGN_OR_RETURN(auto body, http::ParseObject(
                                      req, {"display_name", "time_zone", "language", "sexual_content", "sign_in_notice"}));
  RK_ASSIGN_OR_RETURN(User user, LoadMe(req));
  Fields f(body);
  ReadProfile(f, user);
  if (auto v = f.Bool("sexual_content", false)) user.sexual_content = *v;
  if (auto v = f.Bool("sign_in_notice", false)) user.sign_in_notice = *v;
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
      // Every other device has to sign in again with the new password, and a reset link
      // sent before no longer works.
      RK_TRY(repo::DeleteSessionsExcept(req.db(), user.id, req.principal->session_id));
      RK_TRY(repo::DeleteTokens(req.db(), user.id, kReset));
      RK_TRY(QueueMail(ctx, req,
                       {.to = UserRef(user.id), .template_name = "password_changed", .vars = {{"time", FormatMailTime(req.now)}}}));
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
    return req.Then(http::Work::kWrite, [&ctx, id = user.id, email = user.email](Request& req) -> Result<Response> {
      for (const EraseHook& hook : ctx.on_erase) RK_TRY(hook(req.db(), id, req.now));
      RK_TRY(repo::DeleteUser(req.db(), id));
      RK_TRY(repo::DeleteSignupsFor(req.db(), email));
      req.AfterCommit([&ctx, id] {
        if (ctx.live) ctx.live->CloseAll(id);
        log::Info("account_erased", {{"user_id", id}});
      });
      return SignedOut(ctx);
    });
  });
}

}  // namespace detail

using namespace detail;

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
  t.Add(Method::kPost, "/api/v1/me/email-verification", Policy::SignedIn(), Work::kWrite, RequestVerification);
  t.Add(Method::kPost, "/api/v1/email-verifications", Policy::Public(), Work::kWrite, VerifyEmail);
  t.Add(Method::kPost, "/api/v1/password-resets", Policy::Public(), Work::kWrite, RequestReset);
  t.Add(Method::kPost, "/api/v1/password-resets/complete", Policy::Public(), Work::kWrite, CompleteReset, Work::kRead);
  AddSecondFactorRoutes(t);
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
  http::Principal p{session->user_id, session->id, session->csrf_token, via_cookie, {}, false, std::nullopt, std::nullopt};
  RK_ASSIGN_OR_RETURN(p.roles, RolesOf(c, session->user_id));
  // Only a role needs the second factor to be known (the policies that open it ask).
  if (!p.roles.empty()) {
    RK_ASSIGN_OR_RETURN(p.second_factor, repo::HasSecondFactor(c, session->user_id));
  }
  return p;
}

Result<std::int64_t> PurgeExpiredSessions(db::Connection& c, Millis now) { return repo::PurgeExpiredSessions(c, now); }

Result<std::int64_t> PurgeExpiredLinks(db::Connection& c, Millis now) { return repo::PurgeExpiredLinks(c, now); }

void RegisterJobs(jobs::Queue& queue, Context& ctx) {
  // A reset request: the address it named, looked up now. Only an account gets a link;
  // for an unknown address the job ends having done nothing.
  queue.Register(std::string(kResetJobKind), [&ctx](db::Connection& c, const jobs::Job& job) -> Status {
    RK_ASSIGN_OR_RETURN(std::string plain, jobs::OpenPayload(*ctx.sealer, job.payload, kResetSealContext));
    boost::system::error_code ec;
    const json::value inner = json::parse(plain, ec);
    const json::value* email = ec || !inner.is_object() ? nullptr : inner.as_object().if_contains("email");
    if (!email || !email->is_string()) return Error::Internal("A reset job's payload is malformed.");
    RK_ASSIGN_OR_RETURN(auto user, repo::FindUserByEmail(c, std::string(email->as_string())));
    if (!user) return {};
    const NewToken link;
    const AccountToken t{crypto::NewId(job.started_at), link.hash, user->id, std::string(kReset), job.started_at,
                         job.started_at + kResetLinkLifetime};
    RK_TRY(repo::InsertToken(c, t));
    RK_TRY(ctx.mailer->Enqueue(c,
                               {.to = UserRef(user->id),
                                .template_name = "password_reset",
                                .vars = {{"token", link.token}, {"minutes", std::to_string(kResetLinkLifetime / kMinute)}},
                                .not_after = t.expires_at},
                               job.started_at));
    return {};
  });
}

Result<std::optional<mail::Recipient>> MailRecipient(db::Connection& c, std::string_view ref) {
  if (ref.starts_with("user:")) {
    RK_ASSIGN_OR_RETURN(auto user, repo::FindUserById(c, std::string(ref.substr(5))));
    if (!user) return std::optional<mail::Recipient>();
    return std::optional<mail::Recipient>(mail::Recipient{user->email, user->language});
  }
  if (ref.starts_with("signup:")) {
    RK_ASSIGN_OR_RETURN(auto signup, repo::FindSignupById(c, std::string(ref.substr(7))));
    if (!signup) return std::optional<mail::Recipient>();
    return std::optional<mail::Recipient>(mail::Recipient{signup->email, signup->language});
  }
  return std::optional<mail::Recipient>();
}

}  // namespace rk::accounts
