#include "features/video/video.hpp"

#include <gtest/gtest.h>

#include "features/booking/booking.hpp"
#include "platform/crypto/crypto.hpp"

namespace rk::video {
namespace {

using booking::CallWindow;
using booking::CallWindowAt;

// A 50-minute session at 10:00 (any instant will do).
constexpr Millis kStart = 1'800'000'000'000;
constexpr Millis kEnd = kStart + 50 * kMinute;

TEST(CallWindow, OpensTenMinutesBeforeTheStartAndClosesAtTheEnd) {
  struct {
    Millis now;
    CallWindow want;
  } cases[] = {
      {kStart - kDay, CallWindow::kNotYet},
      {kStart - 10 * kMinute - 1, CallWindow::kNotYet},
      {kStart - 10 * kMinute, CallWindow::kOpen},  // the first instant it is open
      {kStart - kMinute, CallWindow::kOpen},
      {kStart, CallWindow::kOpen},
      {kStart + 25 * kMinute, CallWindow::kOpen},
      {kEnd - 1, CallWindow::kOpen},
      {kEnd, CallWindow::kOver},  // the session's end closes it
      {kEnd + kDay, CallWindow::kOver},
  };
  for (const auto& c : cases) EXPECT_EQ(CallWindowAt(kStart, kEnd, c.now), c.want) << (c.now - kStart) / kSecond;
  EXPECT_EQ(booking::kCallOpensBefore, 10 * kMinute);
}

TEST(Presence, TheTherapistIsInAtOnceAPartnerWaitsUnlessInAlready) {
  EXPECT_EQ(StateOnJoin(kTherapist, kAbsent), kAdmitted);
  EXPECT_EQ(StateOnJoin(kTherapist, kLeft), kAdmitted);
  EXPECT_EQ(StateOnJoin(kPartner, kAbsent), kWaiting);
  EXPECT_EQ(StateOnJoin(kPartner, kWaiting), kWaiting);
  EXPECT_EQ(StateOnJoin(kPartner, kLeft), kWaiting) << "back after leaving: let in again";
  EXPECT_EQ(StateOnJoin(kPartner, kAdmitted), kAdmitted) << "a reload does not send them back to wait";
  EXPECT_TRUE(CanAdmit(kWaiting));
  EXPECT_TRUE(CanAdmit(kAdmitted));
  EXPECT_FALSE(CanAdmit(kLeft));
  EXPECT_FALSE(CanAdmit(kAbsent));
}

TEST(TurnCredential, HmacSha1MatchesRfc2202) {
  // RFC 2202 test case 2.
  const std::string mac = crypto::HmacSha1("Jefe", "what do ya want for nothing?");
  ASSERT_EQ(mac.size(), 20u);
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned char c : mac) out += {hex[c >> 4], hex[c & 15]};
  EXPECT_EQ(out, "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
}

TEST(TurnCredential, CoturnRestSchemeAgainstAnIndependentVector) {
  // printf '%s' '1767225600:01KB2ZP0S3V8X1Z4B7D0F5G9KM' |
  //   openssl dgst -sha1 -hmac 'north-wind-coturn-secret' -binary | base64
  const TurnCredential c = MakeTurnCredential("north-wind-coturn-secret", "01KB2ZP0S3V8X1Z4B7D0F5G9KM", 1767225600);
  EXPECT_EQ(c.username, "1767225600:01KB2ZP0S3V8X1Z4B7D0F5G9KM");
  EXPECT_EQ(c.credential, "ysIpoZ6wFQWTGYtwPaQdFx3TH20=");
}

TEST(TurnCredential, IceServersCarryACredentialThatOutlivesTheSessionByTheTtl) {
  IceOptions o;
  EXPECT_TRUE(IceServers(o, "p", kEnd).empty()) << "nothing configured: host candidates only";
  o.stun_urls = {"stun:stun.example.org:3478"};
  o.turn_urls = {"turn:turn.example.org:3478?transport=udp", "turns:turn.example.org:5349"};
  o.turn_secret = "north-wind-coturn-secret";
  o.turn_ttl = 15 * kMinute;
  const auto servers = IceServers(o, "someone", kEnd);
  ASSERT_EQ(servers.size(), 2u);
  EXPECT_EQ(servers[0].urls, o.stun_urls);
  EXPECT_TRUE(servers[0].username.empty());
  EXPECT_EQ(servers[1].urls, o.turn_urls);
  EXPECT_EQ(servers[1].username, std::to_string((kEnd + 15 * kMinute) / kSecond) + ":someone");
  EXPECT_EQ(servers[1].credential, MakeTurnCredential(o.turn_secret, "someone", (kEnd + 15 * kMinute) / kSecond).credential);
  EXPECT_EQ(servers[1].credential.find(o.turn_secret), std::string::npos);
}

}  // namespace
}  // namespace rk::video
