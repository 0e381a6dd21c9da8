#pragma once
// The accounts feature's published interface for operators (features/admin): an account
// found by its e-mail address, an account's address, and the reset of a lost second
// factor. Operators may know who has an account; nothing here is for anyone else.

#include <optional>
#include <string>

#include "platform/base/result.hpp"
#include "platform/db/db.hpp"

namespace rk::accounts {

// The id of the account with e-mail `email` (compared normalised), or nullopt.
Result<std::optional<std::string>> FindAccountByEmail(db::Connection& c, const std::string& email);

// The e-mail address of account `id`, or nullopt when there is no such account.
Result<std::optional<std::string>> EmailOf(db::Connection& c, const std::string& id);

// Removes the second factor of `user_id` (confirmed or being set up), its recovery codes
// and sign-in challenges, and ends every session of the account: the person signs in
// with the password alone and sets up a new factor. False, with nothing changed, when
// the account has no confirmed factor. The caller closes the live connections after
// its commit.
Result<bool> ResetSecondFactor(db::Connection& c, const std::string& user_id);

}  // namespace rk::accounts
