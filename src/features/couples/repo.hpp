#pragma once
// Couples storage: couples, their members and invites. Names and time zones of people
// come from the accounts feature's published interface, never its tables.

#include <optional>
#include <string>
#include <vector>

#include "features/couples/access.hpp"
#include "platform/http/http.hpp"
#include "platform/base/result.hpp"
#include "platform/db/db.hpp"

namespace rk::couples::repo {

struct Invite {
  std::string code;
  std::string inviter_id;
  Millis created_at = 0;
  Millis expires_at = 0;
  std::optional<Millis> used_at;
};

Result<std::optional<std::string>> ActiveCoupleId(db::Connection& c, const std::string& user_id);
// The ids of the current members, in the order they joined.
Result<std::vector<std::string>> ActiveMembers(db::Connection& c, const std::string& couple_id);
// The couple's id, time zone and start (no members), or nullopt if it ended.
Result<std::optional<http::CoupleRef>> LoadCouple(db::Connection& c, const std::string& couple_id);

// False (and nothing written) when the code exists already.
Result<bool> InsertInvite(db::Connection& c, const Invite& invite);
// Locks the open invites of people `a` and `b`, in code order, until the transaction
// ends (PostgreSQL; SQLite's write transaction holds the whole database already).
Status LockOpenInvites(db::Connection& c, const std::string& a, const std::string& b);
Result<std::optional<Invite>> FindInvite(db::Connection& c, const std::string& code);
// Marks the invite used by `by`; kGone if it was used already (by a concurrent join).
Status MarkInviteUsed(db::Connection& c, const std::string& code, const std::string& by, Millis now);
// Withdraws every unused invite `user_id` made.
Status WithdrawInvites(db::Connection& c, const std::string& user_id, Millis now);
// Deletes invites that expired or were used more than kInviteRetention before `now`.
// Returns how many.
Result<std::int64_t> PurgeExpiredInvites(db::Connection& c, Millis now);

// kConflict if a member is in a couple already (the database allows one at a time).
Status InsertCouple(db::Connection& c, const std::string& couple_id, const std::string& time_zone, Millis now,
                    const std::vector<std::string>& members);
Status SetTimeZone(db::Connection& c, const std::string& couple_id, const std::string& time_zone);
// Ends the couple and closes every membership in it.
Status EndCouple(db::Connection& c, const std::string& couple_id, Millis now);

}  // namespace rk::couples::repo
