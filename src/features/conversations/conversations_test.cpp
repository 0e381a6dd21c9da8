#include "features/conversations/conversations.hpp"

#include <gtest/gtest.h>

#include <deque>
#include <random>

#include "platform/content/testing.hpp"

namespace rk::conversations {
namespace {

const Content& Shipped() { return content::testing::Shipped<Content>(LoadContent, "content/conversations"); }

TEST(Content, BrokenFilesNameTheFileAndField) {
  content::testing::ExpectErrorsNameFileAndField<Content>({
      {ParseGuides, R"({"languages":["en"],"guides":[{"id":"g","title":{"en":"G"},"description":{"en":"d"},"steps":[{"speaker":"me","minutes":2,"prompt":{"en":"p"},"listener":{"en":"l"}}]}]})", "guides[0].steps[0].speaker"},
      {ParseGuides, R"({"languages":["en"],"guides":[{"id":"g","title":{"en":"G"},"description":{"en":"d"},"steps":[]}]})", "guides[0].steps: must not be empty"},
      {ParseGuides, R"({"languages":["en"]})", "q.json: guides: is required"},
      {ParseGuides, R"([1])", "q.json: the file must hold a JSON object"},
  });
}

TEST(Content, ShippedGuides) {
  const Content& c = Shipped();
  EXPECT_EQ(c.guides.size(), 3u);
  for (const char* g : {"connected", "try-something-new", "a-conflict"}) EXPECT_NE(c.FindGuide(g), nullptr) << g;
}

TEST(Guides, TurnsFollowWhoStarted) {
  const Guide* g = Shipped().FindGuide("connected");
  ASSERT_NE(g, nullptr);
  // Step 0 is for both, 1 for the starter, 2 for the partner.
  EXPECT_EQ(TurnAt(*g, 0, true), "both");
  EXPECT_EQ(TurnAt(*g, 0, false), "both");
  EXPECT_EQ(TurnAt(*g, 1, true), "me");
  EXPECT_EQ(TurnAt(*g, 1, false), "partner");
  EXPECT_EQ(TurnAt(*g, 2, true), "partner");
  EXPECT_EQ(TurnAt(*g, 2, false), "me");
  EXPECT_EQ(TurnAt(*g, 99, true), "");
}

TEST(Guides, MovesAreOneStepToAStepThatExists) {
  const Guide* g = Shipped().FindGuide("connected");
  ASSERT_NE(g, nullptr);
  const auto last = static_cast<std::int64_t>(g->steps.size()) - 1;
  EXPECT_TRUE(CheckMove(*g, 0, 1).ok());
  EXPECT_TRUE(CheckMove(*g, 1, 0).ok());
  EXPECT_TRUE(CheckMove(*g, last - 1, last).ok());
  EXPECT_EQ(CheckMove(*g, 0, 2).error().fields.at(0).code, "invalid");
  EXPECT_EQ(CheckMove(*g, 1, 1).error().fields.at(0).code, "invalid");
  EXPECT_EQ(CheckMove(*g, last, last + 1).error().fields.at(0).code, "range");
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
}  // namespace rk::conversations
