#include "features/together/together.hpp"

#include <gtest/gtest.h>

namespace rk::together {
namespace {

// 2026-11-16 is a Monday.
const std::int64_t kMonday = Date{2026, 11, 16}.DayNumber();

std::vector<Evening> Nightly(std::int64_t from, int nights, int met_first) {
  std::vector<Evening> out;
  for (int i = 0; i < nights; ++i) out.push_back({from + i, i < met_first});
  return out;
}

TEST(Together, OnlyTheOtherPartnerAnswersAndOnlyTheProposerWithdraws) {
  EXPECT_TRUE(MayAnswer("ana", "leo", Answer::kAccept));
  EXPECT_TRUE(MayAnswer("ana", "leo", Answer::kDecline));
  EXPECT_FALSE(MayAnswer("ana", "ana", Answer::kAccept));
  EXPECT_FALSE(MayAnswer("ana", "ana", Answer::kDecline));
  EXPECT_TRUE(MayAnswer("ana", "ana", Answer::kWithdraw));
  EXPECT_FALSE(MayAnswer("ana", "leo", Answer::kWithdraw));
}

TEST(Together, AnEveningIsMetByTheTimerOrEitherPartnersYes) {
  EXPECT_TRUE(Met(true, false));
  EXPECT_TRUE(Met(false, true));
  EXPECT_FALSE(Met(false, false));
}

TEST(Together, FiveOfSevenIsAGoodWeekAndFourIsNot) {
  auto evenings = Nightly(kMonday - 14, 7, 5);           // two weeks ago: 5 of 7
  auto more = Nightly(kMonday - 7, 7, 4);                // last week: 4 of 7
  evenings.insert(evenings.end(), more.begin(), more.end());
  const Streak s = ComputeStreak(evenings, 5, kMonday + 2, 3);
  ASSERT_EQ(s.weeks.size(), 3u);
  EXPECT_EQ(s.weeks[0].monday, kMonday - 14);
  EXPECT_TRUE(s.weeks[0].good);
  EXPECT_EQ(s.weeks[0].met, 5);
  EXPECT_EQ(s.weeks[0].goal, 5);
  EXPECT_FALSE(s.weeks[1].good);
  EXPECT_EQ(s.weeks[1].days, (std::vector<int>{2, 2, 2, 2, 1, 1, 1}));
  EXPECT_EQ(s.good_total, 1);
  EXPECT_EQ(s.good_in_a_row, 0);  // last week broke the run; this week (nothing planned) does not count
}

TEST(Together, AWeekWithFewerEveningsPlannedAsksForFewer) {
  // Three evenings a week (Mon, Wed, Fri), all met, with the default goal of 5.
  std::vector<Evening> e{{kMonday - 7, true}, {kMonday - 5, true}, {kMonday - 3, true}};
  const Streak s = ComputeStreak(e, kDefaultPerWeek, kMonday, 2);
  EXPECT_EQ(s.weeks[0].goal, 3);
  EXPECT_TRUE(s.weeks[0].good);
  EXPECT_EQ(s.weeks[0].days, (std::vector<int>{2, 0, 2, 0, 2, 0, 0}));
}

TEST(Together, TheCurrentWeekAddsWhenGoodAndNeverBreaksTheRun) {
  auto e = Nightly(kMonday - 21, 21, 21);  // three good weeks
  auto now = Nightly(kMonday, 3, 1);       // this week so far: 1 of 3 (the rest are still to come)
  e.insert(e.end(), now.begin(), now.end());
  Streak s = ComputeStreak(e, 5, kMonday + 2, 4);
  EXPECT_EQ(s.good_in_a_row, 3);
  EXPECT_EQ(s.good_total, 3);
  // Once this week is met, it adds.
  for (auto& x : e) x.met = true;
  s = ComputeStreak(e, 3, kMonday + 2, 4);
  EXPECT_EQ(s.good_in_a_row, 4);
}

TEST(Together, AWeekWithNothingPlannedNeitherCountsNorBreaks) {
  auto e = Nightly(kMonday - 28, 7, 7);
  auto later = Nightly(kMonday - 14, 7, 7);  // the week between had everything skipped
  e.insert(e.end(), later.begin(), later.end());
  auto last = Nightly(kMonday - 7, 7, 6);
  e.insert(e.end(), last.begin(), last.end());
  const Streak s = ComputeStreak(e, 5, kMonday, 5);
  EXPECT_EQ(s.weeks[1].planned, 0);
  EXPECT_FALSE(s.weeks[1].good);
  EXPECT_EQ(s.good_in_a_row, 3);
  EXPECT_EQ(s.good_total, 3);
}

TEST(Together, EveningsOutsideTheWindowAreIgnored) {
  const Streak s = ComputeStreak({{kMonday - 100, true}, {kMonday + 7, true}}, 1, kMonday, 2);
  EXPECT_EQ(s.good_total, 0);
  EXPECT_EQ(s.weeks.size(), 2u);
  EXPECT_TRUE(ComputeStreak({}, 5, kMonday, 0).weeks.empty());
}

}  // namespace
}  // namespace rk::together
