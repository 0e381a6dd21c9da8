#pragma once
// Couples storage: couples, their members and invites. Reads display names and time
// zones from the users table.

#include <optional>
#include <string>
#include <vector>

#include "features/couples/access.hpp"
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
Result<std::vector<Partner>> ActiveMembers(db::Connection& c, const std::string& couple_id);
Result<std::optional<CoupleAccess>> LoadCouple(db::Connection& c, const std::string& couple_id);
Result<std::string> UserTimeZone(db::Connection& c, const std::string& user_id);

Status InsertInvite(db::Connection& c, const Invite& invite);  // kConflict if the code exists
Result<std::optional<Invite>> FindInvite(db::Connection& c, const std::string& code);
Status MarkInviteUsed(db::Connection& c, const std::string& code, const std::string& by, Millis now);
// Withdraws every unused invite `user_id` made.
Status WithdrawInvites(db::Connection& c, const std::string& user_id, Millis now);
// Deletes invites that expired or were used more than kInviteRetention before `now`.
// Returns how many.
Result<std::int64_t> PurgeExpiredInvites(db::Connection& c, Millis now);

Status InsertCouple(db::Connection& c, const std::string& couple_id, const std::string& time_zone, Millis now,
                    const std::vector<std::string>& members);
Status SetTimeZone(db::Connection& c, const std::string& couple_id, const std::string& time_zone);
// Ends the couple and closes every membership in it.
Status EndCouple(db::Connection& c, const std::string& couple_id, Millis now);

}  // namespace rk::couples::repo
