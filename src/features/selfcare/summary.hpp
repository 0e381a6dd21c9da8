#pragma once
// What self-care publishes to other features (insights): a person's log summed by day.
// Numbers only; labels and notes stay inside. Of the journal, only what its author
// shared with their partner.

#include <cstdint>
#include <string>
#include <vector>

#include "platform/base/result.hpp"
#include "platform/base/time.hpp"
#include "platform/crypto/sealer.hpp"
#include "platform/db/db.hpp"

namespace rk::selfcare {

struct DayTotals {
  std::int64_t day = 0;  // days since 1970 in the person's time zone when logged
  std::int64_t entries = 0;
  std::int64_t minutes = 0;
  std::int64_t mood_sum = 0;
  std::int64_t energy_sum = 0;
};
// `user_id`'s log from day `from` to day `to` (inclusive), one row per day with entries,
// oldest first.
Result<std::vector<DayTotals>> TotalsByDay(db::Connection& c, const std::string& user_id, std::int64_t from,
                                           std::int64_t to);

// A journal entry its author shared with their partner, for their therapist when the
// author consents (features/consent).
struct SharedEntry {
  std::string id;
  std::string title;
  std::string body;
  Millis shared_at = 0;
};
// `author_id`'s entries shared with couple `couple_id` now, newest first, at most `limit`.
Result<std::vector<SharedEntry>> SharedEntries(db::Connection& c, const crypto::Sealer& s, const std::string& author_id,
                                               const std::string& couple_id, int limit);

}  // namespace rk::selfcare
