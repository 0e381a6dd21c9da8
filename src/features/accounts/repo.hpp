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
};

struct Session {
  std::string id;  // SHA-256 hex of the token
  std::string user_id;
  std::string csrf_token;
  Millis created_at = 0;
  Millis last_used_at = 0;
};

namespace repo {
Result<std::optional<User>> FindUserByEmail(db::Connection& c, const std::string& email);
Result<std::optional<User>> FindUserById(db::Connection& c, const std::string& id);
// False (and nothing written) if the e-mail is taken.
Result<bool> InsertUser(db::Connection& c, const User& u);
// Writes display name, time zone, language and sexual-content opt-in.
Status UpdateProfile(db::Connection& c, const User& u, Millis now);
// Writes `hash` if the stored hash is still `expected`; returns the rows changed (0 or 1).
Result<std::int64_t> UpdatePasswordHashIf(db::Connection& c, const std::string& user_id, const std::string& expected,
                                          const std::string& hash, Millis now);
// Deletes the user; sessions go with it (ON DELETE CASCADE).
Status DeleteUser(db::Connection& c, const std::string& user_id);

Status InsertSession(db::Connection& c, const Session& s);
Result<std::optional<Session>> FindSession(db::Connection& c, const std::string& id);
// Never waits for another writer (ExecIfFree): kUnavailable when one is busy.
Status TouchSession(db::Connection& c, const std::string& id, Millis now);
Status DeleteSession(db::Connection& c, const std::string& id);
Status DeleteSessionsExcept(db::Connection& c, const std::string& user_id, const std::string& keep_id);
// Deletes every session unused for longer than kSessionIdleLifetime at `now` (sessions
// that no longer sign anyone in). Returns how many.
Result<std::int64_t> PurgeExpiredSessions(db::Connection& c, Millis now);

Result<std::vector<std::string>> Roles(db::Connection& c, const std::string& user_id);
Status GrantRole(db::Connection& c, const std::string& user_id, const std::string& role, Millis now);
}  // namespace repo

}  // namespace rk::accounts
