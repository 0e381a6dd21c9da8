#pragma once
// Internal to rk_together (recurrence.cpp and ical.cpp): IANA time zones through libical,
// which builds them from the system's tzdata (/usr/share/zoneinfo) and keeps them, with
// a few other things, in process-wide caches it fills lazily and does not guard. So every
// call into libical, from anywhere in this module, happens while a `Lock` is held: the
// functions here take one to prove it. Never hold a Lock while calling a public function
// of this module (Expand, ToUtc, CalendarFeed...): they take it themselves.

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "platform/base/result.hpp"
#include "platform/base/time.hpp"

struct _icaltimezone;  // libical's icaltimezone, kept out of this header

namespace rk::together::zones {

// Holds the one lock around libical for its lifetime.
class Lock {
 public:
  Lock();
  Lock(const Lock&) = delete;
  Lock& operator=(const Lock&) = delete;

 private:
  std::unique_lock<std::mutex> lock_;
};

// The error for a time zone that is not an IANA zone on this machine: kInvalidArgument
// with a field error on "time_zone".
Error UnknownZone();

// One IANA time zone. Cheap to copy; the libical zone behind it lives for the process.
class Zone {
 public:
  // The zone named `name` ("Europe/Berlin", "UTC"), or UnknownZone().
  static Result<Zone> Find(const Lock& lock, std::string_view name);

  const std::string& name() const { return name_; }

  // Offset from UTC in seconds at the instant `utc`.
  std::int64_t OffsetAt(const Lock& lock, Millis utc) const;

  // The instant of the wall-clock time `local` (milliseconds since 1970-01-01T00:00 on
  // the wall clock). A time in a gap is read with the offset before the gap (it lands
  // later by the gap's length); a time that happens twice is the first of the two
  // (RFC 5545 3.3.5).
  Millis LocalToUtc(const Lock& lock, Millis local) const;

  // The zone's VTIMEZONE as unfolded content lines (no line ends), TZID the plain IANA
  // name, trimmed to what is in force from the instant `from` on: the offset at `from`,
  // each change since, and the zone's recurring rules for ever after. From libical's
  // reading of the system's tzdata.
  std::vector<std::string> VTimeZone(const Lock& lock, Millis from) const;

 private:
  Zone(_icaltimezone* zone, std::string name) : zone_(zone), name_(std::move(name)) {}
  _icaltimezone* zone_;
  std::string name_;
};

}  // namespace rk::together::zones
