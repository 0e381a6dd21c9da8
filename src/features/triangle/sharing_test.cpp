#include "features/triangle/sharing.hpp"

#include <gtest/gtest.h>

#include <random>

namespace rk::triangle {
namespace {

constexpr Millis kNow = 1'800'000'000'000;
constexpr Millis kSince = kNow - 90 * kDay;

Taken T(const char* form, Millis ago, bool shared) { return Taken{form, kNow - ago, shared}; }

TEST(Sharing, ShownOnlyWhenEveryConditionHolds) {
  struct Case {
    bool couple;
    std::optional<Taken> mine, theirs;
    PartnerView want;
  } cases[] = {
      {true, T("triangle-short", kDay, true), T("triangle-short", 2 * kDay, true), PartnerView::kShown},
      {false, T("triangle-short", kDay, true), T("triangle-short", kDay, true), PartnerView::kNotInCouple},
      {true, std::nullopt, T("triangle-short", kDay, true), PartnerView::kNoRecentCheck},
      {true, T("triangle-short", 31 * kDay, true), T("triangle-short", kDay, true), PartnerView::kNoRecentCheck},
      {true, T("triangle-short", 91 * kDay, true), T("triangle-short", kDay, true), PartnerView::kNoRecentCheck},  // before the couple
      {true, T("triangle-short", kDay, false), T("triangle-short", kDay, true), PartnerView::kNotShared},
      {true, T("triangle-short", kDay, true), std::nullopt, PartnerView::kWaitingForPartner},
      {true, T("triangle-short", kDay, true), T("triangle-full", kDay, true), PartnerView::kWaitingForPartner},
      {true, T("triangle-short", kDay, true), T("triangle-short", kDay, false), PartnerView::kWaitingForPartner},
      {true, T("triangle-short", kDay, true), T("triangle-short", 30 * kDay + 1, true), PartnerView::kWaitingForPartner},
      {true, T("triangle-short", kDay, true), T("triangle-short", 30 * kDay, true), PartnerView::kShown},  // the window's edge
      {true, T("triangle-short", kDay, true), T("triangle-short", 91 * kDay, true), PartnerView::kWaitingForPartner},
  };
  for (const Case& c : cases) EXPECT_EQ(DecidePartnerView(c.couple, kSince, c.mine, c.theirs, kNow), c.want);
}

// Whatever my partner did, I learn one of two things: shown, or waiting. Nothing about
// their state leaks through the reason.
TEST(Sharing, PartnerStatesAreIndistinguishableUnlessShown) {
  std::mt19937 rng(42);
  const char* forms[] = {"triangle-short", "triangle-full"};
  for (int n = 0; n < 5000; ++n) {
    const Taken mine = T(forms[rng() % 2], static_cast<Millis>(rng() % 20) * kDay, true);
    std::optional<Taken> theirs;
    if (rng() % 4) theirs = T(forms[rng() % 2], static_cast<Millis>(rng() % 100) * kDay, rng() % 2);
    const PartnerView v = DecidePartnerView(true, kSince, mine, theirs, kNow);
    const bool should = theirs && theirs->form == mine.form && theirs->shared && kNow - theirs->taken_at <= kShareWindow &&
                        theirs->taken_at >= kSince;
    EXPECT_EQ(v, should ? PartnerView::kShown : PartnerView::kWaitingForPartner);
  }
}

TEST(Sharing, NamesAreStable) {
  EXPECT_EQ(PartnerViewName(PartnerView::kShown), "shown");
  EXPECT_EQ(PartnerViewName(PartnerView::kWaitingForPartner), "waiting_for_partner");
}

}  // namespace
}  // namespace rk::triangle
