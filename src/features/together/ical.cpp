#include "features/together/ical.hpp"

#include <algorithm>
#include <cstdio>
#include <limits>
#include <map>

#include "features/together/zones.hpp"
#include "platform/base/timezone.hpp"

namespace rk::together {
namespace {

constexpr std::size_t kMaxLineOctets = 75;  // RFC 5545 3.1, without the line break

// TEXT (RFC 5545 3.3.11): backslash, semicolon and comma escaped, line breaks as \n, other
// control characters (which TEXT cannot hold) left out.
std::string EscapeText(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '\\' || c == ';' || c == ',') {
      out += '\\';
      out += c;
    } else if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < s.size() && s[i + 1] == '\n') ++i;
      out += "\\n";
    } else if (c == '\t' || static_cast<unsigned char>(c) >= 0x20) {
      if (c != 0x7F) out += c;
    }
  }
  return out;
}

// A URI value: no escaping in iCalendar, so only the characters no URI has are dropped.
std::string CleanUri(std::string_view s) {
  std::string out;
  for (char c : s)
    if (static_cast<unsigned char>(c) > 0x20 && c != 0x7F) out += c;
  return out;
}

// Appends `line` with a CRLF, folded so that no physical line is longer than 75 octets
// (a continuation line starts with a space, which counts), never inside a UTF-8 sequence.
void AppendFolded(std::string& out, std::string_view line) {
  std::size_t room = kMaxLineOctets;
  while (line.size() > room) {
    std::size_t cut = room;
    while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
    if (cut == 0) cut = room;  // not UTF-8: any cut will do
    out.append(line.substr(0, cut));
    out += "\r\n ";
    line.remove_prefix(cut);
    room = kMaxLineOctets - 1;
  }
  out.append(line);
  out += "\r\n";
}

std::string Local(const LocalTime& t) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d%02u%02uT%02u%02u00", t.year, t.month, t.day, t.hour, t.minute);
  return buf;
}

std::string Utc(Millis t) {
  const std::int64_t seconds = t >= 0 ? t / kSecond : -((-t + kSecond - 1) / kSecond);
  const std::int64_t days = seconds >= 0 ? seconds / 86400 : -((-seconds + 86399) / 86400);
  const std::int64_t rest = seconds - days * 86400;
  const Date d = Date::FromDayNumber(days);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d%02u%02uT%02d%02d%02dZ", d.year, d.month, d.day, static_cast<int>(rest / 3600),
                static_cast<int>(rest % 3600 / 60), static_cast<int>(rest % 60));
  return buf;
}

std::string Duration(int minutes) {
  minutes = std::max(minutes, 0);
  std::string out = "PT";
  if (minutes >= 60) out += std::to_string(minutes / 60) + "H";
  if (minutes % 60 != 0 || minutes < 60) out += std::to_string(minutes % 60) + "M";
  return out;
}

// What one plan puts in the feed, worked out before anything is written.
struct Plan {
  const FeedEvent* event = nullptr;
  std::string rule;                         // canonical; empty for a one-off
  LocalTime start;                          // DTSTART: the rule's first occurrence
  int duration_minutes = 0;
  std::vector<LocalTime> skipped;           // EXDATE
  std::vector<const Override*> changed;     // a VEVENT with RECURRENCE-ID each
  Millis earliest = 0;                      // the earliest instant the plan's times need
};

// The plan as it goes into the feed, or nullopt when it has no occurrence at all.
Result<std::optional<Plan>> MakePlan(const FeedEvent& e) {
  const Schedule& s = e.schedule;
  Plan plan;
  plan.event = &e;
  plan.duration_minutes = s.duration_minutes;
  RK_ASSIGN_OR_RETURN(plan.rule, NormalizeRule(s.rrule));
  // The first override for an occurrence applies (as in Expand).
  std::map<LocalTime, const Override*> overrides;
  for (const Override& o : s.overrides) overrides.emplace(o.original, &o);

  Schedule base = s;
  base.overrides.clear();
  if (plan.rule.empty()) {
    // A one-off: its one occurrence written as it now is, without a rule to override.
    RK_ASSIGN_OR_RETURN(auto only, Expand(s, std::numeric_limits<Millis>::min(), std::numeric_limits<Millis>::max(), 1));
    if (only.empty()) return std::optional<Plan>();
    RK_ASSIGN_OR_RETURN(auto original, Expand(base, std::numeric_limits<Millis>::min(),
                                              std::numeric_limits<Millis>::max(), 1));
    plan.start = s.start;
    if (auto it = overrides.find(original.at(0).key); it != overrides.end()) {
      if (it->second->moved_to) plan.start = *it->second->moved_to;
      if (it->second->duration_minutes) plan.duration_minutes = *it->second->duration_minutes;
    }
    plan.earliest = only[0].start_utc;
    return std::optional<Plan>(std::move(plan));
  }

  // DTSTART is the rule's first occurrence, so that calendars which count a start the
  // rule does not produce (RFC 5545 leaves it undefined) see the same occurrences.
  RK_ASSIGN_OR_RETURN(auto first, Expand(base, std::numeric_limits<Millis>::min(), std::numeric_limits<Millis>::max(), 1));
  if (first.empty()) return std::optional<Plan>();
  plan.start = first[0].key;
  plan.earliest = first[0].start_utc;
  for (const auto& [original, change] : overrides) {
    // Only an override of an occurrence the rule produces means anything.
    RK_ASSIGN_OR_RETURN(Millis at, ToUtc(original, s.time_zone));
    RK_ASSIGN_OR_RETURN(auto found, Expand(base, at, at + 1, 1));
    if (found.empty() || found[0].key != original) continue;
    if (change->skipped) {
      plan.skipped.push_back(original);
    } else if (change->moved_to || change->duration_minutes) {
      plan.changed.push_back(change);
      if (change->moved_to) {
        RK_ASSIGN_OR_RETURN(Millis moved, ToUtc(*change->moved_to, s.time_zone));
        plan.earliest = std::min(plan.earliest, moved);
      }
    }
  }
  return std::optional<Plan>(std::move(plan));
}

// The start of the UTC year before the one `t` falls in: VTIMEZONEs begin there.
Millis YearBefore(Millis t) {
  const std::int64_t days = t >= 0 ? t / kDay : -((-t + kDay - 1) / kDay);
  const Date d = Date::FromDayNumber(days);
  return Date{d.year - 1, 1, 1}.DayNumber() * kDay;
}

void AppendCommon(std::string& out, const FeedEvent& e, const std::string& zone, const LocalTime& start, int minutes) {
  AppendFolded(out, "UID:" + EscapeText(e.uid));
  AppendFolded(out, "DTSTAMP:" + Utc(e.created));
  AppendFolded(out, "CREATED:" + Utc(e.created));
  AppendFolded(out, "DTSTART;TZID=" + zone + ":" + Local(start));
  AppendFolded(out, "DURATION:" + Duration(minutes));
}

void AppendTexts(std::string& out, const FeedEvent& e) {
  AppendFolded(out, "SUMMARY:" + EscapeText(e.title));
  if (!e.description.empty()) AppendFolded(out, "DESCRIPTION:" + EscapeText(e.description));
  if (!e.url.empty()) AppendFolded(out, "URL:" + CleanUri(e.url));
  if (e.alarm_minutes_before) {
    AppendFolded(out, "BEGIN:VALARM");
    AppendFolded(out, "ACTION:DISPLAY");
    AppendFolded(out, "TRIGGER:-PT" + std::to_string(std::max(*e.alarm_minutes_before, 0)) + "M");
    AppendFolded(out, "DESCRIPTION:" + EscapeText(e.title));
    AppendFolded(out, "END:VALARM");
  }
}

}  // namespace

Result<std::string> CalendarFeed(const std::string& calendar_name, const std::vector<FeedEvent>& events) {
  std::vector<Plan> plans;
  std::map<std::string, Millis> zones_from;  // each zone used, and where its VTIMEZONE starts
  for (const FeedEvent& e : events) {
    RK_ASSIGN_OR_RETURN(std::optional<Plan> plan, MakePlan(e));
    if (!plan) continue;
    const Millis from = YearBefore(plan->earliest);
    auto [it, added] = zones_from.emplace(e.schedule.time_zone, from);
    if (!added) it->second = std::min(it->second, from);
    plans.push_back(std::move(*plan));
  }

  std::string out;
  AppendFolded(out, "BEGIN:VCALENDAR");
  AppendFolded(out, "VERSION:2.0");
  AppendFolded(out, "PRODID:-//rekindle//together//EN");
  AppendFolded(out, "CALSCALE:GREGORIAN");
  AppendFolded(out, "METHOD:PUBLISH");
  AppendFolded(out, "X-WR-CALNAME:" + EscapeText(calendar_name));
  {
    zones::Lock lock;
    for (const auto& [name, from] : zones_from) {
      RK_ASSIGN_OR_RETURN(const zones::Zone zone, zones::Zone::Find(lock, name));
      const std::vector<std::string> lines = zone.VTimeZone(lock, from);
      if (lines.empty()) return Error::Internal("libical has no VTIMEZONE for " + name);
      for (const std::string& line : lines) AppendFolded(out, line);
    }
  }
  for (const Plan& p : plans) {
    const FeedEvent& e = *p.event;
    const std::string& zone = e.schedule.time_zone;
    AppendFolded(out, "BEGIN:VEVENT");
    AppendCommon(out, e, zone, p.start, p.duration_minutes);
    if (!p.rule.empty()) AppendFolded(out, "RRULE:" + p.rule);
    for (const LocalTime& t : p.skipped) AppendFolded(out, "EXDATE;TZID=" + zone + ":" + Local(t));
    AppendTexts(out, e);
    AppendFolded(out, "END:VEVENT");
    for (const Override* change : p.changed) {
      AppendFolded(out, "BEGIN:VEVENT");
      AppendCommon(out, e, zone, change->moved_to.value_or(change->original),
                   change->duration_minutes.value_or(e.schedule.duration_minutes));
      AppendFolded(out, "RECURRENCE-ID;TZID=" + zone + ":" + Local(change->original));
      AppendTexts(out, e);
      AppendFolded(out, "END:VEVENT");
    }
  }
  AppendFolded(out, "END:VCALENDAR");
  return out;
}

}  // namespace rk::together
