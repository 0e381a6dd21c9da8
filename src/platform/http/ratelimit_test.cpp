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

}  // namespace
}  // namespace rk::http
