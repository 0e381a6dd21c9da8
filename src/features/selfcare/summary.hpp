#pragma once
// What self-care publishes to other features (insights): a person's log summed by day.
// Numbers only; labels, notes and the journal stay inside.

#include <cstdint>
#include <string>
#include <vector>

#include "platform/base/result.hpp"
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

}  // namespace rk::selfcare
