#include "features/admin/admin.hpp"

#include <gtest/gtest.h>

namespace rk::admin {
namespace {

// 2026-11-21T12:00:00Z.
constexpr Millis kNow = 1'795'262'400'000;

therapists::Verification Checked(std::string id, Millis recorded_at, std::string expires_on) {
  therapists::Verification v;
  v.id = std::move(id);
  v.recorded_at = recorded_at;
  v.verified_on = "2026-11-01";
  v.expires_on = std::move(expires_on);
  return v;
}

TEST(Today, IsTheDayInUtc) {
  EXPECT_EQ(Today(kNow).ToString(), "2026-11-21");
  EXPECT_EQ(Today(kNow - 12 * kHour).ToString(), "2026-11-21");
  EXPECT_EQ(Today(kNow - 12 * kHour - 1).ToString(), "2026-11-20");
  EXPECT_EQ(Today(0).ToString(), "1970-01-01");
  EXPECT_EQ(Today(-1).ToString(), "1969-12-31");
}

TEST(VerificationDates, ACheckIsNotInTheFutureAndALicenceRunsPastIt) {
  EXPECT_TRUE(CheckVerificationDates("2026-11-21", "2026-11-22", kNow).empty());
  EXPECT_TRUE(CheckVerificationDates("2020-01-01", "2021-01-01", kNow).empty()) << "a check long ago may be recorded";
  struct Case {
    const char* on;
    const char* until;
    std::vector<std::pair<std::string, std::string>> want;  // field, code
  };
  const Case cases[] = {
      {"2026-11-22", "2027-11-22", {{"verified_on", "future"}}},
      {"2026-11-21", "2026-11-21", {{"expires_on", "before_check"}}},
      {"2026-11-20", "2026-11-19", {{"expires_on", "before_check"}}},
      {"2026-02-30", "2027-01-01", {{"verified_on", "invalid"}}},
      {"21/11/2026", "2027-01-01", {{"verified_on", "invalid"}}},
      {"2026-11-01", "next year", {{"expires_on", "invalid"}}},
      {"", "", {{"verified_on", "invalid"}, {"expires_on", "invalid"}}},
  };
  for (const Case& c : cases) {
    std::vector<std::pair<std::string, std::string>> got;
    for (const FieldError& e : CheckVerificationDates(c.on, c.until, kNow)) {
      got.emplace_back(e.field, e.code);
      EXPECT_FALSE(e.message.empty());
    }
    EXPECT_EQ(got, c.want) << c.on << " " << c.until;
  }
}

TEST(ApprovalBasis, IsTheNewestCheckSinceTheLastSubmission) {
  const std::vector<therapists::Verification> newest_first = {Checked("new", kNow - kDay, "2027-11-01"),
                                                              Checked("old", kNow - 30 * kDay, "2028-01-01")};
  EXPECT_EQ(NewestSince(newest_first, kNow - 40 * kDay)->id, "new");
  EXPECT_EQ(NewestSince(newest_first, std::nullopt)->id, "new");
  EXPECT_EQ(NewestSince(newest_first, kNow - kDay)->id, "new") << "recorded in the same instant counts";
  // Submitted again after both checks (a changed licence): neither checked what it says now.
  EXPECT_FALSE(NewestSince(newest_first, kNow - kDay + 1).has_value());
  EXPECT_FALSE(NewestSince({}, kNow).has_value());
}

TEST(ApprovalBasis, RunsThroughItsLastDayInclusive) {
  EXPECT_TRUE(Running(Checked("a", 0, "2026-11-21"), kNow));
  EXPECT_TRUE(Running(Checked("a", 0, "2026-11-21"), kNow + 12 * kHour - 1));
  EXPECT_FALSE(Running(Checked("a", 0, "2026-11-21"), kNow + 12 * kHour));
  EXPECT_FALSE(Running(Checked("a", 0, "2026-11-20"), kNow));
  EXPECT_FALSE(Running(Checked("a", 0, "garbage"), kNow));
}

TEST(VerificationEnded, OnlyForAnApprovedProfilePastItsLastDay) {
  EXPECT_TRUE(VerificationEnded(therapists::kApproved, "2026-11-20", kNow));
  EXPECT_TRUE(VerificationEnded(therapists::kApproved, std::nullopt, kNow));
  EXPECT_FALSE(VerificationEnded(therapists::kApproved, "2026-11-21", kNow));
  EXPECT_FALSE(VerificationEnded(therapists::kSuspended, "2026-11-20", kNow));
  EXPECT_FALSE(VerificationEnded(therapists::kSubmitted, std::nullopt, kNow));
}

TEST(ExpiryNotice, ThirtyDaysBeforeThroughTheLastDayThenThirtyDaysAfter) {
  struct Case {
    const char* last_day;
    ExpiryNotice want;
  };
  const Case cases[] = {
      {"2026-12-22", ExpiryNotice::kNone},  {"2026-12-21", ExpiryNotice::kSoon}, {"2026-11-22", ExpiryNotice::kSoon},
      {"2026-11-21", ExpiryNotice::kSoon},  {"2026-11-20", ExpiryNotice::kEnded}, {"2026-10-22", ExpiryNotice::kEnded},
      {"2026-10-21", ExpiryNotice::kNone},  {"2027-11-21", ExpiryNotice::kNone}, {"not a day", ExpiryNotice::kNone},
  };
  for (const Case& c : cases) EXPECT_EQ(ExpiryNoticeAt(c.last_day, kNow), c.want) << c.last_day;
}

TEST(PageKey, RoundTripsAndRefusesAnythingElse) {
  const therapists::PageKey key{1'795'262'400'123, "01JD5Z3Q8F0000000000000000"};
  const auto back = ParsePageKey(FormatPageKey(key));
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->submitted_at, key.submitted_at);
  EXPECT_EQ(back->user_id, key.user_id);
  EXPECT_TRUE(ParsePageKey("0.01JD5Z3Q8F0000000000000000").has_value()) << "a draft's key";
  for (const char* bad : {"", ".", "12.", ".ABC", "12", "-5.ABC", "12x.ABC", "12.abc", "12.AB'C", "99999999999999999999.AB"})
    EXPECT_FALSE(ParsePageKey(bad).has_value()) << bad;
}

}  // namespace
}  // namespace rk::admin
