#pragma once
// Booking's storage. Every function runs on the connection it is given.

#include <optional>
#include <string>
#include <vector>

#include "features/booking/booking.hpp"
#include "features/booking/sessions.hpp"
#include "platform/db/db.hpp"

namespace rk::booking {

struct Booking {
  std::string id;
  std::string therapist_id;
  std::string relationship_id;
  std::string couple_id;
  std::string kind;         // kJoint | kIndividual
  std::string attendee_id;  // individual: the partner it is for; joint: ""
  std::string booked_by;
  Millis starts_at = 0;
  Millis ends_at = 0;
  std::string status;  // kBooked | kCancelled
  Millis created_at = 0;
  std::optional<Millis> cancelled_at;

  // Whether `user_id`, a member of the booking's couple, may see it: a joint session
  // both partners; an individual one only the partner it is for.
  bool VisibleTo(const std::string& user_id) const { return kind == kJoint || attendee_id == user_id; }
};

namespace repo {

// On PostgreSQL, locks the therapist's row, so that bookings for one therapist are
// checked and written one after the other (SQLite has one writer already).
Status LockTherapist(db::Connection& c, const std::string& therapist_id);
// The therapist's live sessions overlapping [from, to).
Result<std::vector<Busy>> BusyBetween(db::Connection& c, const std::string& therapist_id, Millis from, Millis to,
                                      const std::string& except_id = {});
// Inserts `b`; false when a live session of the therapist starts at the same time.
Result<bool> Insert(db::Connection& c, const Booking& b);
Result<std::optional<Booking>> Find(db::Connection& c, const std::string& id);
// Moves a live session that still starts at `from`; false when it does not (moved or
// cancelled meanwhile) or one of the therapist's sessions starts there already.
Result<bool> Move(db::Connection& c, const std::string& id, Millis from, Millis starts_at, Millis ends_at);
// Cancels a live session; false when it was not live.
Result<bool> Cancel(db::Connection& c, const std::string& id, const std::string& by, Millis now);
// The couple's live sessions that `user_id` may see (together, and their own alone),
// ending after `after`, soonest first.
Result<std::vector<Booking>> ForCouple(db::Connection& c, const std::string& couple_id, const std::string& user_id,
                                       Millis after, int limit);
// The live sessions still to start that `user_id` may see (the couple's together and
// their own alone: never counting the partner's alone, which they must not learn of).
Result<std::int64_t> CountUpcoming(db::Connection& c, const std::string& couple_id, const std::string& user_id,
                                   Millis now);
// The therapist's live sessions in [from, to), soonest first.
Result<std::vector<Booking>> ForTherapist(db::Connection& c, const std::string& therapist_id, Millis from, Millis to);

}  // namespace repo
}  // namespace rk::booking
