#pragma once
// Video calls' storage: who has opened each session's call and where they stand. Every
// function runs on the connection it is given.

#include <optional>
#include <string>
#include <vector>

#include "platform/db/db.hpp"

namespace rk::video::repo {

struct Presence {
  std::string user_id;
  std::string state;  // kWaiting | kAdmitted | kLeft
  Millis joined_at = 0;
};

// Everyone who has opened the call of `booking_id`.
Result<std::vector<Presence>> ForBooking(db::Connection& c, const std::string& booking_id);
// Records that `user_id` opened the call, in `state` (video::StateOnJoin), unless they
// are admitted already: a concurrent admission is never undone by a reload.
Status Join(db::Connection& c, const std::string& booking_id, const std::string& user_id, std::string_view state,
            Millis now);
// Lets a waiting person in; false when they were not waiting.
Result<bool> Admit(db::Connection& c, const std::string& booking_id, const std::string& user_id, Millis now);
// Marks `user_id` as gone from the call (nothing when they never opened it).
Status Leave(db::Connection& c, const std::string& booking_id, const std::string& user_id, Millis now);

}  // namespace rk::video::repo
