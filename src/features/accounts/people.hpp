#pragma once
// The accounts feature's published interface: what other features may know about a
// person, and roles. Other features never read the users, sessions or user_roles tables
// themselves; they call these, on the request's connection.

#include <optional>
#include <string>
#include <vector>

#include "platform/base/result.hpp"
#include "platform/base/time.hpp"
#include "platform/db/db.hpp"
#include "platform/http/http.hpp"

namespace rk::accounts {

// A person as other features see them: never the e-mail or the password hash.
struct Person {
  std::string id;
  std::string display_name;
  std::string time_zone;
  std::string language;
  bool sexual_content = false;  // opted in to sexual content
};

// The person `id`, or nullopt when there is no such account (any more).
Result<std::optional<Person>> FindPerson(db::Connection& c, const std::string& id);

// Whether `user_id` opted in to sexual content (false when there is no such account).
Result<bool> OptedInToSexualContent(db::Connection& c, const std::string& user_id);

// The roles `user_id` holds.
Result<std::vector<http::Role>> RolesOf(db::Connection& c, const std::string& user_id);

// Grants `role` to the account with e-mail `email` (any case). kNotFound when there is
// no such account; granting a role held already changes nothing.
Status GrantRoleByEmail(db::Connection& c, const std::string& email, http::Role role, Millis now);

}  // namespace rk::accounts
