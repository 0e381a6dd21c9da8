#include "features/desires/desires.hpp"

#include <gtest/gtest.h>

#include <deque>
#include <random>

#include "platform/content/testing.hpp"

namespace rk::desires {
namespace {

const Content& Shipped() { return content::testing::Shipped<Content>(LoadContent, "content/desires"); }

TEST(Content, BrokenFilesNameTheFileAndField) {
  content::testing::ExpectErrorsNameFileAndField<Content>({
      {ParseDesires, R"({"languages":["en"],"categories":[{"id":"a","title":{"en":"A"}}],"items":[{"id":"i1","category":"b","text":{"en":"x"}}]})", "q.json: items[0].category: names no category"},
      {ParseDesires, R"({"languages":["en"],"categories":[{"id":"s","title":{"en":"S"},"sexual":true}],"items":[{"id":"i1","category":"s","text":{"en":"x"}}]})", "items[0].sexual: must be true in a sexual category"},
  });
}

TEST(Content, ShippedItemsGoFromAffectionToSexualActivities) {
  const Content& c = Shipped();
  EXPECT_GE(c.items.size(), 80u);
  int sexual = 0;
  for (const auto& i : c.items) sexual += i.sexual;
  EXPECT_GT(sexual, 0);
  EXPECT_EQ(c.categories.front().id, "affection");
  EXPECT_TRUE(c.categories.back().sexual);
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

}  // namespace
}  // namespace rk::desires
