#include "platform/crypto/crypto.hpp"

#include <gtest/gtest.h>

#include <set>

namespace rk::crypto {
namespace {

class Crypto : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(Init()); }
};

TEST_F(Crypto, TokensAreLongAndDistinct) {
  std::set<std::string> seen;
  for (int i = 0; i < 10000; ++i) {
    std::string t = RandomToken(32);
    EXPECT_EQ(t.size(), 43u);  // 256 bits in base64url
    EXPECT_EQ(t.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"), std::string::npos);
    EXPECT_TRUE(seen.insert(t).second);
  }
}

TEST_F(Crypto, Sha256MatchesKnownVector) {
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_F(Crypto, ConstantTimeEquals) {
  EXPECT_TRUE(ConstantTimeEquals("same", "same"));
  EXPECT_TRUE(ConstantTimeEquals("", ""));
  EXPECT_FALSE(ConstantTimeEquals("same", "sane"));
  EXPECT_FALSE(ConstantTimeEquals("same", "samey"));
}

TEST_F(Crypto, IdsSortByTimeAndAreUnique) {
  std::set<std::string> seen;
  std::string previous;
  for (Millis t = 1000; t < 1000 + 2000; ++t) {
    std::string id = NewId(t);
    EXPECT_EQ(id.size(), 26u);
    EXPECT_GT(id, previous);
    EXPECT_TRUE(seen.insert(id).second);
    previous = id;
  }
}

TEST_F(Crypto, PasswordHashIsArgon2idAndVerifiesExactly) {
  PasswordCost cheap{1, 8u << 20};
  auto hash = HashPassword("correct horse battery staple", cheap);
  ASSERT_TRUE(hash.ok());
  EXPECT_EQ(hash->rfind("$argon2id$", 0), 0u);
  EXPECT_TRUE(VerifyPassword(*hash, "correct horse battery staple"));
  EXPECT_FALSE(VerifyPassword(*hash, "correct horse battery stapl"));
  EXPECT_FALSE(VerifyPassword(*hash, "Correct horse battery staple"));
  EXPECT_FALSE(VerifyPassword("not a hash", "correct horse battery staple"));
  auto again = HashPassword("correct horse battery staple", cheap);
  EXPECT_NE(*hash, *again);  // salted
}

}  // namespace
}  // namespace rk::crypto
