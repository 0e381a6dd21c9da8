#include "platform/bus/bus.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace rk::bus {
namespace {

TEST(InProcessBus, HandsEveryPayloadToTheHandlerAndRefusesOversizedOnes) {
  auto bus = NewInProcessBus();
  std::vector<std::string> got;
  bus->SetHandler([&](const std::string& p) { got.push_back(p); });
  EXPECT_TRUE(bus->Publish("one").ok());
  EXPECT_FALSE(bus->Publish(std::string(kMaxPayload + 1, 'x')).ok());
  EXPECT_EQ(got, std::vector<std::string>{"one"});
}

TEST(PostgresWire, SplitsLongPayloadsAndJoinsThemInAnyOrder) {
  std::string sealed;
  for (int i = 0; i < 20000; ++i) sealed.push_back(static_cast<char>('a' + i % 26));
  auto parts = SplitParts("origin", 7, sealed, 7900);
  ASSERT_EQ(parts.size(), 3u);
  for (const auto& p : parts) EXPECT_LE(p.size(), 7900u);
  std::reverse(parts.begin(), parts.end());
  Assembler a;
  EXPECT_FALSE(a.Add(parts[0], 0).has_value());
  EXPECT_FALSE(a.Add(parts[1], 0).has_value());
  EXPECT_EQ(a.Add(parts[2], 0), sealed);
  EXPECT_EQ(a.pending(), 0u);
}

TEST(PostgresWire, ShortPayloadsTravelInOnePart) {
  auto parts = SplitParts("o", 1, "v1:k:abc", 7900);
  ASSERT_EQ(parts.size(), 1u);
  Assembler a;
  EXPECT_EQ(a.Add(parts[0], 0), "v1:k:abc");
}

TEST(PostgresWire, IgnoresMalformedPartsAndForgetsIncompleteOnes) {
  Assembler a;
  for (const char* bad : {"", "x", "o 1 0", "o 1 x 2 t", "o 1 2 2 t", "o 1 0 0 t"}) EXPECT_FALSE(a.Add(bad, 0).has_value()) << bad;
  EXPECT_FALSE(a.Add("o 2 0 2 half", 0).has_value());
  EXPECT_EQ(a.pending(), 1u);
  EXPECT_EQ(a.Add("o 3 0 1 whole", 60'000), "whole");
  EXPECT_EQ(a.pending(), 0u) << "an incomplete payload is dropped after a while";
}

TEST(PostgresWire, ArrayLiteralEscapesQuotesAndBackslashes) {
  EXPECT_EQ(TextArrayLiteral({"a b", "q\"x", "s\\"}), R"({"a b","q\"x","s\\"})");
  EXPECT_EQ(TextArrayLiteral({}), "{}");
}

}  // namespace
}  // namespace rk::bus
