#pragma once
// Accounts storage: the users and sessions tables. Every function runs on the
// connection it is given, so callers compose them into one transaction.

#include <optional>
#include <string>
#include <vector>

#include "platform/base/result.hpp"
#include "platform/base/time.hpp"
#include "platform/db/db.hpp"

namespace rk::accounts {

struct User {
  std::string id;
  std::string email;
  std::string password_hash;
  std::string display_name;
  std::string time_zone;
  std::string language;
  bool sexual_content = false;
  Millis created_at = 0;
  std::optional<Millis> email_verified_at;  // nullopt: not confirmed (accounts older than verification)
  bool sign_in_notice = true;               // e-mail the person about each new sign-in
};

// A sign-up waiting for its link (the account is made from it when the link is used).
struct Signup {
  std::string id;
  std::string token_hash;  // SHA-256 hex of the link's token
  std::string email;
  std::string password_hash;
  std::string display_name;
  std::string time_zone;
  std::string language;
  Millis created_at = 0;
  Millis expires_at = 0;
  std::string role;  // "therapist" for a therapist's sign-up, else ""
};

// A single-use token of an account: kVerify confirms the address, kReset sets a password.
inline constexpr std::string_view kVerify = "verify";
inline constexpr std::string_view kReset = "reset";
struct AccountToken {
  std::string id;
  std::string token_hash;  // SHA-256 hex
  std::string user_id;
  std::string purpose;
  Millis created_at = 0;
  Millis expires_at = 0;
};

struct Session {
  std::string id;  // SHA-256 hex of the token
  std::string user_id;
  std::string csrf_token;
  Millis created_at = 0;
  Millis last_used_at = 0;
};

// A second factor (TOTP): pending until confirmed with a code. The secret is sealed.
struct SecondFactor {
  std::string user_id;
  std::string secret;  // sealed with SecondFactorContext(user_id)
  Millis created_at = 0;
  std::optional<Millis> confirmed_at;
  std::int64_t last_step = 0;  // the last time step accepted
};
inline std::string SecondFactorContext(const std::string& user_id) { return "second_factors:" + user_id + ":secret"; }

// The step between the right password and a session, for an account with a second factor.
struct SignInChallenge {
  std::string id;  // SHA-256 hex of its token
  std::string user_id;
  std::string password_hash;  // the account's when the password was checked
  Millis created_at = 0;
  Millis expires_at = 0;
};

namespace repo {
Result<std::optional<User>> FindUserByEmail(db::Connection& c, const std::string& email);
Result<std::optional<User>> FindUserById(db::Connection& c, const std::string& id);
// False (and nothing written) if the e-mail is taken.
Result<bool> InsertUser(db::Connection& c, const User& u);
// Writes display name, time zone, language, sexual-content opt-in and sign-in notice.
Status UpdateProfile(db::Connection& c, const User& u, Millis now);
// Writes `hash` if the stored hash is still `expected`; returns the rows changed (0 or 1).
Result<std::int64_t> UpdatePasswordHashIf(db::Connection& c, const std::string& user_id, const std::string& expected,
                                          const std::string& hash, Millis now);
// Sets the password hash whatever it was (a password reset).
Status SetPasswordHash(db::Connection& c, const std::string& user_id, const std::string& hash, Millis now);
// Records that the person proved the address is theirs, unless it was recorded already.
Status MarkEmailVerified(db::Connection& c, const std::string& user_id, Millis now);
// Deletes the user; sessions and tokens go with it (ON DELETE CASCADE).
Status DeleteUser(db::Connection& c, const std::string& user_id);

Status InsertSession(db::Connection& c, const Session& s);
Result<std::optional<Session>> FindSession(db::Connection& c, const std::string& id);
// Never waits for another writer (ExecIfFree): kUnavailable when one is busy.
Status TouchSession(db::Connection& c, const std::string& id, Millis now);
Status DeleteSession(db::Connection& c, const std::string& id);
Status DeleteSessionsExcept(db::Connection& c, const std::string& user_id, const std::string& keep_id);
Status DeleteAllSessions(db::Connection& c, const std::string& user_id);
// Deletes every session unused for longer than kSessionIdleLifetime at `now` (sessions
// that no longer sign anyone in). Returns how many.
Result<std::int64_t> PurgeExpiredSessions(db::Connection& c, Millis now);

Status InsertSignup(db::Connection& c, const Signup& s);
Result<std::optional<Signup>> FindSignupByToken(db::Connection& c, const std::string& token_hash);
Result<std::optional<Signup>> FindSignupById(db::Connection& c, const std::string& id);
// Deletes sign-up `id` if it has not expired by `now`; returns the rows deleted (0 or 1),
// so that of two uses at once only one succeeds.
Result<std::int64_t> UseSignup(db::Connection& c, const std::string& id, Millis now);
// Deletes every waiting sign-up for `email`.
Status DeleteSignupsFor(db::Connection& c, const std::string& email);

Status InsertToken(db::Connection& c, const AccountToken& t);
Result<std::optional<AccountToken>> FindToken(db::Connection& c, const std::string& token_hash, std::string_view purpose);
// Deletes token `id` if it has not expired by `now`; returns the rows deleted (0 or 1).
Result<std::int64_t> UseToken(db::Connection& c, const std::string& id, Millis now);
// Deletes the user's tokens of `purpose`, or of every purpose when it is empty.
Status DeleteTokens(db::Connection& c, const std::string& user_id, std::string_view purpose = {});
// Deletes sign-ups and tokens that expired before `now`. Returns how many.
Result<std::int64_t> PurgeExpiredLinks(db::Connection& c, Millis now);

Result<std::optional<SecondFactor>> FindSecondFactor(db::Connection& c, const std::string& user_id);
// Whether the person has a confirmed second factor.
Result<bool> HasSecondFactor(db::Connection& c, const std::string& user_id);
// Starts (or starts over) an enrolment: a pending factor with `secret`, unless a
// confirmed one exists. Returns the rows written (0: a confirmed factor is in place).
Result<std::int64_t> PutPendingSecondFactor(db::Connection& c, const std::string& user_id, const std::string& secret,
                                            Millis now);
// Confirms the pending factor at `step`; returns the rows changed (0 or 1).
Result<std::int64_t> ConfirmSecondFactor(db::Connection& c, const std::string& user_id, std::int64_t step, Millis now);
// Records `step` as the last accepted if it is later than the last; returns the rows
// changed (0: the code was used already).
Result<std::int64_t> AdvanceSecondFactor(db::Connection& c, const std::string& user_id, std::int64_t step);
// Removes the factor and its recovery codes.
Status DeleteSecondFactor(db::Connection& c, const std::string& user_id);
// The person's recovery codes become `hashes` (the old ones stop working).
Status ReplaceRecoveryCodes(db::Connection& c, const std::string& user_id, const std::vector<std::string>& hashes);
// Uses the unused recovery code `hash`; returns the rows changed (0 or 1).
Result<std::int64_t> UseRecoveryCode(db::Connection& c, const std::string& user_id, const std::string& hash, Millis now);
Result<std::int64_t> CountUnusedRecoveryCodes(db::Connection& c, const std::string& user_id);

Status InsertChallenge(db::Connection& c, const SignInChallenge& ch);
// Counts one attempt at challenge `id` if it is unexpired and has attempts left; returns
// the challenge then, else nullopt.
Result<std::optional<SignInChallenge>> TryChallenge(db::Connection& c, const std::string& id, Millis now, int max_attempts);
Status DeleteChallenges(db::Connection& c, const std::string& user_id);

Result<std::vector<std::string>> Roles(db::Connection& c, const std::string& user_id);
Status GrantRole(db::Connection& c, const std::string& user_id, const std::string& role, Millis now);
}  // namespace repo

}  // namespace rk::accounts
