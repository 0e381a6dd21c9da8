#include "features/connect/connect.hpp"

#include <gtest/gtest.h>

#include <deque>
#include <fstream>
#include <random>
#include <sstream>

namespace rk::connect {
namespace {

std::string Read(const std::string& name) {
  std::ifstream in(std::string(REKINDLE_SOURCE_DIR) + "/content/connect/" + name);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

const Content& Shipped() {
  static const Content c = [] {
    Content c;
    EXPECT_TRUE(ParseQuestions(Read("questions.json"), "questions.json", c).ok());
    EXPECT_TRUE(ParseDesires(Read("desires.json"), "desires.json", c).ok());
    EXPECT_TRUE(ParseGuides(Read("conversations.json"), "conversations.json", c).ok());
    return c;
  }();
  return c;
}

TEST(Content, ShippedContentIsSufficient) {
  const Content& c = Shipped();
  EXPECT_GE(c.questions.size(), 150u);
  EXPECT_GE(c.items.size(), 80u);
  EXPECT_EQ(c.guides.size(), 3u);
  int sexual_q = 0, sexual_i = 0;
  std::set<std::string> themes;
  for (const auto& q : c.questions) sexual_q += q.sexual, themes.insert(q.theme);
  for (const auto& i : c.items) sexual_i += i.sexual;
  EXPECT_GT(sexual_q, 0);
  EXPECT_GT(sexual_i, 0);
  EXPECT_GE(themes.size(), 8u);
  EXPECT_EQ(c.categories.front().id, "affection");  // from affection...
  EXPECT_TRUE(c.categories.back().sexual);          // ...to sexual activities
  for (const char* g : {"connected", "try-something-new", "a-conflict"}) EXPECT_NE(c.FindGuide(g), nullptr) << g;
}

TEST(Content, BrokenFilesNameTheFileAndField) {
  struct Case {
    Status (*parse)(std::string_view, std::string_view, Content&);
    const char* json;
    const char* mentions;
  } cases[] = {
      {ParseQuestions, R"({"languages":["en"],"themes":{"fun":{"en":"Fun"}},"questions":[{"id":"q1","theme":"nope","depth":1,"text":{"en":"x"}}]})", "q.json: questions[0].theme: names no theme"},
      {ParseQuestions, R"({"languages":["en"],"themes":{"fun":{"en":"Fun"}},"questions":[{"id":"q1","theme":"fun","depth":5,"text":{"en":"x"}}]})", "questions[0].depth: must be 1, 2 or 3"},
      {ParseQuestions, R"({"languages":["en"],"themes":{"fun":{"en":"Fun"}},"questions":[{"id":"q1","theme":"fun","depth":1,"text":{"en":"x"}},{"id":"q1","theme":"fun","depth":1,"text":{"en":"y"}}]})", "questions[1].id: repeats"},
      {ParseQuestions, R"({"languages":["en"],"themes":{"fun":{"en":"Fun"}},"questions":[{"id":"q1","theme":"fun","depth":1,"sexual":"yes","text":{"en":"x"}}]})", "questions[0].sexual: must be true or false"},
      {ParseDesires, R"({"languages":["en"],"categories":[{"id":"a","title":{"en":"A"}}],"items":[{"id":"i1","category":"b","text":{"en":"x"}}]})", "q.json: items[0].category: names no category"},
      {ParseDesires, R"({"languages":["en"],"categories":[{"id":"s","title":{"en":"S"},"sexual":true}],"items":[{"id":"i1","category":"s","text":{"en":"x"}}]})", "items[0].sexual: must be true in a sexual category"},
      {ParseGuides, R"({"languages":["en"],"guides":[{"id":"g","title":{"en":"G"},"description":{"en":"d"},"steps":[{"speaker":"me","minutes":2,"prompt":{"en":"p"},"listener":{"en":"l"}}]}]})", "guides[0].steps[0].speaker"},
      {ParseGuides, R"({"languages":["en"],"guides":[{"id":"g","title":{"en":"G"},"description":{"en":"d"},"steps":[]}]})", "guides[0].steps: must not be empty"},
      {ParseGuides, R"({"languages":["en"]})", "q.json: guides: is required"},
      {ParseGuides, R"([1])", "q.json: the file must hold a JSON object"},
  };
  for (const Case& c : cases) {
    Content content;
    Status s = c.parse(c.json, "q.json", content);
    ASSERT_FALSE(s.ok()) << c.mentions;
    EXPECT_NE(s.error().message.find(c.mentions), std::string::npos) << s.error().message;
  }
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
    DailyView v = ViewDaily({c.mine, c.partner});
    EXPECT_EQ(v.mine, c.mine);
    EXPECT_EQ(v.partner_answered, c.partner_answered);
    EXPECT_EQ(v.revealed, c.revealed);
    EXPECT_EQ(v.partner, c.shown);
  }
}

TEST(DesireMap, MatchesAreItemsBothWantAtAnyLevel) {
  const Content& c = Shipped();
  const std::string a = c.items[0].id, b = c.items[1].id, d = c.items[2].id, e = c.items[3].id;
  std::map<std::string, Desire> mine{{a, Desire::kYes}, {b, Desire::kMaybe}, {d, Desire::kNo}, {e, Desire::kYes}};
  std::map<std::string, Desire> theirs{{a, Desire::kMaybe}, {b, Desire::kMaybe}, {d, Desire::kYes}};
  EXPECT_EQ(Matches(c, mine, theirs, false, false), (std::vector<std::string>{a, b}));
  // Changing an answer to no removes the match at once.
  theirs[a] = Desire::kNo;
  EXPECT_EQ(Matches(c, mine, theirs, false, false), (std::vector<std::string>{b}));
}

TEST(DesireMap, SexualItemsMatchOnlyWhenBothOptedIn) {
  const Content& c = Shipped();
  std::string sexual;
  for (const auto& i : c.items)
    if (i.sexual) sexual = i.id;
  std::map<std::string, Desire> both{{sexual, Desire::kYes}};
  EXPECT_TRUE(Matches(c, both, both, true, false).empty());
  EXPECT_TRUE(Matches(c, both, both, false, true).empty());
  EXPECT_EQ(Matches(c, both, both, true, true), (std::vector<std::string>{sexual}));
  EXPECT_FALSE(Visible(*c.FindItem(sexual), false));
  EXPECT_TRUE(Visible(*c.FindItem(sexual), true));
  EXPECT_TRUE(Visible(c.items.front(), false));
}

// Whatever the partner answered, the matches depend only on the items both want: two
// partners whose answers differ only outside my "wants" give me identical results.
TEST(DesireMap, NothingElseAboutThePartnerIsDerivable) {
  const Content& c = Shipped();
  std::mt19937 rng(3);
  for (int n = 0; n < 500; ++n) {
    std::map<std::string, Desire> mine, theirs1, theirs2;
    for (const auto& i : c.items) {
      if (rng() % 2) mine[i.id] = static_cast<Desire>(rng() % 3);
      const int r = rng() % 4;  // 3 = unanswered
      if (r < 3) theirs1[i.id] = static_cast<Desire>(r);
      // theirs2 agrees on "wants" but differs between "no" and "unanswered", and yes/maybe.
      auto it = theirs1.find(i.id);
      const bool wants = it != theirs1.end() && it->second != Desire::kNo;
      if (wants) theirs2[i.id] = rng() % 2 ? Desire::kYes : Desire::kMaybe;
      else if (rng() % 2) theirs2[i.id] = Desire::kNo;
    }
    EXPECT_EQ(Matches(c, mine, theirs1, true, true), Matches(c, mine, theirs2, true, true));
  }
}

TEST(Guides, SpeakerPerStep) {
  const Guide* g = Shipped().FindGuide("connected");
  ASSERT_NE(g, nullptr);
  EXPECT_EQ(SpeakerAt(*g, 0), "both");
  EXPECT_EQ(SpeakerAt(*g, 1), "starter");
  EXPECT_EQ(SpeakerAt(*g, 2), "partner");
  EXPECT_EQ(SpeakerAt(*g, 99), "");
  EXPECT_EQ(SpeakerAt(*g, -1), "");
}

}  // namespace
}  // namespace rk::connect
