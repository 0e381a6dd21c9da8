#include "platform/base/time.hpp"

#include <gtest/gtest.h>

namespace rk {
namespace {

TEST(Time, FormatsUtcWithMilliseconds) {
  EXPECT_EQ(FormatRfc3339(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(FormatRfc3339(1795237354123), "2026-11-21T05:02:34.123Z");
  EXPECT_EQ(FormatRfc3339(951782400000), "2000-02-29T00:00:00.000Z");
}

TEST(Time, ParsesWhatItFormatsAndOffsets) {
  for (Millis t : {Millis{0}, Millis{1795237354123}, Millis{951782400000}, Millis{4102444799999}}) {
    auto back = ParseRfc3339(FormatRfc3339(t));
    ASSERT_TRUE(back.has_value()) << t;
    EXPECT_EQ(*back, t);
  }
  EXPECT_EQ(ParseRfc3339("2026-11-21T06:02:34+01:00"), ParseRfc3339("2026-11-21T05:02:34Z"));
  EXPECT_EQ(ParseRfc3339("2026-11-21T05:02:34.5Z"), Millis{1795237354500});
}

TEST(Time, RejectsMalformed) {
  for (const char* s : {"", "2026-11-21", "2026-11-21T05:02:34", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z",
                        "2026-11-21T24:00:00Z", "2026-11-21T05:02:34.Z", "2026-11-21T05:02:34Zjunk",
                        "2026-11-21T05:02:34+1:00", "abcd-11-21T05:02:34Z"}) {
    EXPECT_FALSE(ParseRfc3339(s).has_value()) << s;
  }
}

TEST(Time, KnowsTimeZones) {
  EXPECT_TRUE(IsKnownTimeZone("UTC"));
  EXPECT_TRUE(IsKnownTimeZone("Europe/Berlin"));
  EXPECT_TRUE(IsKnownTimeZone("America/Argentina/Buenos_Aires"));
  EXPECT_TRUE(IsKnownTimeZone("Asia/Calcutta")) << "a link (old name) is a zone too";
  for (const char* s : {"", "Mars/Olympus", "../etc/passwd", "/etc/passwd", "Europe/../../etc/passwd", "Europe/Berlin\n",
                        "leapseconds", "zone.tab", "tzdata.zi", "iso3166.tab", "posixrules"})
    EXPECT_FALSE(IsKnownTimeZone(s)) << s;
}

}  // namespace
}  // namespace rk
