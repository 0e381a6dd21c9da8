#pragma once
// The couples feature's published interface: the one authorisation function for
// couple-owned data. The platform calls it (through the app's AccessResolver) for every
// route whose policy is "couple member", so handlers receive the couple already
// resolved (http::Request::couple) and never check membership by hand.

#include <string>
#include <vector>

#include "platform/base/result.hpp"
#include "platform/db/db.hpp"
#include "platform/http/http.hpp"

namespace rk::couples {

// The couple that `user_id` is currently in, with both members, or kNotFound ("You
// are not in a couple yet"). An ended couple never grants access.
Result<http::CoupleRef> RequireCouple(db::Connection& c, const std::string& user_id);

// The members of couple `couple_id` while it lasts (empty once it has ended), for a
// feature that acts for a couple it knows by id (a therapist's couples).
Result<std::vector<http::Member>> CurrentMembers(db::Connection& c, const std::string& couple_id);

// For account erasure: ends the couple `user_id` is in, if any, and forgets which
// invite they used. Runs on `c`, inside the caller's transaction.
Status LeaveIfMember(db::Connection& c, const std::string& user_id, Millis now);

}  // namespace rk::couples
