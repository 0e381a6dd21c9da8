#include "features/daily/daily.hpp"

#include <gtest/gtest.h>

#include <deque>
#include <random>

#include "platform/content/testing.hpp"

namespace rk::daily {
namespace {

const Content& Shipped() { return content::testing::Shipped<Content>(LoadContent, "content/daily"); }

TEST(Content, BrokenFilesNameTheFileAndField) {
  content::testing::ExpectErrorsNameFileAndField<Content>({
      {ParseQuestions, R"({"languages":["en"],"themes":{"fun":{"en":"Fun"}},"questions":[{"id":"q1","theme":"nope","depth":1,"text":{"en":"x"}}]})", "q.json: questions[0].theme: names no theme"},
      {ParseQuestions, R"({"languages":["en"],"themes":{"fun":{"en":"Fun"}},"questions":[{"id":"q1","theme":"fun","depth":5,"text":{"en":"x"}}]})", "questions[0].depth: must be 1, 2 or 3"},
      {ParseQuestions, R"({"languages":["en"],"themes":{"fun":{"en":"Fun"}},"questions":[{"id":"q1","theme":"fun","depth":1,"text":{"en":"x"}},{"id":"q1","theme":"fun","depth":1,"text":{"en":"y"}}]})", "questions[1].id: repeats"},
      {ParseQuestions, R"({"languages":["en"],"themes":{"fun":{"en":"Fun"}},"questions":[{"id":"q1","theme":"fun","depth":1,"sexual":"yes","text":{"en":"x"}}]})", "questions[0].sexual: must be true or false"},
  });
}

TEST(Content, ShippedQuestionsAreSufficient) {
  const Content& c = Shipped();
  EXPECT_GE(c.questions.size(), 150u);
  int sexual = 0;
  std::set<std::string> themes;
  for (const auto& q : c.questions) sexual += q.sexual, themes.insert(q.theme);
  EXPECT_GT(sexual, 0);
  EXPECT_GE(themes.size(), 8u);
}

TEST(DailyQuestion, TodayAndYesterdayMayBeAnswered) {
  EXPECT_TRUE(CheckAnswerWindow(100, 100).ok());
  EXPECT_TRUE(CheckAnswerWindow(99, 100).ok());
  for (auto [day, code] : {std::pair<std::int64_t, const char*>{101, "future"}, {98, "closed"}, {50, "closed"}}) {
    Status s = CheckAnswerWindow(day, 100);
    ASSERT_FALSE(s.ok()) << day;
    EXPECT_EQ(s.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(s.error().fields.at(0).field, "date");
    EXPECT_EQ(s.error().fields.at(0).code, code) << day;
  }
}

TEST(DailyQuestion, AnswersLockOnceBothHaveAnswered) {
  EXPECT_TRUE(CheckNotLocked(0).ok());
  EXPECT_TRUE(CheckNotLocked(1).ok());
  EXPECT_EQ(CheckNotLocked(2).error().code, ErrorCode::kConflict);
}

TEST(DailyQuestion, SexualQuestionsOnlyWhenBothOptedIn) {
  const Content& c = Shipped();
  auto off = EligibleQuestions(c, false);
  auto on = EligibleQuestions(c, true);
  EXPECT_EQ(on.size(), c.questions.size());
  EXPECT_LT(off.size(), on.size());
  for (const auto& id : off) EXPECT_FALSE(c.FindQuestion(id)->sexual) << id;
}

TEST(DailyQuestion, DeterministicPerCoupleAndDate) {
  const auto eligible = EligibleQuestions(Shipped(), false);
  EXPECT_EQ(PickQuestion("couple-a", 20000, eligible, {}), PickQuestion("couple-a", 20000, eligible, {}));
  int differ = 0;
  for (std::int64_t d = 20000; d < 20030; ++d)
    differ += PickQuestion("couple-a", d, eligible, {}) != PickQuestion("couple-b", d, eligible, {});
  EXPECT_GT(differ, 25) << "different couples get different sequences";
}

// Replays a long run of days the way the server does: each day's pick avoids the
// questions of the previous n - 1 days.
TEST(DailyQuestion, NeverRepeatsWithinTheCatalogueLength) {
  for (bool opted_in : {false, true}) {
    const auto eligible = EligibleQuestions(Shipped(), opted_in);
    const std::size_t n = eligible.size();
    std::deque<std::string> window;
    std::set<std::string> recent;
    std::set<std::string> first_n;
    for (std::int64_t d = 19000; d < 19000 + static_cast<std::int64_t>(3 * n); ++d) {
      const std::string q = PickQuestion("01JCOUPLE", d, eligible, recent);
      ASSERT_FALSE(recent.contains(q)) << "day " << d;
      if (d < 19000 + static_cast<std::int64_t>(n)) first_n.insert(q);
      window.push_back(q);
      recent.insert(q);
      if (window.size() > n - 1) {
        recent.erase(window.front());
        window.pop_front();
      }
    }
    EXPECT_EQ(first_n.size(), n) << "every question appears once in the first n days";
  }
}

TEST(DailyQuestion, RevealOnlyWhenBothAnswered) {
  struct Case {
    std::optional<std::string> mine, partner;
    bool partner_answered, revealed;
    std::optional<std::string> shown;
  } cases[] = {
      {std::nullopt, std::nullopt, false, false, std::nullopt},
      {"mine", std::nullopt, false, false, std::nullopt},
      {std::nullopt, "theirs", true, false, std::nullopt},
      {"mine", "theirs", true, true, "theirs"},
  };
  for (const Case& c : cases) {
    View v = ViewDaily({c.mine, c.partner});
    EXPECT_EQ(v.mine, c.mine);
    EXPECT_EQ(v.partner_answered, c.partner_answered);
    EXPECT_EQ(v.revealed, c.revealed);
    EXPECT_EQ(v.partner, c.shown);
  }
}

}  // namespace
}  // namespace rk::daily
