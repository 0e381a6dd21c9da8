#pragma once
// Accounts over HTTP: sign-up (finished by a link sent by e-mail), sign-in and out, the
// profile, password change and reset, address verification, account erasure, and
// Authenticate, which resolves bearer tokens and session cookies.

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "features/accounts/accounts.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/db/db.hpp"
#include "platform/http/http.hpp"
#include "platform/http/live.hpp"
#include "platform/http/ratelimit.hpp"
#include "platform/jobs/jobs.hpp"
#include "platform/mail/mail.hpp"

namespace rk::accounts {

// Called inside the erasure transaction before the user row is deleted, so that other
// features can end what the person takes part in (a couple, for instance).
using EraseHook = std::function<Status(db::Connection&, const std::string& user_id, Millis now)>;

struct Context {
  const PasswordPolicy& policy;
  crypto::PasswordCost cost;
  bool secure_cookies = false;
  std::vector<EraseHook> on_erase;
  // Open live connections end with the session: sign-out, password change, erasure.
  http::Live* live = nullptr;

  // Guessed passwords are slowed down, not locked out (http::FailureThrottle): for one
  // account from one address after 5 tries (delays up to 15 min); for one account from
  // anywhere after 20 (up to a minute, so a distributed guesser slows the owner by a
  // minute at most); from one address after 50 (up to a minute, so people behind one NAT
  // are not shut out). A signed-in person re-entering their password (password change,
  // erasure) has a counter of their own that sign-in guesses do not touch.
  http::FailureThrottle by_pair{5, 15 * kMinute, kDay};
  http::FailureThrottle by_account{20, kMinute, kDay};
  http::FailureThrottle by_address{50, kMinute, kDay};
  http::FailureThrottle reauth{5, 15 * kMinute, kDay};
  // Wrong second-factor codes, per account (each sign-in challenge also allows 5 only,
  // and a new one takes the password): 10 free, then delays up to 15 minutes.
  http::FailureThrottle second_factor{10, 15 * kMinute, kDay};
  // Sign-up attempts per client address (each costs a password hash); null: no limit.
  std::unique_ptr<http::RateLimiter> signups_by_address;
  // Sign-up attempts per address signed up with (each sends an e-mail there): the same
  // answer whether or not the address has an account; null: no limit.
  std::unique_ptr<http::RateLimiter> signups_by_email{};
  // Password-reset requests per client address and per address asked for; null: no limit.
  std::unique_ptr<http::RateLimiter> resets_by_address{};
  std::unique_ptr<http::RateLimiter> resets_by_email{};
  // New verification links a signed-in person may ask for.
  http::RateLimiter verifications_by_person{3, kHour};

  // E-mail goes through the job queue (required). `sealer` seals what accounts' own jobs
  // carry (the address a reset was asked for); `wake_jobs` is called after a commit that
  // enqueued a job, so it starts at once (may be empty).
  const mail::Mailer* mailer = nullptr;
  const crypto::Sealer* sealer = nullptr;
  std::function<void()> wake_jobs{};
  // A hash of a random password, verified against when the e-mail is unknown so that
  // both failures take about the same time.
  std::string dummy_hash;
};

// Fills in the dummy hash. Call once before serving.
Status Prepare(Context& ctx);

// The name of the session cookie: with the __Host- prefix when cookies are Secure.
std::string CookieName(bool secure);

void RegisterRoutes(http::Router& router, Context& ctx);

// Resolves the request's credentials (bearer token, else session cookie) to the person
// and their roles, on the request's connection; ends a session unused for too long.
Result<http::Principal> Authenticate(Context& ctx, db::Connection& c, const http::Request& req);

// Deletes the sessions that have ended by `now` (unused for longer than
// kSessionIdleLifetime) and returns how many: a periodic job.
Result<std::int64_t> PurgeExpiredSessions(db::Connection& c, Millis now);
// Deletes sign-ups and single-use tokens whose links expired by `now`: a periodic job.
Result<std::int64_t> PurgeExpiredLinks(db::Connection& c, Millis now);

// The job kind that answers a password-reset request: it looks the address up and, only
// when it has an account, makes a token and enqueues the e-mail. Requests therefore
// cost the same whether or not the address is known.
inline constexpr std::string_view kResetJobKind = "accounts.password-reset";
// Registers accounts' job kinds on `queue`. `ctx` must outlive it.
void RegisterJobs(jobs::Queue& queue, Context& ctx);

// The mail recipient a reference names, for mail::Mailer: "user:ID" (an account) or
// "signup:ID" (a sign-up waiting for its link); nullopt when it is gone.
Result<std::optional<mail::Recipient>> MailRecipient(db::Connection& c, std::string_view ref);

}  // namespace rk::accounts
