#include "features/booking/booking.hpp"

#include <gtest/gtest.h>

namespace rk::booking {
namespace {

std::shared_ptr<const TimeZone> Zone(const char* name) {
  auto z = TimeZone::Load(name);
  EXPECT_TRUE(z.ok()) << name;
  return *z;
}

Millis At(const char* date, int hour, int minute = 0) {
  return Date::Parse(date)->DayNumber() * kDay + hour * kHour + minute * kMinute;
}

std::vector<std::string> Local(const std::vector<Millis>& slots, const TimeZone& zone) {
  std::vector<std::string> out;
  for (Millis s : slots) out.push_back(LocalText(s, zone));
  return out;
}

TEST(Step, SessionAndBreakRoundUpToTheQuarterHour) {
  EXPECT_EQ(StepMinutes(50), 60);
  EXPECT_EQ(StepMinutes(45), 60);
  EXPECT_EQ(StepMinutes(60), 75);
  EXPECT_EQ(StepMinutes(80), 90);
}

TEST(ToUtc, SkippedAndRepeatedWallTimes) {
  auto ny = Zone("America/New_York");
  const std::int64_t spring = Date::Parse("2026-03-08")->DayNumber();  // 02:00 -> 03:00
  EXPECT_FALSE(ToUtc(*ny, spring, 2 * 60 + 30));
  EXPECT_EQ(*ToUtc(*ny, spring, 1 * 60 + 30), At("2026-03-08", 6, 30));  // EST, UTC-5
  EXPECT_EQ(*ToUtc(*ny, spring, 3 * 60 + 30), At("2026-03-08", 7, 30));  // EDT, UTC-4
  const std::int64_t autumn = Date::Parse("2026-11-01")->DayNumber();  // 02:00 -> 01:00
  EXPECT_EQ(*ToUtc(*ny, autumn, 1 * 60 + 30), At("2026-11-01", 5, 30));  // the first 01:30 (EDT)
  auto utc = Zone("UTC");
  EXPECT_EQ(*ToUtc(*utc, autumn, 0), At("2026-11-01", 0));
}

TEST(Slots, EveryStepWhileTheSessionFitsInTheWindow) {
  auto berlin = Zone("Europe/Berlin");
  Availability a{{{1, 9 * 60, 12 * 60 + 30}}, {}, 50};  // Mondays 09:00-12:30
  const Millis monday = At("2026-11-23", 0);             // a Monday
  auto slots = Slots(a, *berlin, monday - kDay, monday + 2 * kDay, monday - 7 * kDay, {});
  EXPECT_EQ(Local(slots, *berlin),
            (std::vector<std::string>{"2026-11-23T09:00", "2026-11-23T10:00", "2026-11-23T11:00"}));
  EXPECT_EQ(slots[0], At("2026-11-23", 8));  // CET, UTC+1
}

TEST(Slots, LocalHoursStayLocalAcrossDaylightSaving) {
  auto la = Zone("America/Los_Angeles");
  Availability a{{{1, 9 * 60, 10 * 60}}, {}, 50};
  const Millis before = At("2026-03-02", 20);  // a Monday before the change, after 09:00 PST
  auto slots = Slots(a, *la, before, before + 14 * kDay, before - kDay, {});
  ASSERT_EQ(slots.size(), 2u);
  EXPECT_EQ(Local(slots, *la), (std::vector<std::string>{"2026-03-09T09:00", "2026-03-16T09:00"}));
  EXPECT_EQ(slots[0], At("2026-03-09", 16));  // PDT, UTC-7 (changed on the 8th)
  EXPECT_EQ(slots[1], At("2026-03-16", 16));
}

TEST(Slots, ATherapistAndACoupleInDifferentZonesSeeTheSameInstant) {
  auto tokyo = Zone("Asia/Tokyo");
  auto madrid = Zone("Europe/Madrid");
  Availability a{{{2, 8 * 60, 9 * 60}}, {}, 50};  // Tuesdays 08:00 in Tokyo
  const Millis from = At("2026-11-23", 0);
  auto slots = Slots(a, *tokyo, from, from + 7 * kDay, from - kDay, {});
  ASSERT_EQ(slots.size(), 1u);
  EXPECT_EQ(LocalText(slots[0], *tokyo), "2026-11-24T08:00");
  EXPECT_EQ(LocalText(slots[0], *madrid), "2026-11-24T00:00");  // Monday midnight in Madrid
}

TEST(Slots, DaysOffBusyTimesAndShortNoticeAreLeftOut) {
  auto utc = Zone("UTC");
  Availability a{{{1, 9 * 60, 12 * 60}, {2, 9 * 60, 12 * 60}}, {"2026-11-24"}, 50};  // Tuesday off
  const Millis monday = At("2026-11-23", 0);
  std::vector<Busy> busy{{At("2026-11-23", 10, 30), At("2026-11-23", 11, 20)}};  // overlaps 10:00 and 11:00
  auto slots = Slots(a, *utc, monday, monday + 2 * kDay, monday - kDay, busy);
  EXPECT_EQ(Local(slots, *utc), (std::vector<std::string>{"2026-11-23T09:00"}));
  // Not within kNotice of now.
  auto soon = Slots(a, *utc, monday, monday + 2 * kDay, At("2026-11-22", 22), {});
  EXPECT_EQ(Local(soon, *utc), (std::vector<std::string>{"2026-11-23T10:00", "2026-11-23T11:00"}));
  EXPECT_TRUE(IsSlot(a, *utc, At("2026-11-23", 9), monday - kDay, busy));
  EXPECT_FALSE(IsSlot(a, *utc, At("2026-11-23", 10), monday - kDay, busy));
  EXPECT_FALSE(IsSlot(a, *utc, At("2026-11-23", 9, 15), monday - kDay, busy));  // off the grid
  EXPECT_FALSE(IsSlot(a, *utc, At("2026-11-24", 9), monday - kDay, busy));      // a day off
}

TEST(Slots, ABookedSessionKeepsItsBreakAndASessionEndsInsideItsWindowInRealTime) {
  auto utc = Zone("UTC");
  Availability a{{{1, 9 * 60, 12 * 60}}, {}, 50};
  const Millis monday = At("2026-11-23", 0);
  // Booked when sessions were longer: 09:15-10:05, then its break to 10:15.
  std::vector<Busy> busy{{At("2026-11-23", 9, 15), At("2026-11-23", 10, 5)}};
  EXPECT_EQ(Local(Slots(a, *utc, monday, monday + kDay, monday - kDay, busy), *utc),
            (std::vector<std::string>{"2026-11-23T11:00"}));
  // New York, the night clocks go forward: a window of 01:30-03:00 on the wall is half an
  // hour long, too short for a 50-minute session.
  auto ny = Zone("America/New_York");
  Availability night{{{7, 90, 180}}, {}, 50};  // Sundays
  const Millis sunday = At("2026-03-08", 0);
  EXPECT_TRUE(Slots(night, *ny, sunday, sunday + kDay, sunday - 2 * kDay, {}).empty());
  // A week later the same window holds one.
  EXPECT_EQ(Slots(night, *ny, sunday + 7 * kDay, sunday + 8 * kDay, sunday, {}).size(), 1u);
}

TEST(Windows, CancelAndMoveUntilTheTherapistsHours) {
  const Millis start = At("2026-11-30", 10);
  EXPECT_TRUE(InWindow(start, 24, start - 24 * kHour));
  EXPECT_FALSE(InWindow(start, 24, start - 24 * kHour + 1));
  EXPECT_TRUE(InWindow(start, 0, start));
}

}  // namespace
}  // namespace rk::booking
