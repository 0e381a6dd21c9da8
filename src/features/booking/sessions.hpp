#pragma once
// A person's sessions with their therapist as other features read them (the calendar
// feed): the couple's sessions together and the person's own alone, never the
// partner's alone.

#include <optional>
#include <string>
#include <vector>

#include "platform/base/result.hpp"
#include "platform/base/time.hpp"
#include "platform/db/db.hpp"

namespace rk::booking {

struct Session {
  std::string id;
  Millis starts_at = 0;
  Millis ends_at = 0;
};

// One booked session as the video call reads it (features/video).
struct Booked {
  std::string id;
  std::string therapist_id;
  std::string couple_id;
  std::string kind;         // "joint" (both partners) or "individual"
  std::string attendee_id;  // individual: the partner it is for; joint: ""
  Millis starts_at = 0;
  Millis ends_at = 0;
};

// The session `id` if it is booked (not cancelled); nullopt otherwise.
Result<std::optional<Booked>> FindBooked(db::Connection& c, const std::string& id);

// `user_id`'s live sessions in couple `couple_id` that end after `after`, soonest first.
Result<std::vector<Session>> SessionsFor(db::Connection& c, const std::string& couple_id, const std::string& user_id,
                                         Millis after);

// Cancels the sessions of care relationship `relationship_id` that have not started, as
// cancelled by `by` (the care ends). Runs inside the caller's transaction.
Status CancelUpcoming(db::Connection& c, const std::string& relationship_id, const std::string& by, Millis now);

}  // namespace rk::booking
