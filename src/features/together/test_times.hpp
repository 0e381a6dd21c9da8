#pragma once
// Shorthands for this feature's unit tests: an instant from RFC 3339 text and a local
// time from "YYYY-MM-DDTHH:MM", each failing the test on a typo.

#include <gtest/gtest.h>

#include <string_view>

#include "features/together/recurrence.hpp"

namespace rk::together::testing {

inline Millis Z(std::string_view rfc3339) {
  auto t = ParseRfc3339(rfc3339);
  EXPECT_TRUE(t) << rfc3339;
  return t.value_or(0);
}

inline LocalTime L(std::string_view text) {
  auto t = LocalTime::Parse(text);
  EXPECT_TRUE(t) << text;
  return t.value_or(LocalTime{});
}

}  // namespace rk::together::testing
