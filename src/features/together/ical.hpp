#pragma once
// A person's calendar feed as RFC 5545 iCalendar text: one VCALENDAR with a VTIMEZONE per
// zone used (TZID the plain IANA name that DTSTART uses, trimmed to recent rules) and a
// VEVENT per plan (RRULE, EXDATE for skipped occurrences, a VEVENT with RECURRENCE-ID
// for each moved one), each with an optional VALARM. Pure; libical stays inside.

#include <optional>
#include <string>
#include <vector>

#include "features/together/recurrence.hpp"
#include "platform/base/result.hpp"

namespace rk::together {

struct FeedEvent {
  std::string uid;          // stable: "<plan id>@rekindle"
  std::string title;        // neutral by default ("Evening time")
  std::string description;  // may be empty
  std::string url;          // deep link into the app, may be empty
  Schedule schedule;
  Millis created = 0;       // DTSTAMP / CREATED
  std::optional<int> alarm_minutes_before;  // VALARM (DISPLAY) when set
};

// The feed, CRLF line ends, lines folded at 75 octets.
Result<std::string> CalendarFeed(const std::string& calendar_name, const std::vector<FeedEvent>& events);

}  // namespace rk::together
