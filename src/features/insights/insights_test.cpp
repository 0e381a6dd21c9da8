#include "features/insights/insights.hpp"

#include <gtest/gtest.h>

#include "platform/base/timezone.hpp"

namespace rk::insights {
namespace {

const std::int64_t kMonday = Date{2026, 11, 16}.DayNumber();

TEST(Summarise, WeeksRunMondayToSundayOldestFirstEndingWithToday) {
  const auto weeks = Summarise({}, {}, {}, kMonday + 3, 4);
  ASSERT_EQ(weeks.size(), 4u);
  EXPECT_EQ(weeks.front().monday, kMonday - 21);
  EXPECT_EQ(weeks.back().monday, kMonday);
  for (const auto& w : weeks) {
    EXPECT_EQ(w.selfcare_minutes, 0);
    EXPECT_FALSE(w.mood);  // no entries: no mood, not a mood of zero
    EXPECT_FALSE(w.closeness);
    EXPECT_FALSE(w.check);
  }
}

TEST(Summarise, MoodAndEnergyAreMeansPerEntryAndMinutesAdd) {
  // Sunday of last week and Monday of this one fall in different weeks.
  std::vector<LoggedDay> log{{kMonday - 1, 2, 50, 14, 8}, {kMonday - 7, 1, 30, 5, 3}, {kMonday, 1, 20, 9, 9}};
  const auto weeks = Summarise(log, {}, {}, kMonday, 2);
  EXPECT_EQ(weeks[0].selfcare_entries, 3);
  EXPECT_EQ(weeks[0].selfcare_minutes, 80);
  EXPECT_DOUBLE_EQ(*weeks[0].mood, 19.0 / 3);
  EXPECT_DOUBLE_EQ(*weeks[0].energy, 11.0 / 3);
  EXPECT_EQ(weeks[1].selfcare_minutes, 20);
  EXPECT_DOUBLE_EQ(*weeks[1].mood, 9);
}

TEST(Summarise, DaysOutsideTheWeeksAreLeftOut) {
  std::vector<LoggedDay> log{{kMonday - 8, 1, 600, 1, 1}, {kMonday + 7, 1, 600, 1, 1}};
  std::vector<EveningDay> evenings{{kMonday - 8, true, 3}, {kMonday + 7, true, 3}};
  const auto weeks = Summarise(log, evenings, {}, kMonday, 1);
  EXPECT_EQ(weeks[0].selfcare_minutes, 0);
  EXPECT_EQ(weeks[0].evenings, 0);
}

TEST(Summarise, EveningsCountMetAndAverageOnlyTheClosenessGiven) {
  std::vector<EveningDay> evenings{{kMonday, true, 8}, {kMonday + 1, true, std::nullopt}, {kMonday + 2, false, std::nullopt},
                                   {kMonday + 3, true, 5}};
  const auto weeks = Summarise({}, evenings, {}, kMonday + 6, 1);
  EXPECT_EQ(weeks[0].evenings, 4);
  EXPECT_EQ(weeks[0].evenings_met, 3);
  EXPECT_DOUBLE_EQ(*weeks[0].closeness, 6.5);
}

TEST(Summarise, AWeekShowsItsLastCheck) {
  std::vector<CheckDay> checks{{kMonday + 4, {{"intimacy", 7}}}, {kMonday + 1, {{"intimacy", 5}}}};
  const auto weeks = Summarise({}, {}, checks, kMonday + 6, 1);
  ASSERT_TRUE(weeks[0].check);
  EXPECT_EQ(weeks[0].check->day, kMonday + 4);
  EXPECT_DOUBLE_EQ(weeks[0].check->scores.at("intimacy"), 7);
}

TEST(Median, OddEvenAndUnsorted) {
  EXPECT_DOUBLE_EQ(Median({3, 1, 2}), 2);
  EXPECT_DOUBLE_EQ(Median({4, 1, 3, 2}), 2.5);
  EXPECT_DOUBLE_EQ(Median({5}), 5);
}

// Weeks with given self-care minutes and mood (one entry each).
std::vector<WeekSummary> Weeks(std::vector<std::pair<int, double>> minutes_mood) {
  std::vector<WeekSummary> out;
  for (auto [m, mood] : minutes_mood) {
    WeekSummary w;
    w.selfcare_entries = 1;
    w.selfcare_minutes = m;
    w.mood = mood;
    w.energy = 5;
    out.push_back(w);
  }
  return out;
}

TEST(Compare, SplitsJustAboveTheMedianAndComparesMeans) {
  const auto c = Compare(Weeks({{30, 4}, {60, 5}, {120, 8}, {150, 7}}), Measure::kSelfcareMinutes, Outcome::kMood);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->threshold, 91);  // median 90: "more" is over it
  EXPECT_EQ(c->more.weeks, 2);
  EXPECT_DOUBLE_EQ(c->more.mean, 7.5);
  EXPECT_EQ(c->other.weeks, 2);
  EXPECT_DOUBLE_EQ(c->other.mean, 4.5);
  EXPECT_FALSE(c->similar);
}

TEST(Compare, TiesAtTheTopSplitAtTheMedianInstead) {
  // Median 100 with three weeks on it: over it is nobody, at it or over is three.
  const auto c = Compare(Weeks({{100, 6}, {100, 6}, {100, 7}, {20, 5}, {10, 4}}), Measure::kSelfcareMinutes, Outcome::kMood);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->threshold, 100);
  EXPECT_EQ(c->more.weeks, 3);
  EXPECT_EQ(c->other.weeks, 2);
}

TEST(Compare, TooFewWeeksOrNoSpreadSaysNothing) {
  EXPECT_FALSE(Compare(Weeks({{30, 4}, {60, 5}, {120, 8}}), Measure::kSelfcareMinutes, Outcome::kMood));
  EXPECT_FALSE(Compare(Weeks({{60, 4}, {60, 5}, {60, 8}, {60, 2}}), Measure::kSelfcareMinutes, Outcome::kMood));
  EXPECT_FALSE(Compare({}, Measure::kEveningsMet, Outcome::kMood));
}

TEST(Compare, WeeksWithoutAnOutcomeAreLeftOutNotCountedAsZero) {
  auto weeks = Weeks({{30, 4}, {60, 5}, {120, 8}, {150, 7}});
  weeks.push_back(WeekSummary{});  // a week with nothing logged: no mood at all
  weeks.push_back(WeekSummary{});
  const auto c = Compare(weeks, Measure::kSelfcareMinutes, Outcome::kMood);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->more.weeks + c->other.weeks, 4);
  EXPECT_DOUBLE_EQ(c->other.mean, 4.5);
}

TEST(Compare, SmallDifferencesAreAboutTheSame) {
  const auto c = Compare(Weeks({{30, 6}, {60, 6.2}, {120, 6.4}, {150, 6.5}}), Measure::kSelfcareMinutes, Outcome::kMood);
  ASSERT_TRUE(c);
  EXPECT_TRUE(c->similar);
}

TEST(Compare, MeansAreRoundedToOneDecimalBeforeTheyAreCalledSimilar) {
  // 6.45 and 5.95 read as 6.5 and 6.0 (apart by half a point): not "about the same".
  const auto c = Compare(Weeks({{30, 5.9}, {60, 6.0}, {120, 6.4}, {150, 6.5}}), Measure::kSelfcareMinutes, Outcome::kMood);
  ASSERT_TRUE(c);
  EXPECT_DOUBLE_EQ(c->more.mean, 6.5);
  EXPECT_DOUBLE_EQ(c->other.mean, 6.0);
  EXPECT_FALSE(c->similar);
}

TEST(Compare, EveningsMetCountOnlyWeeksWithEveningsPlanned) {
  std::vector<WeekSummary> weeks(6);
  const int met[] = {0, 1, 3, 4, 0, 0};
  const int planned[] = {2, 2, 5, 5, 0, 0};  // the last two planned nothing
  const double mood[] = {4, 5, 7, 8, 1, 1};
  for (int i = 0; i < 6; ++i) {
    weeks[i].evenings = planned[i];
    weeks[i].evenings_met = met[i];
    weeks[i].selfcare_entries = 1;
    weeks[i].mood = mood[i];
  }
  const auto c = Compare(weeks, Measure::kEveningsMet, Outcome::kMood);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->threshold, 3);  // median 2 of 0, 1, 3, 4
  EXPECT_DOUBLE_EQ(c->more.mean, 7.5);
  EXPECT_DOUBLE_EQ(c->other.mean, 4.5);
}

TEST(Comparisons, OnlyThoseTheWeeksAllow) {
  auto weeks = Weeks({{30, 4}, {60, 5}, {120, 8}, {150, 7}});
  const auto all = Comparisons(weeks);
  ASSERT_EQ(all.size(), 2u);  // mood and energy; no evenings, no closeness
  EXPECT_EQ(all[0].outcome, Outcome::kMood);
  EXPECT_EQ(all[1].outcome, Outcome::kEnergy);
  EXPECT_TRUE(all[1].similar);  // energy 5 every week
}

}  // namespace
}  // namespace rk::insights
