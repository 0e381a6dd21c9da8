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

TEST(Join, FollowsTheRulesInOrder) {
  const Millis now = 1'000'000;
  const InviteState open{"inviter", now + 1, false};
  const InviteState used{"inviter", now + 1, true};
  const InviteState expired{"inviter", now, false};
  const InviteState used_and_expired{"inviter", now - 1, true};
  struct Case {
    const InviteState* invite;
    const char* joiner;
    bool joiner_in_couple, inviter_in_couple;
    bool ok;
    ErrorCode code;
  } cases[] = {
      {&open, "joiner", false, false, true, ErrorCode::kInternal},
      {nullptr, "joiner", false, false, false, ErrorCode::kNotFound},
      {&open, "inviter", false, false, false, ErrorCode::kConflict},
      {&used, "joiner", false, false, false, ErrorCode::kGone},
      {&expired, "joiner", false, false, false, ErrorCode::kGone},
      {&used_and_expired, "inviter", false, false, false, ErrorCode::kConflict},
      {&used, "joiner", true, true, false, ErrorCode::kGone},
      {&open, "joiner", true, false, false, ErrorCode::kConflict},
      {&open, "joiner", false, true, false, ErrorCode::kConflict},
  };
  for (const Case& c : cases) {
    const Status s = CheckJoin(c.invite, c.joiner, now, c.joiner_in_couple, c.inviter_in_couple);
    EXPECT_EQ(s.ok(), c.ok) << c.joiner;
    if (!s.ok()) {
      EXPECT_EQ(s.error().code, c.code) << c.joiner << " " << s.error().message;
    }
  }
  // The two "in a couple" refusals say different things.
  EXPECT_NE(CheckJoin(&open, "joiner", now, true, false).error().message,
            CheckJoin(&open, "joiner", now, false, true).error().message);
}

}  // namespace
}  // namespace rk::couples
