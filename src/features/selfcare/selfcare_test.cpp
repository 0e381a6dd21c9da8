#include "features/selfcare/selfcare.hpp"

#include <gtest/gtest.h>

namespace rk::selfcare {
namespace {

TEST(Kinds, TheFiveAndOwn) {
  for (auto k : {"exercise", "meditation", "journaling", "friends", "rest", "own"}) EXPECT_TRUE(IsKind(k)) << k;
  for (auto k : {"", "Exercise", "sleep", "own "}) EXPECT_FALSE(IsKind(k)) << k;
}

TEST(LogWindow, AYearBackUpToToday) {
  const DayWindow w = LogWindow(20000);
  EXPECT_TRUE(w.Contains(20000));
  EXPECT_FALSE(w.Contains(20001));  // tomorrow
  EXPECT_TRUE(w.Contains(20000 - 365));
  EXPECT_FALSE(w.Contains(20000 - 366));
}

TEST(Excerpt, ShortTextIsAsItIsWithSpacesTidied) {
  EXPECT_EQ(Excerpt("A quiet day."), "A quiet day.");
  EXPECT_EQ(Excerpt("  First line\n\n second\tline  \n"), "First line second line");
  EXPECT_EQ(Excerpt(""), "");
  EXPECT_EQ(Excerpt("   \n "), "");
}

TEST(Excerpt, CutsOnCodePointsAndSaysSo) {
  EXPECT_EQ(Excerpt("abcdef", 3), "abc…");
  EXPECT_EQ(Excerpt("abc   ", 3), "abc");  // only white space was left
  EXPECT_EQ(Excerpt("ñañaña", 4), "ñaña…");
  EXPECT_EQ(Excerpt("🌙🌙🌙", 2), "🌙🌙…");
  EXPECT_EQ(Excerpt("ab cd", 3), "ab…");  // the space would be the third
}

TEST(Query, FoldedAndTrimmed) {
  EXPECT_EQ(PrepareQuery("  Café "), "cafe");
  EXPECT_EQ(PrepareQuery("RÍO grande"), "rio grande");
  EXPECT_FALSE(PrepareQuery("   ").has_value());
  EXPECT_FALSE(PrepareQuery("\xCC\x81").has_value());  // a lone combining accent
  EXPECT_FALSE(PrepareQuery("").has_value());
}

TEST(Match, IgnoresCaseAndAccentsBothWays) {
  EXPECT_TRUE(MatchSnippet("Fuimos al café del río", *PrepareQuery("CAFE")));
  EXPECT_TRUE(MatchSnippet("We walked by the river", *PrepareQuery("Rívér")));
  EXPECT_FALSE(MatchSnippet("We walked by the river", *PrepareQuery("sea")));
  EXPECT_FALSE(MatchSnippet("anything", ""));
}

TEST(Match, TheSnippetShowsTheMatchInContext) {
  std::string long_text(400, 'x');
  long_text += " the lantern by the door ";
  long_text += std::string(400, 'y');
  const auto s = MatchSnippet(long_text, *PrepareQuery("lantern"), 80);
  ASSERT_TRUE(s.has_value());
  EXPECT_NE(s->find("lantern by the door"), std::string::npos) << *s;
  EXPECT_TRUE(s->starts_with("…")) << *s;
  EXPECT_TRUE(s->ends_with("…")) << *s;
  EXPECT_EQ(MatchSnippet("short river", *PrepareQuery("river")), "short river");
}

TEST(Match, ASnippetNeverCutsACodePoint) {
  std::string text;
  for (int i = 0; i < 100; ++i) text += "é🌙";
  text += "needle";
  const auto s = MatchSnippet(text, "needle", 30);
  ASSERT_TRUE(s.has_value());
  EXPECT_TRUE(CodePoints(*s).has_value()) << "valid UTF-8";
  EXPECT_TRUE(s->ends_with("needle"));
}

}  // namespace
}  // namespace rk::selfcare
