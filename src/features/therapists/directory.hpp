#pragma once
// The therapist directory as other features read it (matching, care): every profile's
// status and version, and one profile whole. Published; the rest of the storage is not.
//
// Every change to a therapist's row or lists raises its `version`, so a process that
// keeps profiles in memory finds what changed by comparing versions.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "features/therapists/therapists.hpp"
#include "platform/db/db.hpp"

namespace rk::therapists {

// A therapist's row with the operator's part.
struct Stored {
  std::string user_id;
  std::string status;
  Profile profile;
  std::vector<Hours> hours;
  std::vector<std::string> days_off;  // 'YYYY-MM-DD'
  std::string decision_reason;
  std::optional<std::string> verified_until;
  std::optional<Millis> submitted_at;
  std::optional<Millis> decided_at;
  bool has_photo = false;
  Millis updated_at = 0;
  std::int64_t version = 0;
};

namespace directory {

struct Entry {
  std::string id;
  std::string status;
  std::int64_t version = 0;
};
// Every therapist's id, status and version.
Result<std::vector<Entry>> Versions(db::Connection& c);
// One therapist whole, or nullopt.
Result<std::optional<Stored>> Find(db::Connection& c, const std::string& id);

}  // namespace directory
}  // namespace rk::therapists
