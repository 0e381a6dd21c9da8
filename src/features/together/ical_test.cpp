#include "features/together/ical.hpp"
#include "features/together/test_times.hpp"

#include <gtest/gtest.h>
#include <libical/ical.h>

#include <atomic>
#include <map>
#include <set>
#include <thread>

#include "platform/base/text.hpp"

namespace rk::together {
namespace {

using testing::L;
using testing::Z;

FeedEvent Event(std::string uid, std::string rrule, std::string_view start, std::string zone) {
  FeedEvent e;
  e.uid = std::move(uid);
  e.title = "Evening time";
  e.schedule.rrule = std::move(rrule);
  e.schedule.start = L(start);
  e.schedule.time_zone = std::move(zone);
  e.schedule.duration_minutes = 45;
  e.created = Z("2026-09-20T08:00:00Z");
  return e;
}

std::string Feed(const std::vector<FeedEvent>& events) {
  auto r = CalendarFeed("Us two", events);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return r.ok() ? *r : std::string();
}

// The feed's logical lines: physical lines joined where folded.
std::vector<std::string> Unfold(const std::string& feed) {
  std::vector<std::string> lines;
  for (std::size_t i = 0; i < feed.size();) {
    std::size_t end = feed.find("\r\n", i);
    if (end == std::string::npos) end = feed.size();
    const std::string line = feed.substr(i, end - i);
    if (!line.empty() && line[0] == ' ' && !lines.empty()) lines.back() += line.substr(1);
    else lines.push_back(line);
    i = end + 2;
  }
  return lines;
}

std::vector<std::string> LinesStartingWith(const std::string& feed, std::string_view prefix) {
  std::vector<std::string> out;
  for (const std::string& line : Unfold(feed))
    if (line.rfind(prefix, 0) == 0) out.push_back(line);
  return out;
}

// The same, only within VEVENTs (a VTIMEZONE has DTSTART and RRULE lines too).
std::vector<std::string> EventLinesStartingWith(const std::string& feed, std::string_view prefix) {
  std::vector<std::string> out;
  bool in_event = false;
  for (const std::string& line : Unfold(feed)) {
    if (line == "BEGIN:VEVENT") in_event = true;
    if (line == "END:VEVENT") in_event = false;
    if (in_event && line.rfind(prefix, 0) == 0) out.push_back(line);
  }
  return out;
}

// The feed read back by libical; fails the test on anything libical could not read.
struct Parsed {
  icalcomponent* calendar = nullptr;
  explicit Parsed(const std::string& feed) : calendar(icalparser_parse_string(feed.c_str())) {}
  ~Parsed() {
    if (calendar) icalcomponent_free(calendar);
  }
  Parsed(const Parsed&) = delete;
  Parsed& operator=(const Parsed&) = delete;
};

std::vector<std::string> LibicalErrors(icalcomponent* c) {
  std::vector<std::string> out;
  for (icalproperty* p = icalcomponent_get_first_property(c, ICAL_XLICERROR_PROPERTY); p;
       p = icalcomponent_get_next_property(c, ICAL_XLICERROR_PROPERTY))
    out.push_back(icalproperty_get_xlicerror(p));
  for (icalcomponent* k = icalcomponent_get_first_component(c, ICAL_ANY_COMPONENT); k;
       k = icalcomponent_get_next_component(c, ICAL_ANY_COMPONENT))
    for (auto& e : LibicalErrors(k)) out.push_back(e);
  return out;
}

std::vector<icalcomponent*> Events(icalcomponent* calendar, std::string_view uid) {
  std::vector<icalcomponent*> out;
  for (icalcomponent* e = icalcomponent_get_first_component(calendar, ICAL_VEVENT_COMPONENT); e;
       e = icalcomponent_get_next_component(calendar, ICAL_VEVENT_COMPONENT))
    if (uid == icalcomponent_get_uid(e)) out.push_back(e);
  return out;
}

Millis Instant(icaltimetype t) {
  EXPECT_NE(t.zone, nullptr);
  return static_cast<Millis>(icaltime_as_timet_with_zone(t, t.zone)) * kSecond;
}

// What a calendar application makes of one plan in the feed, by libical alone: the
// RRULE walked from DTSTART in the VTIMEZONE the feed carries, less EXDATEs, with each
// RECURRENCE-ID's VEVENT in place of its occurrence. Start and end instants in [from, to).
std::vector<std::pair<Millis, Millis>> LibicalOccurrences(icalcomponent* calendar, std::string_view uid, Millis from,
                                                          Millis to) {
  icalcomponent* master = nullptr;
  std::map<std::string, icalcomponent*> changed;  // RECURRENCE-ID (local) -> its VEVENT
  for (icalcomponent* e : Events(calendar, uid)) {
    if (icalcomponent_get_first_property(e, ICAL_RECURRENCEID_PROPERTY))
      changed[icaltime_as_ical_string(icalcomponent_get_recurrenceid(e))] = e;
    else
      master = e;
  }
  EXPECT_NE(master, nullptr);
  if (!master) return {};
  std::set<std::string> excluded;
  for (icalproperty* p = icalcomponent_get_first_property(master, ICAL_EXDATE_PROPERTY); p;
       p = icalcomponent_get_next_property(master, ICAL_EXDATE_PROPERTY))
    excluded.insert(icaltime_as_ical_string(icalproperty_get_exdate(p)));

  std::vector<std::pair<Millis, Millis>> out;
  auto add = [&](icalcomponent* e) {
    const Millis start = Instant(icalcomponent_get_dtstart(e));
    const icaldurationtype d = icalcomponent_get_duration(e);
    const Millis end = start + static_cast<Millis>(icaldurationtype_as_int(d)) * kSecond;
    if (start >= from && start < to) out.emplace_back(start, end);
  };
  const icaltimetype dtstart = icalcomponent_get_dtstart(master);
  icalproperty* rrule = icalcomponent_get_first_property(master, ICAL_RRULE_PROPERTY);
  if (!rrule) {
    add(master);
    return out;
  }
  icalrecur_iterator* it = icalrecur_iterator_new(icalproperty_get_rrule(rrule), dtstart);
  EXPECT_NE(it, nullptr);
  for (icaltimetype t = icalrecur_iterator_next(it); !icaltime_is_null_time(t); t = icalrecur_iterator_next(it)) {
    t.zone = dtstart.zone;
    if (Instant(t) >= to + 60 * kDay) break;
    const std::string key = icaltime_as_ical_string(t);
    if (excluded.contains(key)) continue;
    if (auto c = changed.find(key); c != changed.end()) {
      add(c->second);
      continue;
    }
    const Millis start = Instant(t);
    const Millis end =
        start + static_cast<Millis>(icaldurationtype_as_int(icalcomponent_get_duration(master))) * kSecond;
    if (start >= from && start < to) out.emplace_back(start, end);
  }
  icalrecur_iterator_free(it);
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::pair<Millis, Millis>> OurOccurrences(const Schedule& s, Millis from, Millis to) {
  auto v = Expand(s, from, to, 100000);
  EXPECT_TRUE(v.ok());
  std::vector<std::pair<Millis, Millis>> out;
  if (v.ok())
    for (const auto& o : *v) out.emplace_back(o.start_utc, o.end_utc);
  std::sort(out.begin(), out.end());
  return out;
}

// A nightly Berlin plan with an alarm, one night skipped and one moved, and a weekly
// New York plan without one.
std::vector<FeedEvent> TwoPlans() {
  FeedEvent nightly = Event("plan-1@rekindle", "FREQ=DAILY", "2026-10-01T21:30", "Europe/Berlin");
  nightly.alarm_minutes_before = 15;
  nightly.url = "https://rekindle.example/together/plan-1";
  nightly.description = "Phones away.";
  nightly.schedule.overrides.push_back({L("2026-10-20T21:30"), true, std::nullopt, std::nullopt});
  nightly.schedule.overrides.push_back({L("2026-10-24T21:30"), false, L("2026-10-25T08:00"), 90});
  FeedEvent weekly = Event("plan-2@rekindle", "FREQ=WEEKLY;BYDAY=SA", "2026-10-03T20:00", "America/New_York");
  return {nightly, weekly};
}

TEST(CalendarFeed, LinesEndInCrlfAndFoldAt75OctetsWithoutSplittingCharacters) {
  std::vector<FeedEvent> events = TwoPlans();
  std::string long_text;
  for (int i = 0; i < 30; ++i) long_text += "Zeit für uns — ünd 💛 ";
  long_text += "Ende";  // libical drops white space at a line's end
  events[0].description = long_text;
  events[0].title = long_text;
  const std::string feed = Feed(events);
  ASSERT_FALSE(feed.empty());
  ASSERT_GE(feed.size(), 2u);
  EXPECT_EQ(feed.substr(feed.size() - 2), "\r\n");
  std::size_t physical = 0, folded = 0;
  for (std::size_t i = 0; i < feed.size();) {
    const std::size_t end = feed.find("\r\n", i);
    ASSERT_NE(end, std::string::npos);
    const std::string line = feed.substr(i, end - i);
    EXPECT_EQ(line.find('\n'), std::string::npos);
    EXPECT_EQ(line.find('\r'), std::string::npos);
    EXPECT_LE(line.size(), 75u) << line;
    // Each physical line is whole UTF-8 on its own: no character cut in two.
    EXPECT_TRUE(CodePoints(line)) << line;
    ++physical;
    folded += !line.empty() && line[0] == ' ';
    i = end + 2;
  }
  EXPECT_GT(folded, 10u);
  EXPECT_GT(physical, 40u);
  // Unfolded, the text is what went in.
  auto summary = LinesStartingWith(feed, "SUMMARY:");
  ASSERT_EQ(summary.size(), 3u);  // two plans and one moved occurrence
  EXPECT_EQ(summary[0], "SUMMARY:" + long_text);
  Parsed parsed(feed);
  ASSERT_NE(parsed.calendar, nullptr);
  EXPECT_EQ(std::string(icalcomponent_get_summary(Events(parsed.calendar, "plan-1@rekindle")[0])), long_text);
}

TEST(CalendarFeed, ParsesBackWithLibicalWithoutErrors) {
  const std::string feed = Feed(TwoPlans());
  Parsed parsed(feed);
  ASSERT_NE(parsed.calendar, nullptr);
  EXPECT_EQ(icalcomponent_isa(parsed.calendar), ICAL_VCALENDAR_COMPONENT);
  EXPECT_EQ(LibicalErrors(parsed.calendar), std::vector<std::string>{});
  EXPECT_EQ(LinesStartingWith(feed, "VERSION:"), std::vector<std::string>{"VERSION:2.0"});
  EXPECT_EQ(LinesStartingWith(feed, "CALSCALE:"), std::vector<std::string>{"CALSCALE:GREGORIAN"});
  EXPECT_EQ(LinesStartingWith(feed, "PRODID:").size(), 1u);
  EXPECT_EQ(LinesStartingWith(feed, "X-WR-CALNAME:"), std::vector<std::string>{"X-WR-CALNAME:Us two"});
  // Every event has what RFC 5545 asks of it.
  int events = 0;
  for (icalcomponent* e = icalcomponent_get_first_component(parsed.calendar, ICAL_VEVENT_COMPONENT); e;
       e = icalcomponent_get_next_component(parsed.calendar, ICAL_VEVENT_COMPONENT), ++events) {
    EXPECT_NE(icalcomponent_get_first_property(e, ICAL_UID_PROPERTY), nullptr);
    EXPECT_NE(icalcomponent_get_first_property(e, ICAL_DTSTAMP_PROPERTY), nullptr);
    EXPECT_NE(icalcomponent_get_first_property(e, ICAL_DTSTART_PROPERTY), nullptr);
    EXPECT_NE(icalcomponent_get_first_property(e, ICAL_DURATION_PROPERTY), nullptr);
    EXPECT_EQ(icalcomponent_get_first_property(e, ICAL_DTEND_PROPERTY), nullptr);
  }
  EXPECT_EQ(events, 3);  // two plans and one moved occurrence
}

TEST(CalendarFeed, TimeZonesAreNamedAsDtstartNamesThem) {
  const std::string feed = Feed(TwoPlans());
  EXPECT_EQ(LinesStartingWith(feed, "TZID:"), (std::vector<std::string>{"TZID:America/New_York", "TZID:Europe/Berlin"}));
  EXPECT_EQ(feed.find("freeassociation"), std::string::npos);
  EXPECT_EQ(feed.find("X-LIC-LOCATION"), std::string::npos);
  EXPECT_EQ(LinesStartingWith(feed, "DTSTART;TZID=Europe/Berlin:").size(), 2u);
  EXPECT_EQ(LinesStartingWith(feed, "DTSTART;TZID=America/New_York:").size(), 1u);
  Parsed parsed(feed);
  ASSERT_NE(parsed.calendar, nullptr);
  for (const char* zone : {"Europe/Berlin", "America/New_York"}) {
    icaltimezone* z = icalcomponent_get_timezone(parsed.calendar, zone);
    ASSERT_NE(z, nullptr) << zone;
    EXPECT_STREQ(icaltimezone_get_tzid(z), zone);
  }
  const icaltimetype start = icalcomponent_get_dtstart(Events(parsed.calendar, "plan-1@rekindle")[0]);
  ASSERT_NE(start.zone, nullptr);
  EXPECT_STREQ(icaltimezone_get_tzid(const_cast<icaltimezone*>(start.zone)), "Europe/Berlin");
}

TEST(CalendarFeed, TimeZonesAreTrimmedToRecentRules) {
  const std::string feed = Feed(TwoPlans());
  // Observances begin at the start of the year before the earliest plan's (2026) in
  // UTC, which is still 2024 on the wall clock in New York; not in the 1880s.
  for (const std::string& line : LinesStartingWith(feed, "DTSTART:")) EXPECT_GE(line, "DTSTART:20241231T19") << line;
  EXPECT_EQ(LinesStartingWith(feed, "DTSTART:20241231T190000").size(), 1u);
  EXPECT_EQ(LinesStartingWith(feed, "DTSTART:20250101T010000").size(), 1u);
  const std::size_t begin = feed.find("BEGIN:VTIMEZONE"), end = feed.find("END:VTIMEZONE");
  ASSERT_NE(begin, std::string::npos);
  EXPECT_LT(end - begin, 1500u);
}

TEST(CalendarFeed, OverridesAreExdatesAndRecurrenceIds) {
  const std::string feed = Feed(TwoPlans());
  EXPECT_EQ(LinesStartingWith(feed, "EXDATE"),
            std::vector<std::string>{"EXDATE;TZID=Europe/Berlin:20261020T213000"});
  EXPECT_EQ(LinesStartingWith(feed, "RECURRENCE-ID"),
            std::vector<std::string>{"RECURRENCE-ID;TZID=Europe/Berlin:20261024T213000"});
  Parsed parsed(feed);
  ASSERT_NE(parsed.calendar, nullptr);
  const auto events = Events(parsed.calendar, "plan-1@rekindle");
  ASSERT_EQ(events.size(), 2u);
  icalcomponent* moved = events[1];
  EXPECT_STREQ(icaltime_as_ical_string(icalcomponent_get_dtstart(moved)), "20261025T080000");
  EXPECT_EQ(icaldurationtype_as_int(icalcomponent_get_duration(moved)), 90 * 60);
  EXPECT_EQ(EventLinesStartingWith(feed, "RRULE:"),
            (std::vector<std::string>{"RRULE:FREQ=DAILY", "RRULE:FREQ=WEEKLY;BYDAY=SA"}));
}

TEST(CalendarFeed, AStaleOverrideWritesNothing) {
  std::vector<FeedEvent> events = TwoPlans();
  events[1].schedule.overrides.push_back({L("2026-10-05T20:00"), true, std::nullopt, std::nullopt});  // a Monday
  events[1].schedule.overrides.push_back({L("2026-10-10T19:00"), false, L("2026-10-11T19:00"), std::nullopt});
  const std::string feed = Feed(events);
  EXPECT_EQ(LinesStartingWith(feed, "EXDATE").size(), 1u);
  EXPECT_EQ(LinesStartingWith(feed, "RECURRENCE-ID").size(), 1u);
}

TEST(CalendarFeed, AlarmsOnlyWhenAsked) {
  const std::string feed = Feed(TwoPlans());
  Parsed parsed(feed);
  ASSERT_NE(parsed.calendar, nullptr);
  for (icalcomponent* e : Events(parsed.calendar, "plan-1@rekindle")) {
    icalcomponent* alarm = icalcomponent_get_first_component(e, ICAL_VALARM_COMPONENT);
    ASSERT_NE(alarm, nullptr);
    EXPECT_EQ(icalproperty_get_action(icalcomponent_get_first_property(alarm, ICAL_ACTION_PROPERTY)),
              ICAL_ACTION_DISPLAY);
    const icaltriggertype trigger =
        icalproperty_get_trigger(icalcomponent_get_first_property(alarm, ICAL_TRIGGER_PROPERTY));
    EXPECT_EQ(icaldurationtype_as_int(trigger.duration), -15 * 60);
    EXPECT_STREQ(icalcomponent_get_description(alarm), "Evening time");
  }
  for (icalcomponent* e : Events(parsed.calendar, "plan-2@rekindle"))
    EXPECT_EQ(icalcomponent_get_first_component(e, ICAL_VALARM_COMPONENT), nullptr);
  EXPECT_EQ(LinesStartingWith(feed, "TRIGGER:"), (std::vector<std::string>{"TRIGGER:-PT15M", "TRIGGER:-PT15M"}));
  EXPECT_EQ(LinesStartingWith(feed, "ACTION:").size(), 2u);
}

TEST(CalendarFeed, EscapesText) {
  std::vector<FeedEvent> events = TwoPlans();
  events[0].title = "Walk, talk; rest \\ then\nsleep";
  events[0].description = "Line one\r\nLine two";
  const std::string feed = Feed(events);
  EXPECT_EQ(LinesStartingWith(feed, "SUMMARY:")[0], "SUMMARY:Walk\\, talk\\; rest \\\\ then\\nsleep");
  EXPECT_EQ(LinesStartingWith(feed, "DESCRIPTION:Line")[0], "DESCRIPTION:Line one\\nLine two");
  EXPECT_EQ(LinesStartingWith(feed, "URL:"), (std::vector<std::string>{"URL:https://rekindle.example/together/plan-1",
                                                                       "URL:https://rekindle.example/together/plan-1"}));
  Parsed parsed(feed);
  ASSERT_NE(parsed.calendar, nullptr);
  EXPECT_EQ(LibicalErrors(parsed.calendar), std::vector<std::string>{});
  icalcomponent* e = Events(parsed.calendar, "plan-1@rekindle")[0];
  EXPECT_STREQ(icalcomponent_get_summary(e), "Walk, talk; rest \\ then\nsleep");
  EXPECT_STREQ(icalcomponent_get_description(e), "Line one\nLine two");
}

// The one that matters: a calendar reading the feed puts every occurrence where Expand
// does, across DST changes in both directions and for years to come.
TEST(CalendarFeed, LibicalReadingTheFeedFindsTheSameInstantsAsExpand) {
  const std::vector<FeedEvent> events = TwoPlans();
  const std::string feed = Feed(events);
  Parsed parsed(feed);
  ASSERT_NE(parsed.calendar, nullptr);
  struct Window {
    const char* from;
    const char* to;
  };
  for (const Window w : {Window{"2026-10-01T00:00:00Z", "2026-11-15T00:00:00Z"},    // Berlin Oct 25, NY Nov 1
                         Window{"2027-03-01T00:00:00Z", "2027-04-15T00:00:00Z"},    // Mar 14 and Mar 28
                         Window{"2026-10-01T00:00:00Z", "2032-01-01T00:00:00Z"}}) {  // the next years
    for (const FeedEvent& e : events) {
      const auto ours = OurOccurrences(e.schedule, Z(w.from), Z(w.to));
      const auto theirs = LibicalOccurrences(parsed.calendar, e.uid, Z(w.from), Z(w.to));
      EXPECT_GT(ours.size(), 5u);
      ASSERT_EQ(ours.size(), theirs.size()) << e.uid << " " << w.from;
      for (std::size_t i = 0; i < ours.size(); ++i) {
        ASSERT_EQ(FormatRfc3339(ours[i].first), FormatRfc3339(theirs[i].first)) << e.uid << " #" << i;
        ASSERT_EQ(ours[i].second, theirs[i].second) << e.uid << " #" << i;
      }
    }
  }
  // And the instants are the ones a person expects: 21:30 in Berlin either side of Oct 25.
  const auto berlin = OurOccurrences(events[0].schedule, Z("2026-10-24T00:00:00Z"), Z("2026-10-27T00:00:00Z"));
  ASSERT_EQ(berlin.size(), 3u);
  EXPECT_EQ(FormatRfc3339(berlin[0].first), "2026-10-25T07:00:00.000Z");  // the moved one: 08:00 CET
  EXPECT_EQ(FormatRfc3339(berlin[1].first), "2026-10-25T20:30:00.000Z");
  EXPECT_EQ(FormatRfc3339(berlin[2].first), "2026-10-26T20:30:00.000Z");
}

TEST(CalendarFeed, SouthernAndFarZonesAgreeWithExpandToo) {
  std::vector<FeedEvent> events = {
      Event("sydney@rekindle", "FREQ=WEEKLY;BYDAY=SU,WE", "2026-03-01T21:30", "Australia/Sydney"),
      Event("kiritimati@rekindle", "FREQ=DAILY;COUNT=40", "2026-03-01T07:00", "Pacific/Kiritimati"),
      Event("pago@rekindle", "FREQ=MONTHLY;BYMONTHDAY=31", "2026-01-31T23:30", "Pacific/Pago_Pago"),
      Event("utc@rekindle", "FREQ=DAILY;UNTIL=20260601T120000Z", "2026-03-01T12:00", "UTC"),
  };
  const std::string feed = Feed(events);
  Parsed parsed(feed);
  ASSERT_NE(parsed.calendar, nullptr);
  EXPECT_EQ(LibicalErrors(parsed.calendar), std::vector<std::string>{});
  EXPECT_EQ(LinesStartingWith(feed, "TZID:").size(), 4u);
  for (const FeedEvent& e : events) {
    const auto ours = OurOccurrences(e.schedule, Z("2026-01-01T00:00:00Z"), Z("2028-01-01T00:00:00Z"));
    const auto theirs = LibicalOccurrences(parsed.calendar, e.uid, Z("2026-01-01T00:00:00Z"), Z("2028-01-01T00:00:00Z"));
    EXPECT_GT(ours.size(), 10u) << e.uid;
    EXPECT_EQ(ours, theirs) << e.uid;
  }
}

TEST(CalendarFeed, DtstartIsTheRulesFirstOccurrence) {
  // A Tuesday start for Monday, Wednesday and Friday: calendars differ on whether such a
  // start counts, so the feed starts on the Wednesday, where Expand starts.
  const std::string feed =
      Feed({Event("p@rekindle", "FREQ=WEEKLY;BYDAY=MO,WE,FR;COUNT=4", "2026-03-03T19:00", "Europe/Berlin")});
  EXPECT_EQ(LinesStartingWith(feed, "DTSTART;"),
            std::vector<std::string>{"DTSTART;TZID=Europe/Berlin:20260304T190000"});
}

TEST(CalendarFeed, OneOffPlans) {
  std::vector<FeedEvent> events = {Event("once@rekindle", "", "2026-07-04T18:00", "America/New_York"),
                                   Event("gone@rekindle", "", "2026-07-05T18:00", "Europe/Berlin")};
  events[0].schedule.overrides.push_back({L("2026-07-04T18:00"), false, L("2026-07-04T19:30"), 60});
  events[1].schedule.overrides.push_back({L("2026-07-05T18:00"), true, std::nullopt, std::nullopt});
  const std::string feed = Feed(events);
  EXPECT_EQ(LinesStartingWith(feed, "DTSTART;"),
            std::vector<std::string>{"DTSTART;TZID=America/New_York:20260704T193000"});
  EXPECT_EQ(LinesStartingWith(feed, "DURATION:"), std::vector<std::string>{"DURATION:PT1H"});
  EXPECT_TRUE(EventLinesStartingWith(feed, "RRULE").empty());
  EXPECT_TRUE(LinesStartingWith(feed, "RECURRENCE-ID").empty());
  EXPECT_EQ(LinesStartingWith(feed, "TZID:"), std::vector<std::string>{"TZID:America/New_York"});
  Parsed parsed(feed);
  ASSERT_NE(parsed.calendar, nullptr);
  EXPECT_EQ(LibicalErrors(parsed.calendar), std::vector<std::string>{});
}

TEST(CalendarFeed, AnEmptyFeedIsStillACalendar) {
  const std::string feed = Feed({});
  EXPECT_EQ(feed.rfind("BEGIN:VCALENDAR\r\n", 0), 0u);
  EXPECT_NE(feed.find("END:VCALENDAR\r\n"), std::string::npos);
  Parsed parsed(feed);
  ASSERT_NE(parsed.calendar, nullptr);
}

TEST(CalendarFeed, IsTheSameFromManyThreads) {
  // Feeds in several zones written at once, while others expand and convert times: all
  // of it enters libical, one thread at a time.
  std::vector<FeedEvent> events = TwoPlans();
  events.push_back(Event("sydney@rekindle", "FREQ=WEEKLY;BYDAY=SU", "2026-03-01T21:30", "Australia/Sydney"));
  const std::string expected = Feed(events);
  std::atomic<int> wrong = 0;
  std::vector<std::thread> threads;
  for (int i = 0; i < 6; ++i)
    threads.emplace_back([&, i] {
      for (int round = 0; round < 15; ++round) {
        if (i % 2 == 0) {
          auto feed = CalendarFeed("Us two", events);
          if (!feed.ok() || *feed != expected) ++wrong;
        } else {
          auto local = ToLocal(Z("2026-10-25T01:30:00Z") + round * kHour, i == 1 ? "Asia/Kathmandu" : "America/St_Johns");
          if (!local.ok()) ++wrong;
        }
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(wrong, 0);
}

TEST(CalendarFeed, RefusesWhatExpandRefuses) {
  auto bad_rule = CalendarFeed("x", {Event("p", "FREQ=YEARLY", "2026-03-03T19:00", "Europe/Berlin")});
  ASSERT_FALSE(bad_rule.ok());
  EXPECT_EQ(bad_rule.error().fields.at(0).field, "rrule");
  auto bad_zone = CalendarFeed("x", {Event("p", "FREQ=DAILY", "2026-03-03T19:00", "Europe/Nowhere")});
  ASSERT_FALSE(bad_zone.ok());
  EXPECT_EQ(bad_zone.error().fields.at(0).field, "time_zone");
}

}  // namespace
}  // namespace rk::together
