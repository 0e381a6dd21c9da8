#include "features/booking/booking.hpp"

#include <algorithm>
#include <cstdio>

namespace rk::booking {

int StepMinutes(int session_minutes) {
  const int raw = session_minutes + kBreakMinutes;
  return (raw + therapists::kMinuteStep - 1) / therapists::kMinuteStep * therapists::kMinuteStep;
}

std::optional<Millis> ToUtc(const TimeZone& zone, std::int64_t day, int minute) {
  const Millis wall = day * kDay + static_cast<Millis>(minute) * kMinute;
  // The offsets in force before and after any change near this wall time (no zone is
  // more than 14 hours from UTC): each gives one reading, valid if that offset is in
  // force at it. Two valid readings: the time repeats (take the earlier); none: skipped.
  std::optional<Millis> best;
  for (Millis probe : {wall - 14 * kHour, wall + 14 * kHour}) {
    const std::int64_t offset = zone.OffsetAt(probe);
    const Millis utc = wall - offset * kSecond;
    if (zone.OffsetAt(utc) != offset) continue;
    if (!best || utc < *best) best = utc;
  }
  return best;
}

namespace {

// A booked session keeps its break after it, whatever the session length is now.
bool Overlaps(Millis start, Millis end, const std::vector<Busy>& busy) {
  return std::any_of(busy.begin(), busy.end(),
                     [&](const Busy& b) { return b.start < end && start < b.end + kBreakMinutes * kMinute; });
}

}  // namespace

std::vector<Millis> Slots(const Availability& a, const TimeZone& zone, Millis from, Millis to, Millis now,
                          const std::vector<Busy>& busy) {
  std::vector<Millis> out;
  if (a.session_minutes <= 0 || from >= to) return out;
  const Millis length = static_cast<Millis>(a.session_minutes) * kMinute;
  const int step = StepMinutes(a.session_minutes);
  const Millis earliest = std::max(from, now + kNotice);
  // Local days that can hold a slot in [from, to): a day either side for the offset.
  const std::int64_t first = LocalDate(from, zone).DayNumber() - 1;
  const std::int64_t last = LocalDate(to, zone).DayNumber() + 1;
  for (std::int64_t day = first; day <= last; ++day) {
    const std::string date = Date::FromDayNumber(day).ToString();
    if (std::binary_search(a.days_off.begin(), a.days_off.end(), date)) continue;
    const int weekday = static_cast<int>(((day + 3) % 7 + 7) % 7) + 1;  // 1970-01-01 was a Thursday
    for (const therapists::Hours& h : a.hours) {
      if (h.weekday != weekday) continue;
      for (int m = h.start_minute; m + a.session_minutes <= h.end_minute; m += step) {
        auto start = ToUtc(zone, day, m);
        if (!start || *start < earliest || *start >= to) continue;
        // The session ends inside the window in real time too (clocks going forward
        // shorten a window that spans the change).
        auto window_end = ToUtc(zone, day, h.end_minute);
        if (window_end && *start + length > *window_end) continue;
        if (Overlaps(*start, *start + length, busy)) continue;
        out.push_back(*start);
      }
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

bool IsSlot(const Availability& a, const TimeZone& zone, Millis start, Millis now, const std::vector<Busy>& busy) {
  const std::vector<Millis> around = Slots(a, zone, start - kDay, start + kDay, now, busy);
  return std::binary_search(around.begin(), around.end(), start);
}

bool InWindow(Millis starts_at, int hours_before, Millis now) {
  return now <= starts_at - static_cast<Millis>(hours_before) * kHour;
}

CallWindow CallWindowAt(Millis starts_at, Millis ends_at, Millis now) {
  if (now < starts_at - kCallOpensBefore) return CallWindow::kNotYet;
  if (now >= ends_at) return CallWindow::kOver;
  return CallWindow::kOpen;
}

std::string LocalText(Millis utc, const TimeZone& zone) {
  const Millis wall = utc + zone.OffsetAt(utc) * kSecond;
  const Date d = LocalDate(utc, zone);
  const Millis into = ((wall % kDay) + kDay) % kDay;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%sT%02d:%02d", d.ToString().c_str(), static_cast<int>(into / kHour),
                static_cast<int>(into % kHour / kMinute));
  return buf;
}

}  // namespace rk::booking
