#include "platform/http/ratelimit.hpp"

#include <gtest/gtest.h>

namespace rk::http {
namespace {

TEST(RateLimiter, BlocksAfterLimitUntilWindowEnds) {
  RateLimiter limiter(3, 60 * kSecond);
  const Millis t0 = 1'000'000;
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(limiter.RetryAfter("k", t0), 0);
    limiter.Hit("k", t0);
  }
  EXPECT_EQ(limiter.RetryAfter("k", t0), 60);
  EXPECT_EQ(limiter.RetryAfter("k", t0 + 59'001), 1);
  EXPECT_EQ(limiter.RetryAfter("k", t0 + 60'000), 0);
  EXPECT_EQ(limiter.RetryAfter("other", t0), 0);
}

TEST(RateLimiter, ResetForgets) {
  RateLimiter limiter(1, kMinute);
  limiter.Hit("k", 0);
  EXPECT_GT(limiter.RetryAfter("k", 1), 0);
  limiter.Reset("k");
  EXPECT_EQ(limiter.RetryAfter("k", 1), 0);
}

TEST(FailureThrottle, FreeAttemptsThenAnExponentialDelayUpToTheCap) {
  FailureThrottle t(3, 8 * kSecond, kHour);
  const Millis t0 = 10'000'000;
  for (int i = 0; i < 3; ++i) EXPECT_EQ(t.Begin("k", t0), 0) << i;
  EXPECT_EQ(t.Begin("k", t0), 1);            // the fourth waits 1 s after the third
  EXPECT_EQ(t.Begin("k", t0 + 1000), 0);     // then goes
  EXPECT_EQ(t.Begin("k", t0 + 1000), 2);     // the fifth waits 2 s
  EXPECT_EQ(t.Begin("k", t0 + 3000), 0);
  EXPECT_EQ(t.WaitFor("k", t0 + 3000), 4);
  EXPECT_EQ(t.Begin("k", t0 + 7000), 0);
  EXPECT_EQ(t.WaitFor("k", t0 + 7000), 8);   // capped at 8 s from here on
  EXPECT_EQ(t.Begin("k", t0 + 15000), 0);
  EXPECT_EQ(t.WaitFor("k", t0 + 15000), 8);
  EXPECT_EQ(t.Begin("other", t0), 0) << "keys are independent";
  EXPECT_EQ(t.WaitFor("k", t0 + 15000 + kHour), 0) << "forgotten after a quiet hour";
}

TEST(FailureThrottle, ABurstIsThrottledLikeASequence) {
  FailureThrottle t(10, kMinute, kHour);
  int passed = 0;
  for (int i = 0; i < 60; ++i) passed += t.Begin("k", 5'000'000) == 0;
  EXPECT_EQ(passed, 10) << "counted before the check, not after";
}

TEST(FailureThrottle, SuccessForgetsAndCancelTakesOneBack) {
  FailureThrottle t(1, kMinute, kHour);
  EXPECT_EQ(t.Begin("k", 1000), 0);
  EXPECT_GT(t.Begin("k", 1000), 0);
  t.Cancel("k");
  EXPECT_EQ(t.Begin("k", 1000), 0);
  t.Succeeded("k");
  EXPECT_EQ(t.WaitFor("k", 1000), 0);
}

}  // namespace
}  // namespace rk::http
