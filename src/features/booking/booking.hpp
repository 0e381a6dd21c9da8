#pragma once
// Booking: the pure rules. Which sessions a therapist can offer (slots from their weekly
// hours in their own time zone, days off and sessions already booked), how a wall-clock
// time becomes an instant across daylight-saving changes, and the windows for cancelling
// and moving a session. No I/O.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "features/therapists/therapists.hpp"
#include "platform/base/time.hpp"
#include "platform/base/timezone.hpp"

namespace rk::booking {

// A session's kinds: both partners, or one of them alone.
inline constexpr std::string_view kJoint = "joint";
inline constexpr std::string_view kIndividual = "individual";
inline constexpr std::string_view kBooked = "booked";
inline constexpr std::string_view kCancelled = "cancelled";

// The break after each session; slots start every StepMinutes from a window's start.
inline constexpr int kBreakMinutes = 10;
// How soon a session may start: not within this of now.
inline constexpr Millis kNotice = 12 * kHour;
// How far ahead slots are offered.
inline constexpr int kDaysAhead = 60;

// Session plus break, rounded up to the 15-minute grid (50 minutes: every hour).
int StepMinutes(int session_minutes);

// The instant at which the wall clock in `zone` shows `minute` minutes after midnight on
// day `day` (days since 1970-01-01). Nullopt when that wall time does not exist (the hour
// skipped when clocks go forward); when it exists twice (clocks go back), the earlier.
std::optional<Millis> ToUtc(const TimeZone& zone, std::int64_t day, int minute);

// What slots are made from.
struct Availability {
  std::vector<therapists::Hours> hours;  // weekly windows, the therapist's local time
  std::vector<std::string> days_off;     // local dates, "YYYY-MM-DD"
  int session_minutes = 50;
};

// A stretch already taken, [start, end) in UTC.
struct Busy {
  Millis start = 0;
  Millis end = 0;
};

// Slot starts in [from, to) (UTC), in order: every StepMinutes from each window's start
// while the session fits in the window, on local days that are not days off, not before
// now + kNotice, and not overlapping `busy` (nor its break after it). A session must
// also end inside its window in real time. A window's local times are read on each
// local day, so the UTC times move with daylight saving; a start that falls in a skipped
// hour is left out.
std::vector<Millis> Slots(const Availability& a, const TimeZone& zone, Millis from, Millis to, Millis now,
                          const std::vector<Busy>& busy);

// Whether `start` is one of the slots (it may be booked).
bool IsSlot(const Availability& a, const TimeZone& zone, Millis start, Millis now, const std::vector<Busy>& busy);

// Whether a session starting at `starts_at` may still be cancelled or moved by a partner
// at `now`, given the therapist's window in hours.
bool InWindow(Millis starts_at, int hours_before, Millis now);

// A session's video call is open from kCallOpensBefore before it starts until it ends:
// time to check the camera and wait to be let in, and no call after the session.
inline constexpr Millis kCallOpensBefore = 10 * kMinute;
enum class CallWindow { kNotYet, kOpen, kOver };
// Where `now` falls for a session [starts_at, ends_at): before the call opens, while it
// is open (from starts_at - kCallOpensBefore, inclusive, to ends_at, exclusive), or
// after it.
CallWindow CallWindowAt(Millis starts_at, Millis ends_at, Millis now);

// "2026-11-24T09:00" on the wall clock of `zone` at `utc`.
std::string LocalText(Millis utc, const TimeZone& zone);

}  // namespace rk::booking
