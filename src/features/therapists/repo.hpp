#pragma once
// Therapists' storage: the therapists table and its lists (jurisdictions, tags, hours,
// days off) and photos. What operators do (licence verifications, decisions) is declared
// in review.hpp and implemented in repo.cpp too. Every function runs on the connection
// it is given, so callers compose them into one transaction.

#include <optional>
#include <string>
#include <vector>

#include "features/therapists/directory.hpp"
#include "features/therapists/review.hpp"
#include "features/therapists/therapists.hpp"
#include "platform/db/db.hpp"

namespace rk::therapists {

namespace repo {
Result<std::optional<Stored>> Find(db::Connection& c, const std::string& user_id);
// Whether the profile of `user_id` is matchable at `now` (false when there is none): one
// row, no lists.
Result<bool> IsMatchableNow(db::Connection& c, const std::string& user_id, Millis now);
// Writes the profile (and its lists) with `status`, making the row when there is none.
Status SaveProfile(db::Connection& c, const std::string& user_id, const Profile& p, std::string_view status, Millis now);
Status SetStatus(db::Connection& c, const std::string& user_id, std::string_view status, Millis now);
Status SetSubmitted(db::Connection& c, const std::string& user_id, Millis now);
// Moves the submission time to `now` and nothing else (a suspended profile's licence
// changed: checks recorded before it no longer count).
Status MarkResubmitted(db::Connection& c, const std::string& user_id, Millis now);
Status SaveAvailability(db::Connection& c, const std::string& user_id, const std::vector<Hours>& hours,
                        const std::vector<std::string>& days_off, Millis now);
Status SetPhoto(db::Connection& c, const std::string& user_id, const std::optional<Photo>& photo, Millis now);
// The photo's content type and bytes, or nullopt.
Result<std::optional<Photo>> FindPhoto(db::Connection& c, const std::string& user_id);
}  // namespace repo

}  // namespace rk::therapists
