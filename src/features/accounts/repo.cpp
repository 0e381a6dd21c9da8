#include "features/accounts/repo.hpp"

#include "features/accounts/accounts.hpp"
#include "features/accounts/people.hpp"

namespace rk::accounts::repo {
namespace {

constexpr std::string_view kUserColumns =
    "id, email, password_hash, display_name, time_zone, language, sexual_content, created_at";

User ToUser(const db::Row& r) {
  return User{r.Text(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4), r.Text(5), r.Bool(6), r.Int(7)};
}

Result<std::optional<User>> FindUserBy(db::Connection& c, std::string_view sql, const std::string& key) {
  RK_ASSIGN_OR_RETURN(auto row, c.QueryOne(sql, {key}));
  if (!row) return std::optional<User>();
  return std::optional<User>(ToUser(*row));
}

}  // namespace

Result<std::optional<User>> FindUserByEmail(db::Connection& c, const std::string& email) {
  static const std::string sql = "SELECT " + std::string(kUserColumns) + " FROM users WHERE email = ?";
  return FindUserBy(c, sql, email);
}

Result<std::optional<User>> FindUserById(db::Connection& c, const std::string& id) {
  static const std::string sql = "SELECT " + std::string(kUserColumns) + " FROM users WHERE id = ?";
  return FindUserBy(c, sql, id);
}

Result<bool> InsertUser(db::Connection& c, const User& u) {
  // ON CONFLICT instead of a unique violation: PostgreSQL logs a violation with the key,
  // which would put the e-mail address in the database's own log.
  RK_ASSIGN_OR_RETURN(std::int64_t added,
                      c.Exec("INSERT INTO users (id, email, password_hash, display_name, time_zone, language, "
                             "sexual_content, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                             "ON CONFLICT (email) DO NOTHING",
                             {u.id, u.email, u.password_hash, u.display_name, u.time_zone, u.language,
                              std::int64_t{u.sexual_content}, u.created_at, u.created_at}));
  return added == 1;
}

Status UpdateProfile(db::Connection& c, const User& u, Millis now) {
  RK_TRY(c.Exec("UPDATE users SET display_name = ?, time_zone = ?, language = ?, sexual_content = ?, updated_at = ? "
                "WHERE id = ?",
                {u.display_name, u.time_zone, u.language, std::int64_t{u.sexual_content}, now, u.id}));
  return {};
}

Result<std::int64_t> UpdatePasswordHashIf(db::Connection& c, const std::string& user_id, const std::string& expected,
                                          const std::string& hash, Millis now) {
  return c.Exec("UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ? AND password_hash = ?",
                {hash, now, user_id, expected});
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

Result<std::int64_t> PurgeExpiredSessions(db::Connection& c, Millis now) {
  return c.Exec("DELETE FROM sessions WHERE last_used_at < ?", {now - kSessionIdleLifetime});
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

}  // namespace rk::accounts
