#include "features/together/recurrence.hpp"

#include <libical/ical.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <map>
#include <memory>
#include <set>

#include "features/together/zones.hpp"
#include "platform/base/timezone.hpp"

namespace rk::together {
namespace {

constexpr int kMaxInterval = 52;
constexpr int kMaxCount = 1000;
// Steps of a rule walked at most in one expansion: a daily plan over five centuries. A
// guard against a caller asking for the year 9999, not a limit a plan meets.
constexpr std::size_t kMaxSteps = 200000;
constexpr std::array<std::string_view, 7> kWeekdays = {"MO", "TU", "WE", "TH", "FR", "SA", "SU"};

std::int64_t FloorDiv(std::int64_t a, std::int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

// A wall-clock time as milliseconds since 1970-01-01T00:00 on that wall clock.
Millis LocalMillis(const LocalTime& t) {
  return Date{t.year, t.month, t.day}.DayNumber() * kDay + static_cast<Millis>(t.hour) * kHour +
         static_cast<Millis>(t.minute) * kMinute;
}

LocalTime FromLocalMillis(Millis local) {
  const std::int64_t days = FloorDiv(local, kDay);
  const Millis rest = local - days * kDay;
  const Date d = Date::FromDayNumber(days);
  return {d.year, d.month, d.day, static_cast<unsigned>(rest / kHour), static_cast<unsigned>(rest % kHour / kMinute)};
}

icaltimetype ToIcal(const LocalTime& t) {
  icaltimetype out = icaltime_null_time();  // floating: the rule is walked on the wall clock
  out.year = t.year;
  out.month = static_cast<int>(t.month);
  out.day = static_cast<int>(t.day);
  out.hour = static_cast<int>(t.hour);
  out.minute = static_cast<int>(t.minute);
  return out;
}

LocalTime FromIcal(const icaltimetype& t) {
  return {t.year, static_cast<unsigned>(t.month), static_cast<unsigned>(t.day), static_cast<unsigned>(t.hour),
          static_cast<unsigned>(t.minute)};
}

LocalTime LocalAt(const zones::Lock& lock, const zones::Zone& zone, Millis utc) {
  return FromLocalMillis(utc + zone.OffsetAt(lock, utc) * kSecond);  // seconds dropped
}

// --- rules ---------------------------------------------------------------------------

struct Rule {
  std::string freq;  // DAILY, WEEKLY or MONTHLY
  int interval = 1;
  std::vector<int> by_day;        // 0 Monday .. 6 Sunday, ascending
  std::vector<int> by_month_day;  // ascending
  std::optional<int> count;
  std::optional<Millis> until;

  // The canonical text; without UNTIL for libical, which compares it with the wall clock.
  std::string ToString(bool with_until = true) const {
    std::string out = "FREQ=" + freq;
    if (interval != 1) out += ";INTERVAL=" + std::to_string(interval);
    auto list = [&](const char* name, const std::vector<int>& v, auto text) {
      if (v.empty()) return;
      out += std::string(";") + name + "=";
      for (std::size_t i = 0; i < v.size(); ++i) out += (i ? "," : "") + text(v[i]);
    };
    list("BYDAY", by_day, [](int d) { return std::string(kWeekdays[static_cast<std::size_t>(d)]); });
    list("BYMONTHDAY", by_month_day, [](int d) { return std::to_string(d); });
    if (count) out += ";COUNT=" + std::to_string(*count);
    if (until && with_until) {
      const LocalTime t = FromLocalMillis(*until);
      const Millis seconds = (*until - FloorDiv(*until, kMinute) * kMinute) / kSecond;
      char buf[32];
      std::snprintf(buf, sizeof buf, ";UNTIL=%04d%02u%02uT%02u%02u%02dZ", t.year, t.month, t.day, t.hour, t.minute,
                    static_cast<int>(seconds));
      out += buf;
    }
    return out;
  }
};

Error Refuse(FieldError problem) { return Error::Invalid("Please correct the highlighted fields.", {std::move(problem)}); }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) s.remove_suffix(1);
  return s;
}

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

// A whole number within [lo, hi] (signed only when lo < 0); nullopt otherwise.
std::optional<int> Number(std::string_view s, int lo, int hi) {
  bool negative = false;
  // A sign only where the range has negative numbers (BYMONTHDAY); "+5" is no INTERVAL.
  if (lo < 0 && !s.empty() && (s.front() == '+' || s.front() == '-')) negative = s.front() == '-', s.remove_prefix(1);
  if (s.empty() || s.size() > 6) return std::nullopt;
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  if (negative) v = -v;
  if (v < lo || v > hi) return std::nullopt;
  return v;
}

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  for (std::size_t start = 0;;) {
    const std::size_t end = s.find(sep, start);
    out.push_back(s.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) return out;
    start = end + 1;
  }
}

// "20261231T235959Z": a UTC date and time.
std::optional<Millis> ParseUntil(std::string_view s) {
  if (s.size() != 16 || s[8] != 'T' || s[15] != 'Z') return std::nullopt;
  for (std::size_t i = 0; i < 15; ++i)
    if (i != 8 && (s[i] < '0' || s[i] > '9')) return std::nullopt;
  auto digits = [&](std::size_t at, std::size_t n) {
    int v = 0;
    for (std::size_t i = at; i < at + n; ++i) v = v * 10 + (s[i] - '0');
    return v;
  };
  const int y = digits(0, 4), mo = digits(4, 2), d = digits(6, 2), h = digits(9, 2), mi = digits(11, 2),
            se = digits(13, 2);
  const std::chrono::year_month_day ymd{std::chrono::year(y), std::chrono::month(static_cast<unsigned>(mo)),
                                        std::chrono::day(static_cast<unsigned>(d))};
  if (!ymd.ok() || y < 1 || h > 23 || mi > 59 || se > 59) return std::nullopt;
  return Date{y, static_cast<unsigned>(mo), static_cast<unsigned>(d)}.DayNumber() * kDay + h * kHour + mi * kMinute +
         se * kSecond;
}

Result<Rule> ParseRule(std::string_view text) {
  std::string s = Upper(Trim(text));
  if (s.rfind("RRULE:", 0) == 0) s.erase(0, 6);
  Rule rule;
  std::map<std::string, std::string> parts;
  for (std::string_view part : Split(s, ';')) {
    if (part.empty()) continue;
    const std::size_t eq = part.find('=');
    if (eq == std::string_view::npos || eq == 0 || eq + 1 == part.size())
      return Refuse({"rrule", "invalid", "The repeat rule could not be read."});
    std::string name(part.substr(0, eq));
    for (char c : name)
      if (!((c >= 'A' && c <= 'Z') || c == '-')) return Refuse({"rrule", "invalid", "The repeat rule could not be read."});
    static const std::array<std::string_view, 7> kKnown = {"FREQ",  "INTERVAL", "BYDAY", "BYMONTHDAY",
                                                           "COUNT", "UNTIL",    "WKST"};
    if (std::find(kKnown.begin(), kKnown.end(), name) == kKnown.end())
      return Refuse({"rrule", "unsupported", "Only FREQ, INTERVAL, BYDAY, BYMONTHDAY, COUNT and UNTIL can be used."});
    if (!parts.emplace(name, std::string(part.substr(eq + 1))).second)
      return Refuse({"rrule", "repeated", "Each part of the repeat rule may appear only once."});
  }
  if (!parts.contains("FREQ")) return Refuse({"rrule", "freq", "The repeat rule needs FREQ: DAILY, WEEKLY or MONTHLY."});
  rule.freq = parts["FREQ"];
  if (rule.freq != "DAILY" && rule.freq != "WEEKLY" && rule.freq != "MONTHLY")
    return Refuse({"rrule", "freq", "A plan can repeat daily, weekly or monthly."});
  // Weeks start on Monday, RFC 5545's default; only that is accepted, and left out.
  if (parts.contains("WKST") && parts["WKST"] != "MO")
    return Refuse({"rrule", "unsupported", "Only FREQ, INTERVAL, BYDAY, BYMONTHDAY, COUNT and UNTIL can be used."});
  if (parts.contains("INTERVAL")) {
    auto v = Number(parts["INTERVAL"], 1, kMaxInterval);
    if (!v)
      return Refuse({"rrule", "interval", "The interval must be a whole number from 1 to 52."});
    rule.interval = *v;
  }
  if (parts.contains("BYDAY")) {
    if (rule.freq != "WEEKLY")
      return Refuse({"rrule", "byday", "Weekdays (BYDAY) can be chosen only for a weekly plan."});
    for (std::string_view day : Split(parts["BYDAY"], ',')) {
      auto it = std::find(kWeekdays.begin(), kWeekdays.end(), day);
      if (it == kWeekdays.end())
        return Refuse({"rrule", "byday", "BYDAY must list weekdays: MO, TU, WE, TH, FR, SA or SU."});
      rule.by_day.push_back(static_cast<int>(it - kWeekdays.begin()));
    }
  }
  if (parts.contains("BYMONTHDAY")) {
    if (rule.freq != "MONTHLY")
      return Refuse({"rrule", "bymonthday", "Days of the month (BYMONTHDAY) can be chosen only for a monthly plan."});
    for (std::string_view day : Split(parts["BYMONTHDAY"], ',')) {
      auto v = Number(day, -31, 31);
      if (!v || *v == 0)
        return Refuse({"rrule", "bymonthday",
                       "BYMONTHDAY must list days from 1 to 31, or from -1 to -31 counting back from the month's end."});
      rule.by_month_day.push_back(*v);
    }
  }
  if (parts.contains("COUNT") && parts.contains("UNTIL"))
    return Refuse({"rrule", "count_until", "Use COUNT or UNTIL, not both."});
  if (parts.contains("COUNT")) {
    auto v = Number(parts["COUNT"], 1, kMaxCount);
    if (!v)
      return Refuse({"rrule", "count", "COUNT must be a whole number from 1 to 1000."});
    rule.count = *v;
  }
  if (parts.contains("UNTIL")) {
    rule.until = ParseUntil(parts["UNTIL"]);
    if (!rule.until) return Refuse({"rrule", "until", "UNTIL must be a UTC time such as 20261231T235959Z."});
  }
  for (auto* v : {&rule.by_day, &rule.by_month_day}) {
    std::sort(v->begin(), v->end());
    v->erase(std::unique(v->begin(), v->end()), v->end());
  }
  return rule;
}

struct IteratorFree {
  void operator()(icalrecur_iterator* it) const { icalrecur_iterator_free(it); }
};

// The latest wall-clock time a walk begins near (libical stops in 2582 anyway).
const Millis kLastLocal = Date{9999, 1, 1}.DayNumber() * kDay;

// Monday 0 .. Sunday 6 of a day number (1970-01-01 was a Thursday).
int Weekday(std::int64_t day) { return static_cast<int>(((day + 3) % 7 + 7) % 7); }

// One walk of libical's iterator over a rule, on the wall clock (a floating DTSTART).
class Walk {
 public:
  static Result<Walk> Begin(const Rule& rule, const LocalTime& start) {
    const std::string text = rule.ToString(false);  // UNTIL, an instant, is applied by Expand
    const icalrecurrencetype recur = icalrecurrencetype_from_string(text.c_str());
    Walk w;
    w.it_.reset(icalrecur_iterator_new(recur, ToIcal(start)));
    if (!w.it_) return Error::Internal("libical refused the rule " + text);
    return w;
  }
  // The next occurrence's local start, or nullopt at the rule's end.
  std::optional<LocalTime> Next() {
    const icaltimetype t = icalrecur_iterator_next(it_.get());
    if (icaltime_is_null_time(t)) return std::nullopt;
    return FromIcal(t);
  }

 private:
  std::unique_ptr<icalrecur_iterator, IteratorFree> it_;
};

// Walks of one rule from its start, or from later. libical's iterator costs some
// microseconds a step, so a walk toward a time years after the start begins a whole
// number of the rule's periods (INTERVAL days, weeks or months) after it, where the
// occurrences repeat exactly, instead of at the start; the weekdays or days of the month
// the start implied are then written into the rule. A rule with COUNT counts from the
// start, so it is walked from there (at most 1000 steps) and its occurrences kept.
// (libical 3.0.16's icalrecur_iterator_set_start, tried for this, skipped the rest of
// the week for a weekly rule with BYDAY.)
class Walker {
 public:
  Walker(const Rule& rule, const LocalTime& start) : rule_(rule), start_(start) {}

  // A walk that reaches every occurrence at or after the wall-clock time `target`.
  Result<Walk> From(Millis target) const {
    Rule rule = rule_;
    LocalTime start = start_;
    const std::int64_t start_day = Date{start_.year, start_.month, start_.day}.DayNumber();
    // Two days early: `target` may be an instant, and offsets are within a day.
    const std::int64_t target_day = FloorDiv(std::min(target, kLastLocal), kDay) - 2;
    std::int64_t day = start_day;
    if (!rule.count && target > LocalMillis(start_) && target_day > start_day) {
      if (rule.freq == "DAILY") {
        day = start_day + (target_day - start_day) / rule.interval * rule.interval;
      } else if (rule.freq == "WEEKLY") {
        const std::int64_t monday = start_day - Weekday(start_day);
        const std::int64_t periods = (target_day - monday) / 7 / rule.interval;
        if (periods > 0) {
          if (rule.by_day.empty()) rule.by_day = {Weekday(start_day)};
          day = monday + periods * rule.interval * 7;
        }
      } else {  // MONTHLY
        const Date t = Date::FromDayNumber(target_day);
        const std::int64_t first = std::int64_t{start_.year} * 12 + (start_.month - 1);
        const std::int64_t periods = (std::int64_t{t.year} * 12 + (t.month - 1) - first) / rule.interval;
        if (periods > 0) {
          if (rule.by_month_day.empty()) rule.by_month_day = {static_cast<int>(start_.day)};
          const std::int64_t month = first + periods * rule.interval;
          day = Date{static_cast<int>(month / 12), static_cast<unsigned>(month % 12 + 1), 1}.DayNumber();
        }
      }
    }
    if (day != start_day) {
      const Date d = Date::FromDayNumber(day);
      start = LocalTime{d.year, d.month, d.day, start_.hour, start_.minute};
    }
    return Walk::Begin(rule, start);
  }

  // Whether the rule produces an occurrence at `key` (UNTIL aside).
  Result<bool> Produces(const LocalTime& key) {
    if (key < start_ || key.hour != start_.hour || key.minute != start_.minute) return false;
    if (rule_.count) {
      if (!counted_) {
        counted_.emplace();
        RK_ASSIGN_OR_RETURN(Walk walk, Walk::Begin(rule_, start_));
        for (auto k = walk.Next(); k; k = walk.Next()) counted_->insert(*k);
      }
      return counted_->contains(key);
    }
    RK_ASSIGN_OR_RETURN(Walk walk, From(LocalMillis(key)));
    for (std::size_t step = 0; step < kMaxSteps; ++step) {
      const std::optional<LocalTime> k = walk.Next();
      if (!k || key < *k) return false;
      if (*k == key) return true;
    }
    return false;
  }

 private:
  const Rule& rule_;
  LocalTime start_;
  std::optional<std::set<LocalTime>> counted_;  // a COUNT rule's occurrences
};

}  // namespace

std::string LocalTime::ToString() const {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02u:%02u", year, month, day, hour, minute);
  return buf;
}

std::optional<LocalTime> LocalTime::Parse(std::string_view t) {
  if (t.size() != 16 || t[10] != 'T' || t[13] != ':') return std::nullopt;
  auto date = Date::Parse(t.substr(0, 10));
  if (!date || date->year < 1) return std::nullopt;
  for (std::size_t i : {11, 12, 14, 15})
    if (t[i] < '0' || t[i] > '9') return std::nullopt;
  const unsigned hour = static_cast<unsigned>((t[11] - '0') * 10 + (t[12] - '0'));
  const unsigned minute = static_cast<unsigned>((t[14] - '0') * 10 + (t[15] - '0'));
  if (hour > 23 || minute > 59) return std::nullopt;
  return LocalTime{date->year, date->month, date->day, hour, minute};
}

Result<std::string> NormalizeRule(std::string_view rrule) {
  if (Trim(rrule).empty()) return std::string();
  RK_ASSIGN_OR_RETURN(Rule rule, ParseRule(rrule));
  return rule.ToString();
}

Result<std::vector<Occurrence>> Expand(const Schedule& s, Millis from, Millis to, std::size_t limit) {
  std::optional<Rule> rule;
  if (!Trim(s.rrule).empty()) {
    RK_ASSIGN_OR_RETURN(Rule r, ParseRule(s.rrule));
    rule = std::move(r);
  }
  zones::Lock lock;
  RK_ASSIGN_OR_RETURN(const zones::Zone zone, zones::Zone::Find(lock, s.time_zone));
  std::vector<Occurrence> out;
  if (limit == 0 || from >= to || from > kLastLocal) return out;

  const LocalTime start = FromLocalMillis(LocalMillis(s.start));
  // The first override for an occurrence applies; one for a time the rule does not
  // produce (a stale one) changes nothing.
  std::map<LocalTime, const Override*> overrides;
  for (const Override& o : s.overrides) overrides.emplace(o.original, &o);

  std::size_t unmoved = 0;  // occurrences in range that kept their time
  // Places the occurrence the rule starts at `key` (at `key_utc`), as overridden.
  auto place = [&](const LocalTime& key, Millis key_utc) {
    Occurrence o{key, key, key_utc, 0, false};
    int minutes = s.duration_minutes;
    if (auto it = overrides.find(key); it != overrides.end()) {
      const Override& change = *it->second;
      if (change.skipped) return;
      if (change.moved_to) o.start_utc = zone.LocalToUtc(lock, LocalMillis(*change.moved_to));
      if (change.duration_minutes) minutes = *change.duration_minutes;
      o.moved = change.moved_to || change.duration_minutes;
    }
    o.start = LocalAt(lock, zone, o.start_utc);  // the wall clock's time: later in a gap
    o.end_utc = o.start_utc + std::max(minutes, 0) * kMinute;
    if (o.start_utc >= from && o.start_utc < to) {
      unmoved += o.moved ? 0 : 1;
      out.push_back(o);
    }
  };
  auto before_until = [&](Millis key_utc) { return !rule || !rule->until || key_utc <= *rule->until; };

  if (!rule) {
    place(start, zone.LocalToUtc(lock, LocalMillis(start)));
  } else {
    // Each overridden occurrence first, wherever it was moved to.
    Walker walker(*rule, start);
    for (const auto& [original, change] : overrides) {
      RK_ASSIGN_OR_RETURN(const bool produced, walker.Produces(original));
      if (!produced) continue;
      const Millis original_utc = zone.LocalToUtc(lock, LocalMillis(original));
      if (before_until(original_utc)) place(original, original_utc);
    }
    // Then the rule's own from the window on. They fall on different days at one time
    // of day, so their instants ascend: the walk ends at `to`, at UNTIL, or once `limit`
    // of them kept their time (nothing later can come before those).
    RK_ASSIGN_OR_RETURN(auto walk, walker.From(from));
    for (std::size_t step = 0; step < kMaxSteps; ++step) {
      const std::optional<LocalTime> key = walk.Next();
      if (!key) break;
      if (overrides.contains(*key)) continue;  // placed above
      const Millis local = LocalMillis(*key);
      // A wall-clock time is within a day of its instant (offsets run from -12 to +14
      // hours), so one two days before the window needs no zone.
      if (local + 2 * kDay < from) continue;
      const Millis key_utc = zone.LocalToUtc(lock, local);
      if (!before_until(key_utc) || key_utc >= to) break;
      place(*key, key_utc);
      if (unmoved >= limit) break;
    }
  }
  std::sort(out.begin(), out.end(), [](const Occurrence& a, const Occurrence& b) {
    return a.start_utc != b.start_utc ? a.start_utc < b.start_utc : a.key < b.key;
  });
  if (out.size() > limit) out.resize(limit);
  return out;
}

Result<Millis> ToUtc(const LocalTime& t, std::string_view time_zone) {
  zones::Lock lock;
  RK_ASSIGN_OR_RETURN(const zones::Zone zone, zones::Zone::Find(lock, time_zone));
  return zone.LocalToUtc(lock, LocalMillis(t));
}

Result<LocalTime> ToLocal(Millis utc, std::string_view time_zone) {
  zones::Lock lock;
  RK_ASSIGN_OR_RETURN(const zones::Zone zone, zones::Zone::Find(lock, time_zone));
  return LocalAt(lock, zone, utc);
}

}  // namespace rk::together
