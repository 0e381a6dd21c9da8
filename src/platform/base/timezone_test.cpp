#include "platform/base/timezone.hpp"

#include <gtest/gtest.h>

#include "platform/base/files.hpp"

namespace rk {
namespace {

Millis At(const char* rfc3339) { return *ParseRfc3339(rfc3339); }

TEST(TimeZone, OffsetsFollowDaylightSavingTime) {
  auto berlin = TimeZone::Load("Europe/Berlin");
  ASSERT_TRUE(berlin.ok()) << berlin.error().message;
  EXPECT_EQ((*berlin)->OffsetAt(At("2026-01-15T12:00:00Z")), 3600);
  EXPECT_EQ((*berlin)->OffsetAt(At("2026-07-15T12:00:00Z")), 7200);
  // Summer time began on 2026-03-29 at 01:00 UTC.
  EXPECT_EQ((*berlin)->OffsetAt(At("2026-03-29T00:59:59Z")), 3600);
  EXPECT_EQ((*berlin)->OffsetAt(At("2026-03-29T01:00:00Z")), 7200);
  auto ny = TimeZone::Load("America/New_York");
  EXPECT_EQ((*ny)->OffsetAt(At("2026-11-21T05:00:00Z")), -5 * 3600);
  auto kolkata = TimeZone::Load("Asia/Kolkata");
  EXPECT_EQ((*kolkata)->OffsetAt(At("2026-11-21T05:00:00Z")), 5 * 3600 + 1800);
  auto utc = TimeZone::Load("UTC");
  EXPECT_EQ((*utc)->OffsetAt(At("2026-11-21T05:00:00Z")), 0);
  EXPECT_FALSE(TimeZone::Load("Mars/Olympus").ok());
}

TEST(TimeZone, LocalDatesCrossMidnightDifferentlyPerZone) {
  struct Case {
    const char* instant;
    const char* zone;
    const char* date;
  } cases[] = {
      {"2026-11-21T05:00:00Z", "UTC", "2026-11-21"},
      {"2026-11-21T05:00:00Z", "America/Los_Angeles", "2026-11-20"},
      {"2026-11-21T05:00:00Z", "Asia/Tokyo", "2026-11-21"},
      {"2026-11-21T16:00:00Z", "Asia/Tokyo", "2026-11-22"},
      {"2026-12-31T23:30:00Z", "Europe/Berlin", "2027-01-01"},
      {"2026-12-31T23:30:00Z", "America/Sao_Paulo", "2026-12-31"},
      {"2024-02-29T12:00:00Z", "Pacific/Kiritimati", "2024-03-01"},
  };
  for (const Case& c : cases) {
    auto z = TimeZone::Load(c.zone);
    ASSERT_TRUE(z.ok()) << c.zone;
    EXPECT_EQ(LocalDate(At(c.instant), **z).ToString(), c.date) << c.instant << " " << c.zone;
  }
}

TEST(Date, ParsesOnlyRealDatesAndRoundTrips) {
  EXPECT_EQ(Date::Parse("2024-02-29")->ToString(), "2024-02-29");
  for (const char* bad : {"2023-02-29", "2026-13-01", "2026-1-01", "2026/01/01", "", "abcd-ef-gh", "2026-01-32"})
    EXPECT_FALSE(Date::Parse(bad).has_value()) << bad;
  for (std::int64_t d : {0, 1, 365, 20000, 24000}) EXPECT_EQ(Date::FromDayNumber(d).DayNumber(), d);
  EXPECT_EQ(Date::Parse("1970-01-02")->DayNumber(), 1);
}

TEST(TimeZone, RejectsGarbage) {
  EXPECT_FALSE(TimeZone::Parse("").ok());
  EXPECT_FALSE(TimeZone::Parse("TZif2").ok());
  EXPECT_FALSE(TimeZone::Parse(std::string(100, 'x')).ok());
}

// Found by the tzif fuzz target (tests/fuzz/corpus/tzif/regression-negative-count): a
// count read as negative made the size check wrap around, and the reader ran past the end.
TEST(TimeZone, RejectsCountsThatDoNotFit) {
  std::string utc = *ReadFile("/usr/share/zoneinfo/UTC");
  ASSERT_TRUE(TimeZone::Parse(utc).ok());
  const std::size_t second = 44 + 6 + 4;  // after UTC's version 1 block: one type, four characters
  ASSERT_EQ(utc.substr(second, 4), "TZif");
  for (std::size_t field : {20, 24, 28, 40}) {  // isutcnt, isstdcnt, leapcnt, charcnt
    std::string bad = utc;
    bad.replace(second + field, 4, "\xff\xff\xff\xf0");
    EXPECT_FALSE(TimeZone::Parse(bad).ok()) << field;
  }
}

TEST(Date, MondayOfEveryDayOfTheWeek) {
  const std::int64_t monday = Date{2026, 11, 16}.DayNumber();
  for (int i = 0; i < 7; ++i) EXPECT_EQ(MondayOf(monday + i), monday) << i;
  EXPECT_EQ(MondayOf(monday - 1), monday - 7);
  EXPECT_EQ(MondayOf(0), (Date{1969, 12, 29}.DayNumber()));
  EXPECT_EQ(MondayOf((Date{2028, 2, 29}.DayNumber())), (Date{2028, 2, 28}.DayNumber()));
}

}  // namespace
}  // namespace rk
