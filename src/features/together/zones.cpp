#include "features/together/zones.hpp"

#include <libical/ical.h>

#include <algorithm>
#include <ctime>
#include <map>

#include "platform/base/time.hpp"

namespace rk::together::zones {
namespace {

std::mutex& LibicalMutex() {
  static std::mutex mu;
  return mu;
}

icaltimetype UtcTime(Millis utc) {
  const std::int64_t seconds = utc >= 0 ? utc / kSecond : -((-utc + kSecond - 1) / kSecond);
  return icaltime_from_timet_with_zone(static_cast<time_t>(seconds), 0, icaltimezone_get_utc_timezone());
}

// Removes the properties named `name` (an X- name) from `c`.
void RemoveXProperty(icalcomponent* c, const char* name) {
  std::vector<icalproperty*> doomed;
  for (icalproperty* p = icalcomponent_get_first_property(c, ICAL_X_PROPERTY); p;
       p = icalcomponent_get_next_property(c, ICAL_X_PROPERTY)) {
    const char* x = icalproperty_get_x_name(p);
    if (x && std::string_view(x) == name) doomed.push_back(p);
  }
  for (icalproperty* p : doomed) {
    icalcomponent_remove_property(c, p);
    icalproperty_free(p);
  }
}

// Drops the observances, after the first, that change no offset and happen once: libical
// writes one where only the zone's abbreviation changes, and one at 2038-01-19 where
// 32-bit time ends. They say nothing a calendar needs.
void DropEmptyObservances(icalcomponent* vtz) {
  std::vector<icalcomponent*> observances;
  for (icalcomponent* c = icalcomponent_get_first_component(vtz, ICAL_ANY_COMPONENT); c;
       c = icalcomponent_get_next_component(vtz, ICAL_ANY_COMPONENT))
    observances.push_back(c);
  if (observances.size() < 2) return;
  auto start = [](icalcomponent* c) { return icalcomponent_get_dtstart(c); };
  icalcomponent* first = *std::min_element(observances.begin(), observances.end(), [&](auto* a, auto* b) {
    return icaltime_compare(start(a), start(b)) < 0;
  });
  for (icalcomponent* c : observances) {
    if (c == first) continue;
    icalproperty* from = icalcomponent_get_first_property(c, ICAL_TZOFFSETFROM_PROPERTY);
    icalproperty* to = icalcomponent_get_first_property(c, ICAL_TZOFFSETTO_PROPERTY);
    const bool repeats = icalcomponent_get_first_property(c, ICAL_RRULE_PROPERTY) ||
                         icalcomponent_get_first_property(c, ICAL_RDATE_PROPERTY);
    if (from && to && !repeats && icalproperty_get_tzoffsetfrom(from) == icalproperty_get_tzoffsetto(to)) {
      icalcomponent_remove_component(vtz, c);
      icalcomponent_free(c);
    }
  }
}

}  // namespace

Lock::Lock() : lock_(LibicalMutex()) {}

Error UnknownZone() {
  return Error::Invalid("Please correct the highlighted fields.",
                        {{"time_zone", "unknown_time_zone", "Choose a time zone from the list, such as Europe/Berlin."}});
}

Result<Zone> Zone::Find(const Lock&, std::string_view name) {
  // libical looks a name up by a linear search, so remember what it found.
  static std::map<std::string, icaltimezone*, std::less<>> found;
  if (auto it = found.find(name); it != found.end()) return Zone(it->second, it->first);
  // IsKnownTimeZone admits only tzdata's zones and links, never a path outside it.
  if (!IsKnownTimeZone(name)) return UnknownZone();
  const std::string key(name);
  icaltimezone* zone = icaltimezone_get_builtin_timezone(key.c_str());
  if (!zone) return UnknownZone();
  found.emplace(key, zone);
  return Zone(zone, key);
}

std::int64_t Zone::OffsetAt(const Lock&, Millis utc) const {
  icaltimetype t = UtcTime(utc);
  int is_daylight = 0;
  return icaltimezone_get_utc_offset_of_utc_time(zone_, &t, &is_daylight);
}

Millis Zone::LocalToUtc(const Lock& lock, Millis local) const {
  // libical's own reading of such times is the other way round in both cases (the offset
  // after a gap, the second of two), so the choice is made here from the offsets around.
  const std::int64_t before = OffsetAt(lock, local - kDay);
  const std::int64_t after = OffsetAt(lock, local + kDay);
  if (before == after) return local - before * kSecond;  // no change near: the usual case
  const Millis early = local - before * kSecond;
  const Millis late = local - after * kSecond;
  const bool early_ok = OffsetAt(lock, early) == before;
  const bool late_ok = OffsetAt(lock, late) == after;
  if (early_ok && late_ok) return std::min(early, late);  // happens twice: the first
  if (late_ok) return late;
  return early;  // a gap (or no change): the offset before it
}

std::vector<std::string> Zone::VTimeZone(const Lock&, Millis from) const {
  icaltimezone* source = zone_;
  // The builtin UTC has no VTIMEZONE of its own; tzdata's Etc/UTC is the same zone.
  if (source == icaltimezone_get_utc_timezone()) source = icaltimezone_get_builtin_timezone("Etc/UTC");
  icalcomponent* original = source ? icaltimezone_get_component(source) : nullptr;
  if (!original) return {};
  icalcomponent* vtz = icalcomponent_new_clone(original);
  icaltimezone_truncate_vtimezone(vtz, UtcTime(from), icaltime_null_time(), 0);
  if (icalproperty* tzid = icalcomponent_get_first_property(vtz, ICAL_TZID_PROPERTY))
    icalproperty_set_tzid(tzid, name_.c_str());
  RemoveXProperty(vtz, "X-LIC-LOCATION");
  DropEmptyObservances(vtz);

  char* text = icalcomponent_as_ical_string_r(vtz);
  icalcomponent_free(vtz);
  std::vector<std::string> lines;
  if (!text) return lines;
  // Unfold: a line break followed by a space or tab continues the line.
  std::string_view s(text);
  std::string line;
  for (std::size_t i = 0; i < s.size();) {
    std::size_t end = s.find('\n', i);
    if (end == std::string_view::npos) end = s.size();
    std::string_view piece = s.substr(i, end - i);
    if (!piece.empty() && piece.back() == '\r') piece.remove_suffix(1);
    if (!piece.empty() && (piece.front() == ' ' || piece.front() == '\t')) {
      line.append(piece.substr(1));
    } else {
      if (!line.empty()) lines.push_back(std::move(line));
      line.assign(piece);
    }
    i = end + 1;
  }
  if (!line.empty()) lines.push_back(std::move(line));
  icalmemory_free_buffer(text);
  return lines;
}

}  // namespace rk::together::zones
