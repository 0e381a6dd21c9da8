#include "platform/live/replay.hpp"

#include <gtest/gtest.h>

namespace rk::live {
namespace {

FramePtr F(std::string s) { return std::make_shared<const std::string>(std::move(s)); }

std::vector<std::string> Texts(const std::optional<std::vector<FramePtr>>& frames) {
  std::vector<std::string> out;
  for (const auto& f : frames.value()) out.push_back(*f);
  return out;
}

TEST(ReplayBuffer, NumbersFramesFromOne) {
  ReplayBuffer b(10, 1000);
  EXPECT_EQ(b.last(), 0);
  b.Push(F("a"));
  b.Push(F("b"));
  EXPECT_EQ(b.last(), 2);
  EXPECT_EQ(Texts(b.Range(0, 2)), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(Texts(b.Range(1, 2)), (std::vector<std::string>{"b"}));
  EXPECT_EQ(Texts(b.Range(2, 2)), (std::vector<std::string>{}));
  EXPECT_EQ(Texts(b.Range(0, 0)), (std::vector<std::string>{}));
}

TEST(ReplayBuffer, RefusesRangesItCannotServe) {
  ReplayBuffer b(10, 1000);
  b.Push(F("a"));
  EXPECT_FALSE(b.Range(2, 1).has_value()) << "after > upto";
  EXPECT_FALSE(b.Range(0, 2).has_value()) << "upto beyond the last frame";
  EXPECT_FALSE(b.Range(-1, 1).has_value());
}

TEST(ReplayBuffer, DropsTheOldestBeyondTheFrameLimit) {
  ReplayBuffer b(3, 1000);
  for (const char* s : {"1", "2", "3", "4", "5"}) b.Push(F(s));
  EXPECT_EQ(b.size(), 3u);
  EXPECT_EQ(Texts(b.Range(2, 5)), (std::vector<std::string>{"3", "4", "5"}));
  EXPECT_FALSE(b.Range(1, 5).has_value()) << "frame 2 is gone";
}

TEST(ReplayBuffer, DropsTheOldestBeyondTheByteLimitButKeepsTheNewest) {
  ReplayBuffer b(100, 10);
  b.Push(F("aaaa"));
  b.Push(F("bbbb"));
  EXPECT_EQ(b.size(), 2u);
  b.Push(F("cccc"));
  EXPECT_EQ(b.size(), 2u);
  EXPECT_EQ(b.bytes(), 8u);
  b.Push(F(std::string(50, 'x')));
  EXPECT_EQ(b.size(), 1u) << "one frame over the limit is still kept";
  EXPECT_EQ(Texts(b.Range(3, 4)).size(), 1u);
}

}  // namespace
}  // namespace rk::live
