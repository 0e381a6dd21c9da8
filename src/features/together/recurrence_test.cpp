#include "features/together/recurrence.hpp"
#include "features/together/test_times.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "platform/base/timezone.hpp"

namespace rk::together {
namespace {

using testing::L;
using testing::Z;

Schedule Plan(std::string rrule, std::string_view start, std::string zone, int minutes = 30) {
  Schedule s;
  s.rrule = std::move(rrule);
  s.start = L(start);
  s.time_zone = std::move(zone);
  s.duration_minutes = minutes;
  return s;
}

std::vector<Occurrence> Between(const Schedule& s, std::string_view from, std::string_view to, std::size_t limit = 500) {
  auto r = Expand(s, Z(from), Z(to), limit);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return r.ok() ? *r : std::vector<Occurrence>{};
}

std::vector<std::string> Instants(const std::vector<Occurrence>& v) {
  std::vector<std::string> out;
  for (const auto& o : v) out.push_back(FormatRfc3339(o.start_utc));
  return out;
}

std::vector<std::string> Keys(const std::vector<Occurrence>& v) {
  std::vector<std::string> out;
  for (const auto& o : v) out.push_back(o.key.ToString());
  return out;
}

// --- local times ---------------------------------------------------------------------

TEST(LocalTime, ParsesExactlyTheFormItWrites) {
  const LocalTime t = L("2026-11-21T21:30");
  EXPECT_EQ(t, (LocalTime{2026, 11, 21, 21, 30}));
  EXPECT_EQ(t.ToString(), "2026-11-21T21:30");
  EXPECT_EQ(L("2028-02-29T00:00").ToString(), "2028-02-29T00:00");
  for (const char* bad : {"", "2026-11-21", "2026-11-21T21:30:00", "2026-11-21 21:30", "2026-11-21T21:30Z",
                          "2026-02-29T10:00", "2026-04-31T10:00", "2026-13-01T10:00", "2026-11-21T24:00",
                          "2026-11-21T23:60", "2026-1-21T21:30", "2026-11-21T2a:30", "0000-01-01T00:00"})
    EXPECT_FALSE(LocalTime::Parse(bad)) << bad;
}

TEST(LocalTime, OrdersByTime) {
  EXPECT_LT(L("2026-03-29T02:30"), L("2026-03-29T03:00"));
  EXPECT_LT(L("2026-12-31T23:59"), L("2027-01-01T00:00"));
}

// --- time zones: gaps and overlaps ---------------------------------------------------

TEST(TimeZones, BerlinSpringForwardGapLandsAnHourLater) {
  // 2026-03-29 02:00 CET becomes 03:00 CEST: 02:30 does not exist and is read with the
  // offset before the gap (+01:00), so it is 01:30Z, which is 03:30 on the wall clock.
  EXPECT_EQ(*ToUtc(L("2026-03-29T02:30"), "Europe/Berlin"), Z("2026-03-29T01:30:00Z"));
  EXPECT_EQ(ToLocal(Z("2026-03-29T01:30:00Z"), "Europe/Berlin")->ToString(), "2026-03-29T03:30");
  EXPECT_EQ(*ToUtc(L("2026-03-29T01:59"), "Europe/Berlin"), Z("2026-03-29T00:59:00Z"));
  EXPECT_EQ(*ToUtc(L("2026-03-29T03:00"), "Europe/Berlin"), Z("2026-03-29T01:00:00Z"));
}

TEST(TimeZones, BerlinFallBackOverlapIsTheFirst) {
  // 2026-10-25 03:00 CEST becomes 02:00 CET: 02:30 happens at 00:30Z and at 01:30Z.
  EXPECT_EQ(*ToUtc(L("2026-10-25T02:30"), "Europe/Berlin"), Z("2026-10-25T00:30:00Z"));
  EXPECT_EQ(*ToUtc(L("2026-10-25T02:00"), "Europe/Berlin"), Z("2026-10-25T00:00:00Z"));
  EXPECT_EQ(*ToUtc(L("2026-10-25T03:00"), "Europe/Berlin"), Z("2026-10-25T02:00:00Z"));
  EXPECT_EQ(ToLocal(Z("2026-10-25T00:30:00Z"), "Europe/Berlin")->ToString(), "2026-10-25T02:30");
  EXPECT_EQ(ToLocal(Z("2026-10-25T01:30:00Z"), "Europe/Berlin")->ToString(), "2026-10-25T02:30");
}

TEST(TimeZones, NewYorkGapAndOverlap) {
  // 2026-03-08 02:00 EST -> 03:00 EDT; 2026-11-01 02:00 EDT -> 01:00 EST.
  EXPECT_EQ(*ToUtc(L("2026-03-08T02:30"), "America/New_York"), Z("2026-03-08T07:30:00Z"));
  EXPECT_EQ(ToLocal(Z("2026-03-08T07:30:00Z"), "America/New_York")->ToString(), "2026-03-08T03:30");
  EXPECT_EQ(*ToUtc(L("2026-11-01T01:30"), "America/New_York"), Z("2026-11-01T05:30:00Z"));
  EXPECT_EQ(*ToUtc(L("2026-11-01T02:30"), "America/New_York"), Z("2026-11-01T07:30:00Z"));
}

TEST(TimeZones, SydneyGapAndOverlapInTheSouthernSpringAndAutumn) {
  // 2026-04-05 03:00 AEDT -> 02:00 AEST; 2026-10-04 02:00 AEST -> 03:00 AEDT.
  EXPECT_EQ(*ToUtc(L("2026-04-05T02:30"), "Australia/Sydney"), Z("2026-04-04T15:30:00Z"));
  EXPECT_EQ(*ToUtc(L("2026-10-04T02:30"), "Australia/Sydney"), Z("2026-10-03T16:30:00Z"));
  EXPECT_EQ(ToLocal(Z("2026-10-03T16:30:00Z"), "Australia/Sydney")->ToString(), "2026-10-04T03:30");
}

TEST(TimeZones, RoundTripsEveryQuarterHourOutsideGaps) {
  for (const char* zone : {"Europe/Berlin", "America/New_York", "Australia/Sydney", "Asia/Kolkata", "UTC"}) {
    for (Millis t = Z("2026-01-01T00:00:00Z"); t < Z("2027-01-01T00:00:00Z"); t += 15 * kMinute) {
      auto local = ToLocal(t, zone);
      ASSERT_TRUE(local.ok()) << zone;
      auto back = ToUtc(*local, zone);
      ASSERT_TRUE(back.ok());
      // Back is t, or the first of two instants with that wall-clock time, an hour earlier.
      if (*back != t) {
        EXPECT_EQ(*back, t - kHour) << zone << " " << FormatRfc3339(t);
      }
    }
  }
}

TEST(TimeZones, AgreeWithTheSystemZoneinfoHourByHour) {
  // libical reads the same tzdata as platform/base's TZif reader; two readings of it.
  for (const char* name : {"Europe/Berlin", "America/New_York", "Australia/Sydney", "Pacific/Kiritimati",
                           "Pacific/Pago_Pago", "America/Santiago", "Asia/Tehran"}) {
    auto zone = TimeZone::Load(name);
    ASSERT_TRUE(zone.ok()) << name;
    for (Millis t = Z("2024-01-01T00:00:00Z"); t < Z("2031-01-01T00:00:00Z"); t += kHour) {
      auto local = ToLocal(t, name);
      ASSERT_TRUE(local.ok());
      const Millis wall = t + (*zone)->OffsetAt(t) * kSecond;
      const Date d = Date::FromDayNumber(wall / kDay);
      const LocalTime expected{d.year, d.month, d.day, static_cast<unsigned>(wall % kDay / kHour),
                               static_cast<unsigned>(wall % kHour / kMinute)};
      ASSERT_EQ(local->ToString(), expected.ToString()) << name << " at " << FormatRfc3339(t);
    }
  }
}

TEST(TimeZones, KeepDaylightSavingAfter2037) {
  // tzdata's transition lists end in 2037; the zone's rule goes on.
  EXPECT_EQ(*ToUtc(L("2040-07-01T21:30"), "Europe/Berlin"), Z("2040-07-01T19:30:00Z"));
  EXPECT_EQ(*ToUtc(L("2040-12-01T21:30"), "Europe/Berlin"), Z("2040-12-01T20:30:00Z"));
}

TEST(TimeZones, PartnersADayApartSeeDifferentDates) {
  // One occurrence of a Berlin plan, seen by partners on Kiritimati (+14) and in Pago
  // Pago (-11).
  auto occurrences = Between(Plan("FREQ=DAILY", "2026-06-10T12:00", "Europe/Berlin"), "2026-06-10T00:00:00Z",
                         "2026-06-11T00:00:00Z");
  ASSERT_EQ(occurrences.size(), 1u);
  const Millis at = occurrences[0].start_utc;
  EXPECT_EQ(at, Z("2026-06-10T10:00:00Z"));
  EXPECT_EQ(ToLocal(at, "Pacific/Kiritimati")->ToString(), "2026-06-11T00:00");
  EXPECT_EQ(ToLocal(at, "Pacific/Pago_Pago")->ToString(), "2026-06-09T23:00");
  EXPECT_EQ(ToLocal(at, "Europe/Berlin")->ToString(), "2026-06-10T12:00");
}

TEST(TimeZones, UnknownZonesAreRefusedWithAFieldError) {
  for (const char* bad : {"Mars/Olympus_Mons", "", "../../etc/passwd", "/usr/share/zoneinfo/UTC", "zone.tab",
                          "Europe/Berlin "}) {
    auto r = ToUtc(L("2026-01-01T00:00"), bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
    ASSERT_EQ(r.error().fields.size(), 1u);
    EXPECT_EQ(r.error().fields[0].field, "time_zone");
    EXPECT_FALSE(ToLocal(0, bad).ok()) << bad;
    EXPECT_FALSE(Expand(Plan("FREQ=DAILY", "2026-01-01T10:00", bad), 0, Z("2030-01-01T00:00:00Z")).ok()) << bad;
  }
}

// --- expansion across DST ------------------------------------------------------------

TEST(Expand, BerlinNightlyKeepsItsWallClockTimeAcrossBothChanges) {
  const Schedule s = Plan("FREQ=DAILY", "2026-03-01T21:30", "Europe/Berlin");
  EXPECT_EQ(Instants(Between(s, "2026-03-27T00:00:00Z", "2026-03-31T00:00:00Z")),
            (std::vector<std::string>{"2026-03-27T20:30:00.000Z", "2026-03-28T20:30:00.000Z",
                                      "2026-03-29T19:30:00.000Z", "2026-03-30T19:30:00.000Z"}));
  EXPECT_EQ(Instants(Between(s, "2026-10-23T00:00:00Z", "2026-10-27T00:00:00Z")),
            (std::vector<std::string>{"2026-10-23T19:30:00.000Z", "2026-10-24T19:30:00.000Z",
                                      "2026-10-25T20:30:00.000Z", "2026-10-26T20:30:00.000Z"}));
  for (const auto& o : Between(s, "2026-03-27T00:00:00Z", "2026-10-27T00:00:00Z")) {
    EXPECT_EQ(o.start.hour, 21u);
    EXPECT_EQ(o.start.minute, 30u);
    EXPECT_EQ(o.key, o.start);
    EXPECT_EQ(o.end_utc - o.start_utc, 30 * kMinute);
    EXPECT_FALSE(o.moved);
  }
}

TEST(Expand, APlanInTheSpringForwardGapStartsAnHourLaterThatNight) {
  const auto v = Between(Plan("FREQ=DAILY", "2026-03-27T02:30", "Europe/Berlin", 60), "2026-03-28T00:00:00Z",
                     "2026-03-31T00:00:00Z");
  ASSERT_EQ(v.size(), 3u);
  EXPECT_EQ(FormatRfc3339(v[0].start_utc), "2026-03-28T01:30:00.000Z");  // 02:30 CET
  EXPECT_EQ(FormatRfc3339(v[1].start_utc), "2026-03-29T01:30:00.000Z");  // 03:30 CEST
  EXPECT_EQ(v[1].key.ToString(), "2026-03-29T02:30");
  EXPECT_EQ(v[1].start.ToString(), "2026-03-29T03:30");
  EXPECT_EQ(FormatRfc3339(v[1].end_utc), "2026-03-29T02:30:00.000Z");
  EXPECT_FALSE(v[1].moved);
  EXPECT_EQ(FormatRfc3339(v[2].start_utc), "2026-03-30T00:30:00.000Z");  // 02:30 CEST
}

TEST(Expand, APlanInTheFallBackOverlapIsTheFirstOfTheTwo) {
  const auto v = Between(Plan("FREQ=DAILY", "2026-10-20T02:30", "Europe/Berlin"), "2026-10-24T00:00:00Z",
                     "2026-10-27T00:00:00Z");
  EXPECT_EQ(Instants(v), (std::vector<std::string>{"2026-10-24T00:30:00.000Z", "2026-10-25T00:30:00.000Z",
                                                   "2026-10-26T01:30:00.000Z"}));
  EXPECT_EQ(v[1].start.ToString(), "2026-10-25T02:30");
}

TEST(Expand, NewYorkWeeklyAcrossBothChanges) {
  const Schedule s = Plan("FREQ=WEEKLY;BYDAY=SA", "2026-02-28T20:00", "America/New_York");
  // 20:00 EST is 01:00Z the next day; the window ends just before the third Saturday.
  EXPECT_EQ(Instants(Between(s, "2026-02-28T00:00:00Z", "2026-03-15T00:00:00Z")),
            (std::vector<std::string>{"2026-03-01T01:00:00.000Z", "2026-03-08T01:00:00.000Z"}));
  // 2026-03-14 is after the change (March 8): 20:00 EDT is 00:00Z.
  EXPECT_EQ(Instants(Between(s, "2026-03-14T00:00:00Z", "2026-03-16T00:00:00Z")),
            (std::vector<std::string>{"2026-03-15T00:00:00.000Z"}));
  EXPECT_EQ(Instants(Between(s, "2026-10-30T00:00:00Z", "2026-11-09T00:00:00Z")),
            (std::vector<std::string>{"2026-11-01T00:00:00.000Z", "2026-11-08T01:00:00.000Z"}));
}

TEST(Expand, SydneyNightlyAcrossTheSouthernChanges) {
  const Schedule s = Plan("FREQ=DAILY", "2026-01-01T21:30", "Australia/Sydney");
  EXPECT_EQ(Instants(Between(s, "2026-04-03T00:00:00Z", "2026-04-06T00:00:00Z")),
            (std::vector<std::string>{"2026-04-03T10:30:00.000Z", "2026-04-04T10:30:00.000Z",
                                      "2026-04-05T11:30:00.000Z"}));
  EXPECT_EQ(Instants(Between(s, "2026-10-02T00:00:00Z", "2026-10-05T00:00:00Z")),
            (std::vector<std::string>{"2026-10-02T11:30:00.000Z", "2026-10-03T11:30:00.000Z",
                                      "2026-10-04T10:30:00.000Z"}));
}

// --- the calendar --------------------------------------------------------------------

TEST(Expand, MonthlyOnThe31stSkipsShorterMonths) {
  const std::vector<std::string> expected = {"2026-01-31T20:00", "2026-03-31T20:00", "2026-05-31T20:00",
                                             "2026-07-31T20:00", "2026-08-31T20:00", "2026-10-31T20:00",
                                             "2026-12-31T20:00"};
  EXPECT_EQ(Keys(Between(Plan("FREQ=MONTHLY;BYMONTHDAY=31", "2026-01-31T20:00", "Europe/Berlin"), "2026-01-01T00:00:00Z",
                     "2027-01-01T00:00:00Z")),
            expected);
  // Without BYMONTHDAY the start's day is the day of the month (RFC 5545: invalid dates
  // are skipped, not moved to the month's end).
  EXPECT_EQ(Keys(Between(Plan("FREQ=MONTHLY", "2026-01-31T20:00", "Europe/Berlin"), "2026-01-01T00:00:00Z",
                     "2027-01-01T00:00:00Z")),
            expected);
  // The last day of each month is -1.
  EXPECT_EQ(Keys(Between(Plan("FREQ=MONTHLY;BYMONTHDAY=-1", "2028-01-31T20:00", "Europe/Berlin"), "2028-01-01T00:00:00Z",
                     "2028-05-01T00:00:00Z")),
            (std::vector<std::string>{"2028-01-31T20:00", "2028-02-29T20:00", "2028-03-31T20:00",
                                      "2028-04-30T20:00"}));
}

TEST(Expand, DailyIncludesTheLeapDay) {
  EXPECT_EQ(Keys(Between(Plan("FREQ=DAILY", "2028-02-27T21:00", "Europe/Berlin"), "2028-02-28T00:00:00Z",
                     "2028-03-02T00:00:00Z")),
            (std::vector<std::string>{"2028-02-28T21:00", "2028-02-29T21:00", "2028-03-01T21:00"}));
}

TEST(Expand, CountEndsTheRule) {
  const auto v = Between(Plan("FREQ=DAILY;COUNT=3", "2026-05-01T19:00", "Europe/Berlin"), "2026-01-01T00:00:00Z",
                     "2030-01-01T00:00:00Z");
  EXPECT_EQ(Keys(v), (std::vector<std::string>{"2026-05-01T19:00", "2026-05-02T19:00", "2026-05-03T19:00"}));
  // COUNT counts from the start, not from the window.
  EXPECT_EQ(Keys(Between(Plan("FREQ=DAILY;COUNT=3", "2026-05-01T19:00", "Europe/Berlin"), "2026-05-02T12:00:00Z",
                     "2030-01-01T00:00:00Z")),
            (std::vector<std::string>{"2026-05-02T19:00", "2026-05-03T19:00"}));
}

TEST(Expand, UntilIsAnInstantAndInclusive) {
  // 21:30 in Berlin in March is 20:30Z: UNTIL at exactly that instant keeps the 5th.
  EXPECT_EQ(Keys(Between(Plan("FREQ=DAILY;UNTIL=20260305T203000Z", "2026-03-03T21:30", "Europe/Berlin"),
                     "2026-01-01T00:00:00Z", "2030-01-01T00:00:00Z")),
            (std::vector<std::string>{"2026-03-03T21:30", "2026-03-04T21:30", "2026-03-05T21:30"}));
  EXPECT_EQ(Keys(Between(Plan("FREQ=DAILY;UNTIL=20260305T202959Z", "2026-03-03T21:30", "Europe/Berlin"),
                     "2026-01-01T00:00:00Z", "2030-01-01T00:00:00Z")),
            (std::vector<std::string>{"2026-03-03T21:30", "2026-03-04T21:30"}));
  // West of Greenwich the UTC date is the next day.
  EXPECT_EQ(Keys(Between(Plan("FREQ=DAILY;UNTIL=20260306T023000Z", "2026-03-03T21:30", "America/New_York"),
                     "2026-01-01T00:00:00Z", "2030-01-01T00:00:00Z")),
            (std::vector<std::string>{"2026-03-03T21:30", "2026-03-04T21:30", "2026-03-05T21:30"}));
}

TEST(Expand, IntervalSkipsPeriods) {
  EXPECT_EQ(Keys(Between(Plan("FREQ=DAILY;INTERVAL=3", "2026-05-01T19:00", "Europe/Berlin"), "2026-05-01T00:00:00Z",
                     "2026-05-11T00:00:00Z")),
            (std::vector<std::string>{"2026-05-01T19:00", "2026-05-04T19:00", "2026-05-07T19:00",
                                      "2026-05-10T19:00"}));
  // Every other week on Sunday and Monday; weeks start on Monday.
  EXPECT_EQ(Keys(Between(Plan("FREQ=WEEKLY;INTERVAL=2;BYDAY=SU,MO", "2026-03-02T19:00", "Europe/Berlin"),
                     "2026-03-01T00:00:00Z", "2026-04-01T00:00:00Z")),
            (std::vector<std::string>{"2026-03-02T19:00", "2026-03-08T19:00", "2026-03-16T19:00",
                                      "2026-03-22T19:00", "2026-03-30T19:00"}));
}

TEST(Expand, WeeklyOnMondayWednesdayFriday) {
  const auto v = Between(Plan("FREQ=WEEKLY;BYDAY=MO,WE,FR", "2026-03-02T19:00", "Europe/Berlin"), "2026-03-01T00:00:00Z",
                     "2026-03-15T00:00:00Z");
  EXPECT_EQ(Keys(v), (std::vector<std::string>{"2026-03-02T19:00", "2026-03-04T19:00", "2026-03-06T19:00",
                                               "2026-03-09T19:00", "2026-03-11T19:00", "2026-03-13T19:00"}));
  // A start on a Tuesday is not itself an occurrence: the rule decides.
  EXPECT_EQ(Keys(Between(Plan("FREQ=WEEKLY;BYDAY=MO,WE,FR;COUNT=2", "2026-03-03T19:00", "Europe/Berlin"),
                     "2026-03-01T00:00:00Z", "2026-03-15T00:00:00Z")),
            (std::vector<std::string>{"2026-03-04T19:00", "2026-03-06T19:00"}));
}

TEST(Expand, OneOffPlan) {
  Schedule s = Plan("", "2026-07-04T18:00", "America/New_York", 90);
  auto v = Between(s, "2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z");
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(FormatRfc3339(v[0].start_utc), "2026-07-04T22:00:00.000Z");
  EXPECT_EQ(FormatRfc3339(v[0].end_utc), "2026-07-04T23:30:00.000Z");
  EXPECT_TRUE(Between(s, "2026-07-04T22:00:01Z", "2027-01-01T00:00:00Z").empty());
  s.overrides.push_back({L("2026-07-04T18:00"), false, L("2026-07-05T10:00"), std::nullopt});
  v = Between(s, "2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z");
  ASSERT_EQ(v.size(), 1u);
  EXPECT_TRUE(v[0].moved);
  EXPECT_EQ(v[0].start.ToString(), "2026-07-05T10:00");
  s.overrides.front().skipped = true;
  EXPECT_TRUE(Between(s, "2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z").empty());
}

TEST(Expand, WindowAndLimit) {
  const Schedule s = Plan("FREQ=DAILY", "2026-05-01T19:00", "Europe/Berlin");
  // [from, to): an occurrence starting exactly at `to` is out, at `from` is in.
  EXPECT_EQ(Keys(Between(s, "2026-05-02T17:00:00Z", "2026-05-04T17:00:00Z")),
            (std::vector<std::string>{"2026-05-02T19:00", "2026-05-03T19:00"}));
  EXPECT_EQ(Between(s, "2026-05-01T00:00:00Z", "2036-05-01T00:00:00Z", 5).size(), 5u);
  EXPECT_EQ(Between(s, "2026-05-01T00:00:00Z", "2036-05-01T00:00:00Z").size(), 500u);
  EXPECT_TRUE(Between(s, "2026-05-01T00:00:00Z", "2036-05-01T00:00:00Z", 0).empty());
  EXPECT_TRUE(Between(s, "2026-05-04T00:00:00Z", "2026-05-01T00:00:00Z").empty());
  EXPECT_TRUE(Between(s, "2020-01-01T00:00:00Z", "2026-05-01T17:00:00Z").empty());
  // Far from the start: still the right ones.
  EXPECT_EQ(Keys(Between(s, "2061-05-01T00:00:00Z", "2061-05-03T00:00:00Z")),
            (std::vector<std::string>{"2061-05-01T19:00", "2061-05-02T19:00"}));
}

TEST(Expand, AWindowYearsAfterTheStartSeesWhatAWalkFromTheStartSees) {
  // Windows far from the start begin libical's walk whole periods later; every window of
  // a month over eight years must hold exactly what one walk from the start finds.
  const std::vector<std::pair<const char*, const char*>> plans = {
      {"FREQ=DAILY;INTERVAL=3", "2026-01-07T21:30"},
      {"FREQ=WEEKLY;INTERVAL=2;BYDAY=SU,WE", "2026-01-07T21:30"},
      {"FREQ=WEEKLY;INTERVAL=3", "2026-01-08T07:15"},
      {"FREQ=WEEKLY;BYDAY=MO,WE,FR", "2026-01-06T19:00"},
      {"FREQ=WEEKLY;INTERVAL=52;BYDAY=SA", "2026-01-06T19:00"},
      {"FREQ=MONTHLY;INTERVAL=5;BYMONTHDAY=31", "2026-01-31T20:00"},
      {"FREQ=MONTHLY", "2026-01-30T20:00"},
      {"FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=-1,15", "2026-02-10T20:00"},
      {"FREQ=DAILY;UNTIL=20310615T000000Z", "2026-01-07T02:30"},
      {"FREQ=WEEKLY;BYDAY=TU;COUNT=300", "2026-01-07T21:30"},
  };
  for (const auto& [rule, start] : plans) {
    Schedule s = Plan(rule, start, "Europe/Berlin");
    const auto first = Between(s, "2025-01-01T00:00:00Z", "2034-01-01T00:00:00Z", 1);
    ASSERT_EQ(first.size(), 1u) << rule;
    s.overrides.push_back({first[0].key, false, L("2033-06-01T12:00"), std::nullopt});  // moved years on
    const auto all = Between(s, "2025-01-01T00:00:00Z", "2034-01-01T00:00:00Z", 100000);
    ASSERT_GE(all.size(), 8u) << rule;
    const auto moved = std::find_if(all.begin(), all.end(), [](const Occurrence& o) { return o.moved; });
    ASSERT_NE(moved, all.end()) << rule;
    EXPECT_EQ(moved->key, first[0].key) << rule;
    EXPECT_EQ(moved->start.ToString(), "2033-06-01T12:00") << rule;
    // A skip in year five, written as a key the walk from the start found.
    s.overrides.push_back({all[all.size() / 2].key, true, std::nullopt, std::nullopt});
    std::vector<Occurrence> pieces;
    for (Millis from = Z("2025-01-01T00:00:00Z"); from < Z("2034-01-01T00:00:00Z"); from += 31 * kDay) {
      auto v = Expand(s, from, std::min(from + 31 * kDay, Z("2034-01-01T00:00:00Z")));
      ASSERT_TRUE(v.ok()) << rule;
      pieces.insert(pieces.end(), v->begin(), v->end());
    }
    std::vector<Occurrence> expected = all;
    expected.erase(expected.begin() + static_cast<std::ptrdiff_t>(all.size() / 2));
    ASSERT_EQ(Keys(pieces), Keys(expected)) << rule;
    EXPECT_EQ(Instants(pieces), Instants(expected)) << rule;
  }
}

// --- overrides -----------------------------------------------------------------------

TEST(Overrides, SkippedIsAbsentAndMovedIsAtItsNewTime) {
  Schedule s = Plan("FREQ=DAILY", "2026-05-01T19:00", "Europe/Berlin", 30);
  s.overrides.push_back({L("2026-05-02T19:00"), true, std::nullopt, std::nullopt});
  s.overrides.push_back({L("2026-05-03T19:00"), false, L("2026-05-03T21:15"), 90});
  s.overrides.push_back({L("2026-05-04T19:00"), false, std::nullopt, 45});  // longer, same time
  const auto v = Between(s, "2026-05-01T00:00:00Z", "2026-05-06T00:00:00Z");
  EXPECT_EQ(Keys(v), (std::vector<std::string>{"2026-05-01T19:00", "2026-05-03T19:00", "2026-05-04T19:00",
                                               "2026-05-05T19:00"}));
  EXPECT_FALSE(v[0].moved);
  EXPECT_TRUE(v[1].moved);
  EXPECT_EQ(v[1].start.ToString(), "2026-05-03T21:15");
  EXPECT_EQ(FormatRfc3339(v[1].start_utc), "2026-05-03T19:15:00.000Z");
  EXPECT_EQ(v[1].end_utc - v[1].start_utc, 90 * kMinute);
  EXPECT_TRUE(v[2].moved);
  EXPECT_EQ(v[2].start, v[2].key);
  EXPECT_EQ(v[2].end_utc - v[2].start_utc, 45 * kMinute);
  EXPECT_EQ(v[3].end_utc - v[3].start_utc, 30 * kMinute);
}

TEST(Overrides, AMovedOccurrenceCountsWhereItNowIs) {
  Schedule s = Plan("FREQ=WEEKLY;BYDAY=MO,WE,FR", "2026-03-02T19:00", "Europe/Berlin");
  // Monday the 9th moved to Saturday the 14th, past Wednesday's and Friday's.
  s.overrides.push_back({L("2026-03-09T19:00"), false, L("2026-03-14T10:00"), std::nullopt});
  auto v = Between(s, "2026-03-09T00:00:00Z", "2026-03-15T00:00:00Z");
  EXPECT_EQ(Keys(v), (std::vector<std::string>{"2026-03-11T19:00", "2026-03-13T19:00", "2026-03-09T19:00"}));
  EXPECT_TRUE(v.back().moved);
  EXPECT_EQ(v.back().start.ToString(), "2026-03-14T10:00");
  // A window holding its old time but not its new one leaves it out...
  EXPECT_TRUE(Between(s, "2026-03-09T00:00:00Z", "2026-03-10T00:00:00Z").empty());
  // ...and one holding only its new time has it, though the rule is far behind.
  s.overrides.push_back({L("2026-03-02T19:00"), false, L("2027-01-01T12:00"), std::nullopt});
  v = Between(s, "2027-01-01T00:00:00Z", "2027-01-01T12:00:00Z");  // before Friday 19:00
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].key.ToString(), "2026-03-02T19:00");
  EXPECT_EQ(v[0].start.ToString(), "2027-01-01T12:00");
  // A move back in time, into a window long before the occurrence.
  s.overrides.push_back({L("2026-12-30T19:00"), false, L("2026-03-01T09:00"), std::nullopt});
  v = Between(s, "2026-03-01T00:00:00Z", "2026-03-02T00:00:00Z");
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].key.ToString(), "2026-12-30T19:00");
}

TEST(Overrides, LimitCountsAfterMoves) {
  Schedule s = Plan("FREQ=DAILY", "2026-05-01T19:00", "Europe/Berlin");
  // The 10th moved before the first: it is the first of the two asked for.
  s.overrides.push_back({L("2026-05-10T19:00"), false, L("2026-05-01T08:00"), std::nullopt});
  s.overrides.push_back({L("2026-05-01T19:00"), true, std::nullopt, std::nullopt});
  const auto v = Between(s, "2026-05-01T00:00:00Z", "2026-06-01T00:00:00Z", 2);
  EXPECT_EQ(Keys(v), (std::vector<std::string>{"2026-05-10T19:00", "2026-05-02T19:00"}));
}

TEST(Overrides, OneForATimeTheRuleDoesNotProduceChangesNothing) {
  Schedule s = Plan("FREQ=DAILY", "2026-05-01T19:00", "Europe/Berlin");
  s.overrides.push_back({L("2026-05-02T18:00"), true, std::nullopt, std::nullopt});
  s.overrides.push_back({L("2026-04-30T19:00"), false, L("2026-05-02T08:00"), std::nullopt});
  EXPECT_EQ(Keys(Between(s, "2026-05-01T00:00:00Z", "2026-05-03T00:00:00Z")),
            (std::vector<std::string>{"2026-05-01T19:00", "2026-05-02T19:00"}));
}

// --- rules ---------------------------------------------------------------------------

TEST(NormalizeRule, RefusesWhatAPlanCannotBe) {
  const std::vector<std::pair<const char*, const char*>> cases = {
      {"FREQ=SECONDLY", "freq"},
      {"FREQ=MINUTELY", "freq"},
      {"FREQ=HOURLY", "freq"},
      {"FREQ=YEARLY", "freq"},
      {"FREQ=FORTNIGHTLY", "freq"},
      {"INTERVAL=2", "freq"},
      {"FREQ=DAILY;INTERVAL=0", "interval"},
      {"FREQ=DAILY;INTERVAL=53", "interval"},
      {"FREQ=DAILY;INTERVAL=-1", "interval"},
      {"FREQ=DAILY;INTERVAL=+2", "interval"},
      {"FREQ=DAILY;INTERVAL=x", "interval"},
      {"FREQ=DAILY;COUNT=3;UNTIL=20261231T235959Z", "count_until"},
      {"FREQ=DAILY;COUNT=0", "count"},
      {"FREQ=DAILY;COUNT=1001", "count"},
      {"FREQ=DAILY;COUNT=+3", "count"},
      {"FREQ=DAILY;COUNT=-3", "count"},
      {"FREQ=DAILY;UNTIL=20261231", "until"},
      {"FREQ=DAILY;UNTIL=20261231T235959", "until"},
      {"FREQ=DAILY;UNTIL=20260230T120000Z", "until"},
      {"FREQ=DAILY;UNTIL=20261231T245959Z", "until"},
      {"garbage", "invalid"},
      {"FREQ", "invalid"},
      {"FREQ=", "invalid"},
      {"=DAILY", "invalid"},
      {"FREQ=DAILY;;;BY DAY=MO", "invalid"},
      {"FREQ=WEEKLY;BYSETPOS=1;BYDAY=MO", "unsupported"},
      {"FREQ=MONTHLY;BYDAY=1MO", "byday"},
      {"FREQ=WEEKLY;BYDAY=1MO", "byday"},
      {"FREQ=WEEKLY;BYDAY=MO,XX", "byday"},
      {"FREQ=WEEKLY;BYDAY=", "invalid"},
      {"FREQ=DAILY;BYDAY=MO", "byday"},
      {"FREQ=WEEKLY;BYMONTHDAY=1", "bymonthday"},
      {"FREQ=MONTHLY;BYMONTHDAY=0", "bymonthday"},
      {"FREQ=MONTHLY;BYMONTHDAY=32", "bymonthday"},
      {"FREQ=MONTHLY;BYMONTHDAY=-32", "bymonthday"},
      {"FREQ=MONTHLY;BYMONTHDAY=1,,2", "bymonthday"},
      {"FREQ=MONTHLY;BYMONTH=2", "unsupported"},
      {"FREQ=DAILY;BYHOUR=9", "unsupported"},
      {"FREQ=DAILY;BYMINUTE=0", "unsupported"},
      {"FREQ=DAILY;BYYEARDAY=1", "unsupported"},
      {"FREQ=WEEKLY;BYWEEKNO=1", "unsupported"},
      {"FREQ=WEEKLY;WKST=SU", "unsupported"},
      {"FREQ=DAILY;RSCALE=HEBREW", "unsupported"},
      {"FREQ=DAILY;X-NAME=1", "unsupported"},
      {"FREQ=DAILY;FREQ=WEEKLY", "repeated"},
      {"FREQ=DAILY;COUNT=2;COUNT=3", "repeated"},
  };
  for (const auto& [rule, code] : cases) {
    auto r = NormalizeRule(rule);
    ASSERT_FALSE(r.ok()) << rule << " gave " << *r;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument) << rule;
    ASSERT_EQ(r.error().fields.size(), 1u) << rule;
    EXPECT_EQ(r.error().fields[0].field, "rrule") << rule;
    EXPECT_EQ(r.error().fields[0].code, code) << rule;
    const std::string& message = r.error().fields[0].message;
    ASSERT_FALSE(message.empty()) << rule;
    EXPECT_TRUE(message.front() >= 'A' && message.front() <= 'Z' && message.back() == '.') << message;
    // Expand refuses the same rules.
    EXPECT_FALSE(Expand(Plan(rule, "2026-01-01T10:00", "Europe/Berlin"), 0, Z("2030-01-01T00:00:00Z")).ok()) << rule;
  }
}

TEST(NormalizeRule, GivesOneCanonicalFormForEquivalentRules) {
  const std::vector<std::pair<std::vector<const char*>, const char*>> cases = {
      {{"FREQ=DAILY", "freq=daily", "RRULE:FREQ=DAILY", " FREQ=DAILY; ", "FREQ=DAILY;INTERVAL=1", "FREQ=DAILY;WKST=MO"},
       "FREQ=DAILY"},
      {{"FREQ=WEEKLY;BYDAY=MO,WE,FR", "BYDAY=FR,MO,WE;FREQ=WEEKLY", "freq=weekly;byday=we,fr,mo,mo;interval=1"},
       "FREQ=WEEKLY;BYDAY=MO,WE,FR"},
      {{"FREQ=WEEKLY;COUNT=10;INTERVAL=2;BYDAY=SU", "INTERVAL=2;FREQ=WEEKLY;BYDAY=SU;COUNT=10",
        "FREQ=WEEKLY;INTERVAL=02;BYDAY=SU;COUNT=010"},
       "FREQ=WEEKLY;INTERVAL=2;BYDAY=SU;COUNT=10"},
      {{"FREQ=MONTHLY;BYMONTHDAY=15,1,-1", "FREQ=MONTHLY;BYMONTHDAY=+1,15,-1,1"}, "FREQ=MONTHLY;BYMONTHDAY=-1,1,15"},
      {{"FREQ=DAILY;UNTIL=20261231T235959Z", "until=20261231t235959z;freq=daily"},
       "FREQ=DAILY;UNTIL=20261231T235959Z"},
  };
  for (const auto& [inputs, canonical] : cases)
    for (const char* input : inputs) {
      auto r = NormalizeRule(input);
      ASSERT_TRUE(r.ok()) << input << ": " << r.error().fields.at(0).message;
      EXPECT_EQ(*r, canonical) << input;
      EXPECT_EQ(*NormalizeRule(*r), *r);  // canonical is a fixed point
    }
  EXPECT_EQ(*NormalizeRule(""), "");
  EXPECT_EQ(*NormalizeRule("  "), "");
}

// --- threads -------------------------------------------------------------------------

TEST(Expand, GivesTheSameAnswersFromManyThreads) {
  const std::vector<std::string> zones = {"Europe/Berlin", "America/New_York", "Australia/Sydney",
                                          "Pacific/Kiritimati", "Pacific/Pago_Pago", "Asia/Kathmandu",
                                          "America/St_Johns", "Africa/Casablanca"};
  auto answer = [](const std::string& zone) {
    auto v = Expand(Plan("FREQ=WEEKLY;BYDAY=MO,TH", "2026-01-05T21:30", zone), Z("2026-01-01T00:00:00Z"),
                    Z("2029-01-01T00:00:00Z"));
    return v.ok() ? Instants(*v) : std::vector<std::string>{};
  };
  std::vector<std::vector<std::string>> expected;
  for (const auto& z : zones) expected.push_back(answer(z));
  std::vector<std::thread> threads;
  std::atomic<int> wrong = 0;
  for (std::size_t i = 0; i < 8; ++i)
    threads.emplace_back([&, i] {
      for (int round = 0; round < 20; ++round) {
        const std::size_t z = (i + static_cast<std::size_t>(round)) % zones.size();
        if (answer(zones[z]) != expected[z]) ++wrong;
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(wrong, 0);
  for (const auto& e : expected) EXPECT_GT(e.size(), 300u);
}

}  // namespace
}  // namespace rk::together
