#pragma once
// Local dates in IANA time zones, read from the system's zoneinfo (TZif files from
// Debian's tzdata). libstdc++ 12 has no C++20 time zone database, hence this.
//
// Debian ships "fat" TZif files with every transition spelled out through 2037; after
// the last transition the last offset applies. Thread-safe.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "platform/base/result.hpp"
#include "platform/base/time.hpp"

namespace rk {

class TimeZone {
 public:
  // Parses TZif data (version 1, 2 or 3). Pure.
  static Result<TimeZone> Parse(std::string_view tzif);
  // The zone named `name` ("Europe/Berlin", "UTC"), loaded once and cached.
  static Result<std::shared_ptr<const TimeZone>> Load(std::string_view name);

  // Offset from UTC in seconds at the instant `utc`.
  std::int64_t OffsetAt(Millis utc) const;

 private:
  std::vector<std::int64_t> transitions_;  // UTC seconds, ascending
  std::vector<std::int32_t> offsets_;      // offset after each transition
  std::int32_t initial_offset_ = 0;        // before the first transition
};

// A calendar date.
struct Date {
  int year = 1970;
  unsigned month = 1, day = 1;
  // Days since 1970-01-01.
  std::int64_t DayNumber() const;
  static Date FromDayNumber(std::int64_t days);
  // "2026-11-21".
  std::string ToString() const;
  // Parses "YYYY-MM-DD" (a real calendar date) or nullopt.
  static std::optional<Date> Parse(std::string_view text);
  bool operator==(const Date&) const = default;
};

// The Monday on or before day number `day` (weeks run Monday to Sunday).
std::int64_t MondayOf(std::int64_t day);

// The date on the wall clock in `zone` at the instant `utc`.
Date LocalDate(Millis utc, const TimeZone& zone);

}  // namespace rk
