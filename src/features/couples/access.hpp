#pragma once
// The one authorisation function for couple-owned data. Every feature that reads or
// writes something belonging to a couple asks this first; no handler checks membership
// by hand. It is the couples feature's public interface (features never include
// another feature's repo).

#include <string>
#include <vector>

#include "platform/base/result.hpp"
#include "platform/base/time.hpp"
#include "platform/db/db.hpp"

namespace rk::couples {

struct Partner {
  std::string user_id;
  std::string display_name;
};

struct CoupleAccess {
  std::string couple_id;
  std::string time_zone;  // the couple's shared time zone (the inviter's at first)
  Millis since = 0;
  Partner me;
  std::optional<Partner> partner;  // absent only while data is inconsistent
};

// The couple that `user_id` is currently in, or kNotFound ("You are not in a couple").
// An ended couple never grants access.
Result<CoupleAccess> RequireCouple(db::Connection& c, const std::string& user_id);

}  // namespace rk::couples
