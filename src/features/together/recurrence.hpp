#pragma once
// A plan's schedule and its occurrences: pure functions over RFC 5545 recurrence rules,
// expanded with libical (which stays inside recurrence.cpp) in the plan's IANA time zone.
//
// Times on a plan are wall-clock times in the plan's zone ("21:30 every night"), so an
// occurrence keeps its local time across DST changes and its UTC instant moves. A local
// time that does not exist (the spring-forward gap) is read with the offset before the
// gap, i.e. it lands later by the gap's length (RFC 5545 §3.3.5); a local time that
// happens twice (fall back) is the first of the two.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "platform/base/result.hpp"
#include "platform/base/time.hpp"

namespace rk::together {

// A wall-clock date and time, to the minute: "2026-11-21T21:30".
struct LocalTime {
  int year = 1970;
  unsigned month = 1, day = 1, hour = 0, minute = 0;
  std::string ToString() const;                                 // "2026-11-21T21:30"
  static std::optional<LocalTime> Parse(std::string_view text);  // exactly that form, a real date and time
  auto operator<=>(const LocalTime&) const = default;
};

// A change to one occurrence, keyed by its original local start.
struct Override {
  LocalTime original;
  bool skipped = false;                // skipped: no occurrence at all
  std::optional<LocalTime> moved_to;   // moved: starts here instead (same zone)
  std::optional<int> duration_minutes; // moved with another length
};

struct Schedule {
  std::string rrule;          // an RRULE value ("FREQ=DAILY"); empty for a one-off plan
  LocalTime start;            // the first occurrence's local start (DTSTART)
  std::string time_zone;      // IANA name, e.g. "Europe/Berlin"
  int duration_minutes = 30;
  std::vector<Override> overrides;
};

struct Occurrence {
  LocalTime key;      // the original local start: identifies the occurrence for ever
  LocalTime start;    // the local start after any move
  Millis start_utc = 0;
  Millis end_utc = 0;
  bool moved = false;
};

// Checks a rule a person proposes: FREQ DAILY, WEEKLY or MONTHLY; INTERVAL 1–52; BYDAY
// (weekdays, for WEEKLY); BYMONTHDAY (MONTHLY); COUNT 1–1000 or UNTIL (not both). Anything
// else is refused with a reason a person can read. Returns the rule in a canonical order.
// An empty rule (a one-off plan) stays empty.
Result<std::string> NormalizeRule(std::string_view rrule);

// The occurrences whose start (after moves) falls in [from, to), in start order, at most
// `limit` of them. Skipped ones are left out. Fails only on an unknown zone or a rule
// NormalizeRule would refuse. A start the rule does not produce (a Tuesday for
// BYDAY=MO,WE) is not an occurrence. An occurrence's `start` is the wall-clock time it
// really begins (03:30 for 02:30 in a one-hour gap); `moved` is set when an override
// gives it another start or length.
Result<std::vector<Occurrence>> Expand(const Schedule& s, Millis from, Millis to, std::size_t limit = 500);

// The UTC instant of a wall-clock time in `time_zone` (gap and overlap as above).
Result<Millis> ToUtc(const LocalTime& t, std::string_view time_zone);

// The wall-clock time in `time_zone` at `utc` (seconds dropped).
Result<LocalTime> ToLocal(Millis utc, std::string_view time_zone);

}  // namespace rk::together
