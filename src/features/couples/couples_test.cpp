#include "features/couples/couples.hpp"

#include <gtest/gtest.h>

#include <random>
#include <set>

namespace rk::couples {
namespace {

TEST(InviteCode, UsesOnlyUnambiguousCharacters) {
  std::mt19937 rng(7);
  auto below = [&](std::uint32_t n) { return static_cast<std::uint32_t>(rng() % n); };
  std::set<std::string> seen;
  for (int i = 0; i < 5000; ++i) {
    const std::string code = NewInviteCode(below);
    ASSERT_EQ(code.size(), kInviteLength);
    EXPECT_EQ(code.find_first_of("01ILOU"), std::string::npos) << code;
    seen.insert(code);
  }
  EXPECT_GT(seen.size(), 4990u);
}

TEST(InviteCode, FormatsInTwoGroups) { EXPECT_EQ(FormatInviteCode("K7QX3MPD"), "K7QX-3MPD"); }

TEST(InviteCode, NormalizesWhatPeopleType) {
  struct Case {
    const char* typed;
    const char* canonical;
  } cases[] = {
      {"K7QX-3MPD", "K7QX3MPD"}, {"k7qx3mpd", "K7QX3MPD"}, {" k7qx 3mpd ", "K7QX3MPD"},
      {"K7QX-3MP", nullptr},     {"K7QX-3MPD9", nullptr},  {"K7QX-3MP0", nullptr},
      {"K7QX-3MPO", nullptr},    {"", nullptr},            {"K7QX/3MPD", nullptr},
  };
  for (const Case& c : cases) {
    auto got = NormalizeInviteCode(c.typed);
    if (c.canonical) {
      ASSERT_TRUE(got.has_value()) << c.typed;
      EXPECT_EQ(*got, c.canonical);
    } else {
      EXPECT_FALSE(got.has_value()) << c.typed;
    }
  }
}

}  // namespace
}  // namespace rk::couples
