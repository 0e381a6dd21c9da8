#include "platform/crypto/totp.hpp"

#include <gtest/gtest.h>

#include <set>

#include "platform/crypto/crypto.hpp"

namespace rk::crypto::totp {
namespace {

// RFC 6238 appendix B's SHA-1 key, "12345678901234567890", in base32.
constexpr std::string_view kRfcSecret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
constexpr Millis S = 1000;

TEST(Totp, MatchesRfc6238TestVectors) {
  ASSERT_TRUE(Init());
  const std::pair<std::int64_t, const char*> vectors[] = {{59, "94287082"},         {1111111109, "07081804"},
                                                          {1111111111, "14050471"}, {1234567890, "89005924"},
                                                          {2000000000, "69279037"}, {20000000000, "65353130"}};
  for (const auto& [seconds, code] : vectors) {
    auto got = CodeAt(kRfcSecret, seconds * S, 8);
    ASSERT_TRUE(got.ok());
    EXPECT_EQ(*got, code) << seconds;
  }
}

TEST(Totp, AcceptsThisStepAndTheOneBeforeOnly) {
  const Millis now = 1'800'000'015 * S;
  const auto code = [&](Millis at) { return *CodeAt(kRfcSecret, at); };
  EXPECT_EQ(**Verify(kRfcSecret, code(now), now, std::nullopt), StepAt(now));
  EXPECT_EQ(**Verify(kRfcSecret, code(now - 30 * S), now, std::nullopt), StepAt(now) - 1);
  EXPECT_FALSE(*Verify(kRfcSecret, code(now - 60 * S), now, std::nullopt));  // two steps back
  EXPECT_FALSE(*Verify(kRfcSecret, code(now + 30 * S), now, std::nullopt));  // from the future
  const std::string wrong = code(now) == "000000" ? "111111" : "000000";
  EXPECT_FALSE(*Verify(kRfcSecret, wrong, now, std::nullopt));
  EXPECT_FALSE(*Verify(kRfcSecret, "", now, std::nullopt));
  EXPECT_FALSE(*Verify(kRfcSecret, code(now) + "0", now, std::nullopt));
}

TEST(Totp, ACodeIsUsedOnce) {
  const Millis now = 1'800'000'015 * S;
  const std::string code = *CodeAt(kRfcSecret, now);
  const auto step = **Verify(kRfcSecret, code, now, std::nullopt);
  EXPECT_FALSE(*Verify(kRfcSecret, code, now, step)) << "the same code again";
  EXPECT_FALSE(*Verify(kRfcSecret, code, now + 10 * S, step)) << "still inside its 30 seconds";
  // Nor an older one after a newer one was accepted.
  EXPECT_FALSE(*Verify(kRfcSecret, *CodeAt(kRfcSecret, now - 30 * S), now, step));
  // The next step's code is fine.
  EXPECT_EQ(**Verify(kRfcSecret, *CodeAt(kRfcSecret, now + 30 * S), now + 30 * S, step), step + 1);
}

TEST(Totp, NewSecretsAreBase32OfTwentyBytesAndDiffer) {
  const std::string a = NewSecret(), b = NewSecret();
  EXPECT_EQ(a.size(), 32u);  // 160 bits / 5
  EXPECT_NE(a, b);
  EXPECT_EQ(a.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"), std::string::npos);
  EXPECT_TRUE(CodeAt(a, 0).ok());
  EXPECT_FALSE(CodeAt("not base32!", 0).ok());
  EXPECT_FALSE(CodeAt("", 0).ok());
}

TEST(Totp, UriNamesIssuerAccountAndParameters) {
  EXPECT_EQ(Uri("rekindle", "ana@example.org", "ABC"),
            "otpauth://totp/rekindle:ana%40example.org?secret=ABC&issuer=rekindle&algorithm=SHA1&digits=6&period=30");
  EXPECT_EQ(Uri("Clinic A&B", "x y", "S"), "otpauth://totp/Clinic%20A%26B:x%20y?secret=S&issuer=Clinic%20A%26B&algorithm=SHA1&digits=6&period=30");
}

TEST(Totp, RecoveryCodesAreDistinctAndMatchHowEverTheyAreTyped) {
  const auto codes = NewRecoveryCodes();
  ASSERT_EQ(codes.size(), static_cast<std::size_t>(kRecoveryCodes));
  EXPECT_EQ(std::set<std::string>(codes.begin(), codes.end()).size(), codes.size());
  for (const auto& c : codes) EXPECT_EQ(c.size(), 14u) << c;
  std::string typed;
  for (char ch : codes[0])
    typed += ch == '-' ? ' ' : static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  EXPECT_EQ(RecoveryHash(typed), RecoveryHash(codes[0]));
  EXPECT_NE(RecoveryHash(codes[0]), RecoveryHash(codes[1]));
}

}  // namespace
}  // namespace rk::crypto::totp
