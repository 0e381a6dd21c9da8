#pragma once
// What the route files of accounts share (routes.cpp, second_factor.cpp). Private to
// the feature.

#include <optional>
#include <string>
#include <string_view>

#include "features/accounts/repo.hpp"
#include "features/accounts/routes.hpp"
#include "platform/http/json.hpp"

namespace rk::accounts::detail {

// Creates a session for `user` and returns the response (body: `extra` and the session)
// with its cookie.
Result<http::Response> StartSession(Context& ctx, http::Request& req, const User& user, int status,
                                    http::json::object extra = {});
// A session after a complete sign-in: StartSession, the sign-in notice by e-mail when the
// person wants one, and the log line.
Result<http::Response> FinishSignIn(Context& ctx, http::Request& req, const User& user);
// A password field as typed, in NFKC form.
std::optional<std::string> ReadPassword(http::Fields& f, std::string_view name);
// The signed-in person.
Result<User> LoadMe(const http::Request& req);
// Checks the signed-in person's password, with its own throttle.
Status Reauthenticate(Context& ctx, const http::Request& req, const User& user, const std::string& password,
                      std::string_view field);
// Enqueues an e-mail in the request's transaction; it leaves once that commits.
Status QueueMail(Context& ctx, http::Request& req, mail::Outgoing m);
// The mail recipient reference of an account.
std::string UserRef(const std::string& id);

// The second factor's routes (second_factor.cpp).
void AddSecondFactorRoutes(http::RouteTable<Context>& t);
// After the right password: a challenge for the second factor when the account has one
// (200 with its token), else nullopt and the caller signs in.
Result<std::optional<http::Response>> SecondFactorChallenge(Context& ctx, http::Request& req, const User& user);

}  // namespace rk::accounts::detail
