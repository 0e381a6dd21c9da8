#pragma once
// The therapists feature's published interface for the operators' console (features/admin):
// profiles listed by status, one profile in full, the licence verifications recorded for
// it, and decisions that land only from the status they expect. Every function runs on
// the connection it is given, so the caller composes them (and its audit entry) into
// one transaction.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "features/therapists/directory.hpp"
#include "features/therapists/therapists.hpp"
#include "platform/db/db.hpp"
#include "platform/http/json.hpp"

namespace rk::therapists {

// How an operator checked a licence: with whom, when, the register's reference, and
// until when the licence runs.
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

// A profile as a list shows it.
struct Summary {
  std::string user_id;
  std::string status;
  std::string full_name;
  std::string credential;
  std::vector<Place> jurisdictions;
  std::optional<Millis> submitted_at;
  std::optional<std::string> verified_until;
};

// Where a page of a list starts: after this profile (the list runs by submission time,
// then id; a draft, never submitted, counts as submitted at 0).
struct PageKey {
  Millis submitted_at = 0;
  std::string user_id;
};

// The profile as JSON, everything its therapist wrote with its status: what the
// therapist's own page and the operators' console both show.
http::json::object ProfileJson(const Stored& s);

namespace review {
// Profiles with `status`, oldest submission first, after `after` when given; at most `limit`.
Result<std::vector<Summary>> List(db::Connection& c, std::string_view status, const std::optional<PageKey>& after,
                                  int limit);
// One profile with its lists, or nullopt.
Result<std::optional<Stored>> Find(db::Connection& c, const std::string& user_id);
// The verifications recorded for `therapist_id`, newest first.
Result<std::vector<Verification>> Verifications(db::Connection& c, const std::string& therapist_id);
Status InsertVerification(db::Connection& c, const Verification& v);
// Moves the profile from `from` to `to` with the operator's reason and the verification's
// last day, only if its status is still `from` (one conditional UPDATE: of two operators
// deciding at once, one lands). False when it was not `from` (or there is no profile).
Result<bool> Decide(db::Connection& c, const std::string& user_id, std::string_view from, std::string_view to,
                    const std::string& reason, const std::optional<std::string>& verified_until, Millis now);
// A new verification of an approved profile: it runs until `verified_until` now. False
// when the profile is not approved.
Result<bool> Renew(db::Connection& c, const std::string& user_id, const std::string& verified_until, Millis now);

// An approved profile and the last day its verification runs.
struct Ending {
  std::string user_id;
  std::string verified_until;
};
// Approved profiles whose verification runs until a day from `first` to `last` ('YYYY-MM-DD').
Result<std::vector<Ending>> EndingBetween(db::Connection& c, const std::string& first, const std::string& last);
}  // namespace review

}  // namespace rk::therapists
