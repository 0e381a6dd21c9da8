#pragma once
// Therapists' storage: the therapists table and its lists (jurisdictions, tags, hours,
// days off), photos and licence verifications. Every function runs on the connection it
// is given, so callers compose them into one transaction.

#include <optional>
#include <string>
#include <vector>

#include "features/therapists/directory.hpp"
#include "features/therapists/therapists.hpp"
#include "platform/db/db.hpp"

namespace rk::therapists {

struct Verification {
  std::string id;
  std::string therapist_id;
  std::string operator_id;
  std::string licensing_body;
  std::string verified_on;  // 'YYYY-MM-DD'
  std::string reference;
  std::string expires_on;   // 'YYYY-MM-DD'
  Millis recorded_at = 0;
};

namespace repo {
Result<std::optional<Stored>> Find(db::Connection& c, const std::string& user_id);
// Whether the profile of `user_id` is matchable at `now` (false when there is none): one
// row, no lists.
Result<bool> IsMatchableNow(db::Connection& c, const std::string& user_id, Millis now);
// Writes the profile (and its lists) with `status`, making the row when there is none.
Status SaveProfile(db::Connection& c, const std::string& user_id, const Profile& p, std::string_view status, Millis now);
Status SetStatus(db::Connection& c, const std::string& user_id, std::string_view status, Millis now);
Status SetSubmitted(db::Connection& c, const std::string& user_id, Millis now);
// The operator's decision: status, reason, and the verification's last day (approve).
Status Decide(db::Connection& c, const std::string& user_id, std::string_view status, const std::string& reason,
              const std::optional<std::string>& verified_until, Millis now);
Status SaveAvailability(db::Connection& c, const std::string& user_id, const std::vector<Hours>& hours,
                        const std::vector<std::string>& days_off, Millis now);
Status SetPhoto(db::Connection& c, const std::string& user_id, const std::optional<Photo>& photo, Millis now);
// The photo's content type and bytes, or nullopt.
Result<std::optional<Photo>> FindPhoto(db::Connection& c, const std::string& user_id);
// Profiles with `status`, oldest submission first.
Result<std::vector<Stored>> ListByStatus(db::Connection& c, std::string_view status, int limit);
Status InsertVerification(db::Connection& c, const Verification& v);
Result<std::vector<Verification>> Verifications(db::Connection& c, const std::string& therapist_id);
}  // namespace repo

}  // namespace rk::therapists
