#include "features/accounts/repo.hpp"

#include "features/accounts/accounts.hpp"
#include "features/accounts/operator.hpp"
#include "features/accounts/people.hpp"

namespace rk::accounts::repo {
namespace {

constexpr std::string_view kUserColumns =
    "id, email, password_hash, display_name, time_zone, language, sexual_content, created_at, email_verified_at, "
    "sign_in_notice";

User ToUser(const db::Row& r) {
  return User{r.Text(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4), r.Text(5), r.Bool(6), r.Int(7), r.OptInt(8),
              r.Bool(9)};
}

constexpr std::string_view kSignupColumns =
    "id, token_hash, email, password_hash, display_name, time_zone, language, created_at, expires_at, role";

Signup ToSignup(const db::Row& r) {
  return Signup{r.Text(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4), r.Text(5), r.Text(6), r.Int(7), r.Int(8), r.Text(9)};
}

db::Value OptionalMillis(const std::optional<Millis>& t) { return t ? db::Value(*t) : db::Value(nullptr); }

// The row `sql` finds by one key, as a T (`convert`), or nullopt.
template <class T>
Result<std::optional<T>> FindOne(db::Connection& c, std::string_view sql, const std::string& key,
                                 T (*convert)(const db::Row&)) {
  RK_ASSIGN_OR_RETURN(auto row, c.QueryOne(sql, {key}));
  if (!row) return std::optional<T>();
  return std::optional<T>(convert(*row));
}

}  // namespace

Result<std::optional<User>> FindUserByEmail(db::Connection& c, const std::string& email) {
  static const std::string sql = "SELECT " + std::string(kUserColumns) + " FROM users WHERE email = ?";
  return FindOne(c, sql, email, &ToUser);
}

Result<std::optional<User>> FindUserById(db::Connection& c, const std::string& id) {
  static const std::string sql = "SELECT " + std::string(kUserColumns) + " FROM users WHERE id = ?";
  return FindOne(c, sql, id, &ToUser);
}

Result<bool> InsertUser(db::Connection& c, const User& u) {
  // ON CONFLICT instead of a unique violation: PostgreSQL logs a violation with the key,
  // which would put the e-mail address in the database's own log.
  RK_ASSIGN_OR_RETURN(std::int64_t added,
                      c.Exec("INSERT INTO users (id, email, password_hash, display_name, time_zone, language, "
                             "sexual_content, created_at, updated_at, email_verified_at, sign_in_notice) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (email) DO NOTHING",
                             {u.id, u.email, u.password_hash, u.display_name, u.time_zone, u.language,
                              std::int64_t{u.sexual_content}, u.created_at, u.created_at,
                              OptionalMillis(u.email_verified_at), std::int64_t{u.sign_in_notice}}));
  return added == 1;
}

Status UpdateProfile(db::Connection& c, const User& u, Millis now) {
  RK_TRY(c.Exec("UPDATE users SET display_name = ?, time_zone = ?, language = ?, sexual_content = ?, "
                "sign_in_notice = ?, updated_at = ? WHERE id = ?",
                {u.display_name, u.time_zone, u.language, std::int64_t{u.sexual_content}, std::int64_t{u.sign_in_notice},
                 now, u.id}));
  return {};
}

Result<std::int64_t> UpdatePasswordHashIf(db::Connection& c, const std::string& user_id, const std::string& expected,
                                          const std::string& hash, Millis now) {
  return c.Exec("UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ? AND password_hash = ?",
                {hash, now, user_id, expected});
}

Status SetPasswordHash(db::Connection& c, const std::string& user_id, const std::string& hash, Millis now) {
  RK_TRY(c.Exec("UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?", {hash, now, user_id}));
  return {};
}

Status MarkEmailVerified(db::Connection& c, const std::string& user_id, Millis now) {
  RK_TRY(c.Exec("UPDATE users SET email_verified_at = ?, updated_at = ? WHERE id = ? AND email_verified_at IS NULL",
                {now, now, user_id}));
  return {};
}

Status DeleteUser(db::Connection& c, const std::string& user_id) {
  RK_TRY(c.Exec("DELETE FROM users WHERE id = ?", {user_id}));
  return {};
}

Status InsertSession(db::Connection& c, const Session& s) {
  RK_TRY(c.Exec("INSERT INTO sessions (id, user_id, csrf_token, created_at, last_used_at) VALUES (?, ?, ?, ?, ?)",
                {s.id, s.user_id, s.csrf_token, s.created_at, s.last_used_at}));
  return {};
}

Result<std::optional<Session>> FindSession(db::Connection& c, const std::string& id) {
  RK_ASSIGN_OR_RETURN(auto row, c.QueryOne("SELECT id, user_id, csrf_token, created_at, last_used_at FROM sessions "
                                           "WHERE id = ?",
                                           {id}));
  if (!row) return std::optional<Session>();
  return std::optional<Session>(Session{row->Text(0), row->Text(1), row->Text(2), row->Int(3), row->Int(4)});
}

Status TouchSession(db::Connection& c, const std::string& id, Millis now) {
  RK_TRY(c.ExecIfFree("UPDATE sessions SET last_used_at = ? WHERE id = ?", {now, id}));
  return {};
}

Status DeleteSession(db::Connection& c, const std::string& id) {
  RK_TRY(c.Exec("DELETE FROM sessions WHERE id = ?", {id}));
  return {};
}

Status DeleteSessionsExcept(db::Connection& c, const std::string& user_id, const std::string& keep_id) {
  RK_TRY(c.Exec("DELETE FROM sessions WHERE user_id = ? AND id <> ?", {user_id, keep_id}));
  return {};
}

Status DeleteAllSessions(db::Connection& c, const std::string& user_id) {
  RK_TRY(c.Exec("DELETE FROM sessions WHERE user_id = ?", {user_id}));
  return {};
}

Status InsertSignup(db::Connection& c, const Signup& s) {
  RK_TRY(c.Exec("INSERT INTO signups (" + std::string(kSignupColumns) + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                {s.id, s.token_hash, s.email, s.password_hash, s.display_name, s.time_zone, s.language, s.created_at,
                 s.expires_at, s.role.empty() ? db::Value(nullptr) : db::Value(s.role)}));
  return {};
}

Result<std::optional<Signup>> FindSignupByToken(db::Connection& c, const std::string& token_hash) {
  static const std::string sql = "SELECT " + std::string(kSignupColumns) + " FROM signups WHERE token_hash = ?";
  return FindOne(c, sql, token_hash, &ToSignup);
}

Result<std::optional<Signup>> FindSignupById(db::Connection& c, const std::string& id) {
  static const std::string sql = "SELECT " + std::string(kSignupColumns) + " FROM signups WHERE id = ?";
  return FindOne(c, sql, id, &ToSignup);
}

Result<std::int64_t> UseSignup(db::Connection& c, const std::string& id, Millis now) {
  return c.Exec("DELETE FROM signups WHERE id = ? AND expires_at > ?", {id, now});
}

Status DeleteSignupsFor(db::Connection& c, const std::string& email) {
  RK_TRY(c.Exec("DELETE FROM signups WHERE email = ?", {email}));
  return {};
}

Status InsertToken(db::Connection& c, const AccountToken& t) {
  RK_TRY(c.Exec("INSERT INTO account_tokens (id, token_hash, user_id, purpose, created_at, expires_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                {t.id, t.token_hash, t.user_id, t.purpose, t.created_at, t.expires_at}));
  return {};
}

Result<std::optional<AccountToken>> FindToken(db::Connection& c, const std::string& token_hash,
                                              std::string_view purpose) {
  RK_ASSIGN_OR_RETURN(auto row, c.QueryOne("SELECT id, token_hash, user_id, purpose, created_at, expires_at "
                                           "FROM account_tokens WHERE token_hash = ? AND purpose = ?",
                                           {token_hash, std::string(purpose)}));
  if (!row) return std::optional<AccountToken>();
  const db::Row& r = *row;
  return std::optional<AccountToken>(AccountToken{r.Text(0), r.Text(1), r.Text(2), r.Text(3), r.Int(4), r.Int(5)});
}

Result<std::int64_t> UseToken(db::Connection& c, const std::string& id, Millis now) {
  return c.Exec("DELETE FROM account_tokens WHERE id = ? AND expires_at > ?", {id, now});
}

Status DeleteTokens(db::Connection& c, const std::string& user_id, std::string_view purpose) {
  if (purpose.empty()) {
    RK_TRY(c.Exec("DELETE FROM account_tokens WHERE user_id = ?", {user_id}));
  } else {
    RK_TRY(c.Exec("DELETE FROM account_tokens WHERE user_id = ? AND purpose = ?", {user_id, std::string(purpose)}));
  }
  return {};
}

Result<std::int64_t> PurgeExpiredLinks(db::Connection& c, Millis now) {
  RK_ASSIGN_OR_RETURN(std::int64_t signups, c.Exec("DELETE FROM signups WHERE expires_at <= ?", {now}));
  RK_ASSIGN_OR_RETURN(std::int64_t tokens, c.Exec("DELETE FROM account_tokens WHERE expires_at <= ?", {now}));
  RK_ASSIGN_OR_RETURN(std::int64_t steps, c.Exec("DELETE FROM sign_in_challenges WHERE expires_at <= ?", {now}));
  return signups + tokens + steps;
}

Result<std::int64_t> PurgeExpiredSessions(db::Connection& c, Millis now) {
  return c.Exec("DELETE FROM sessions WHERE last_used_at < ?", {now - kSessionIdleLifetime});
}

Result<std::optional<SecondFactor>> FindSecondFactor(db::Connection& c, const std::string& user_id) {
  RK_ASSIGN_OR_RETURN(auto row, c.QueryOne("SELECT user_id, secret, created_at, confirmed_at, last_step FROM "
                                           "second_factors WHERE user_id = ?",
                                           {user_id}));
  if (!row) return std::optional<SecondFactor>();
  return std::optional<SecondFactor>(SecondFactor{row->Text(0), row->Text(1), row->Int(2), row->OptInt(3), row->Int(4)});
}

Result<bool> HasSecondFactor(db::Connection& c, const std::string& user_id) {
  RK_ASSIGN_OR_RETURN(auto row, c.QueryOne("SELECT 1 FROM second_factors WHERE user_id = ? AND confirmed_at IS NOT NULL",
                                           {user_id}));
  return row.has_value();
}

Result<std::int64_t> PutPendingSecondFactor(db::Connection& c, const std::string& user_id, const std::string& secret,
                                            Millis now) {
  return c.Exec(
      "INSERT INTO second_factors (user_id, secret, created_at, confirmed_at, last_step) VALUES (?, ?, ?, NULL, 0) "
      "ON CONFLICT (user_id) DO UPDATE SET secret = excluded.secret, created_at = excluded.created_at "
      "WHERE second_factors.confirmed_at IS NULL",
      {user_id, secret, now});
}

Result<std::int64_t> ConfirmSecondFactor(db::Connection& c, const std::string& user_id, std::int64_t step, Millis now) {
  return c.Exec("UPDATE second_factors SET confirmed_at = ?, last_step = ? WHERE user_id = ? AND confirmed_at IS NULL",
                {now, step, user_id});
}

Result<std::int64_t> AdvanceSecondFactor(db::Connection& c, const std::string& user_id, std::int64_t step) {
  return c.Exec(
      "UPDATE second_factors SET last_step = ? WHERE user_id = ? AND confirmed_at IS NOT NULL AND last_step < ?",
      {step, user_id, step});
}

Status DeleteSecondFactor(db::Connection& c, const std::string& user_id) {
  RK_TRY(c.Exec("DELETE FROM recovery_codes WHERE user_id = ?", {user_id}));
  RK_TRY(c.Exec("DELETE FROM second_factors WHERE user_id = ?", {user_id}));
  return {};
}

Status ReplaceRecoveryCodes(db::Connection& c, const std::string& user_id, const std::vector<std::string>& hashes) {
  RK_TRY(c.Exec("DELETE FROM recovery_codes WHERE user_id = ?", {user_id}));
  for (const std::string& h : hashes)
    RK_TRY(c.Exec("INSERT INTO recovery_codes (user_id, code_hash, used_at) VALUES (?, ?, NULL)", {user_id, h}));
  return {};
}

Result<std::int64_t> UseRecoveryCode(db::Connection& c, const std::string& user_id, const std::string& hash, Millis now) {
  return c.Exec("UPDATE recovery_codes SET used_at = ? WHERE user_id = ? AND code_hash = ? AND used_at IS NULL",
                {now, user_id, hash});
}

Result<std::int64_t> CountUnusedRecoveryCodes(db::Connection& c, const std::string& user_id) {
  RK_ASSIGN_OR_RETURN(auto row,
                      c.QueryOne("SELECT COUNT(*) FROM recovery_codes WHERE user_id = ? AND used_at IS NULL", {user_id}));
  return row ? row->Int(0) : 0;
}

Status InsertChallenge(db::Connection& c, const SignInChallenge& ch) {
  RK_TRY(c.Exec("INSERT INTO sign_in_challenges (id, user_id, password_hash, created_at, expires_at, attempts) VALUES "
                "(?, ?, ?, ?, ?, 0)",
                {ch.id, ch.user_id, ch.password_hash, ch.created_at, ch.expires_at}));
  return {};
}

Result<std::optional<SignInChallenge>> TryChallenge(db::Connection& c, const std::string& id, Millis now,
                                                    int max_attempts) {
  RK_ASSIGN_OR_RETURN(std::int64_t counted,
                      c.Exec("UPDATE sign_in_challenges SET attempts = attempts + 1 WHERE id = ? AND expires_at > ? "
                             "AND attempts < ?",
                             {id, now, std::int64_t{max_attempts}}));
  if (counted == 0) return std::optional<SignInChallenge>();
  RK_ASSIGN_OR_RETURN(auto row, c.QueryOne("SELECT id, user_id, password_hash, created_at, expires_at FROM "
                                           "sign_in_challenges WHERE id = ?",
                                           {id}));
  if (!row) return std::optional<SignInChallenge>();
  return std::optional<SignInChallenge>(
      SignInChallenge{row->Text(0), row->Text(1), row->Text(2), row->Int(3), row->Int(4)});
}

Status DeleteChallenges(db::Connection& c, const std::string& user_id) {
  RK_TRY(c.Exec("DELETE FROM sign_in_challenges WHERE user_id = ?", {user_id}));
  return {};
}

Result<std::vector<std::string>> Roles(db::Connection& c, const std::string& user_id) {
  RK_ASSIGN_OR_RETURN(auto rows, c.Query("SELECT role FROM user_roles WHERE user_id = ? ORDER BY role", {user_id}));
  std::vector<std::string> out;
  for (const auto& r : rows) out.push_back(r.Text(0));
  return out;
}

Status GrantRole(db::Connection& c, const std::string& user_id, const std::string& role, Millis now) {
  RK_TRY(c.Exec("INSERT INTO user_roles (user_id, role, granted_at) VALUES (?, ?, ?) ON CONFLICT (user_id, role) DO "
                "NOTHING",
                {user_id, role, now}));
  return {};
}

}  // namespace rk::accounts::repo

namespace rk::accounts {

Result<std::optional<Person>> FindPerson(db::Connection& c, const std::string& id) {
  RK_ASSIGN_OR_RETURN(auto user, repo::FindUserById(c, id));
  if (!user) return std::optional<Person>();
  return std::optional<Person>(Person{user->id, user->display_name, user->time_zone, user->language, user->sexual_content});
}

Result<bool> OptedInToSexualContent(db::Connection& c, const std::string& user_id) {
  RK_ASSIGN_OR_RETURN(auto person, FindPerson(c, user_id));
  return person && person->sexual_content;
}

Result<std::vector<http::Role>> RolesOf(db::Connection& c, const std::string& user_id) {
  RK_ASSIGN_OR_RETURN(auto names, repo::Roles(c, user_id));
  std::vector<http::Role> out;
  for (const std::string& n : names)
    if (auto r = http::ParseRole(n)) out.push_back(*r);
  return out;
}

Status GrantRoleByEmail(db::Connection& c, const std::string& email, http::Role role, Millis now) {
  const std::string normalized = NormalizeEmail(email).value_or(email);
  RK_ASSIGN_OR_RETURN(auto user, repo::FindUserByEmail(c, normalized));
  if (!user) return Error::NotFound("There is no account with that e-mail address.");
  return repo::GrantRole(c, user->id, std::string(http::RoleName(role)), now);
}

Result<std::optional<std::string>> FindAccountByEmail(db::Connection& c, const std::string& email) {
  const auto normalized = NormalizeEmail(email);
  if (!normalized) return std::optional<std::string>();
  RK_ASSIGN_OR_RETURN(auto user, repo::FindUserByEmail(c, *normalized));
  return user ? std::optional<std::string>(user->id) : std::nullopt;
}

Result<std::optional<std::string>> EmailOf(db::Connection& c, const std::string& id) {
  RK_ASSIGN_OR_RETURN(auto user, repo::FindUserById(c, id));
  return user ? std::optional<std::string>(user->email) : std::nullopt;
}

Result<bool> ResetSecondFactor(db::Connection& c, const std::string& user_id) {
  RK_ASSIGN_OR_RETURN(bool enabled, repo::HasSecondFactor(c, user_id));
  if (!enabled) return false;
  RK_TRY(repo::DeleteSecondFactor(c, user_id));
  RK_TRY(repo::DeleteChallenges(c, user_id));
  RK_TRY(repo::DeleteAllSessions(c, user_id));
  return true;
}

}  // namespace rk::accounts
