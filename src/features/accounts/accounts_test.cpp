#include "features/accounts/accounts.hpp"

#include <gtest/gtest.h>

#include "app/embedded.hpp"

namespace rk::accounts {
namespace {

TEST(NormalizeEmail, TrimsLowercasesAndChecksShape) {
  struct Case {
    const char* in;
    const char* out;  // nullptr: refused
  } cases[] = {
      {"Sam@Example.ORG", "sam@example.org"},
      {"  sam@example.org ", "sam@example.org"},
      {"a.b+tag@sub.example.co.uk", "a.b+tag@sub.example.co.uk"},
      {"sam@example", nullptr},
      {"sam@@example.org", nullptr},
      {"@example.org", nullptr},
      {"sam@.org", nullptr},
      {"sam@example.org.", nullptr},
      {"sam example@example.org", nullptr},
      {"sam@exa<mple.org", nullptr},
      {"", nullptr},
      {"sam@ex\nample.org", nullptr},
  };
  for (const Case& c : cases) {
    auto got = NormalizeEmail(c.in);
    if (c.out) {
      ASSERT_TRUE(got.has_value()) << c.in;
      EXPECT_EQ(*got, c.out) << c.in;
    } else {
      EXPECT_FALSE(got.has_value()) << c.in;
    }
  }
  EXPECT_FALSE(NormalizeEmail(std::string(250, 'a') + "@x.org").has_value());
}

TEST(Device, NamesBrowserAndSystemFromAFixedList) {
  struct Case {
    const char* ua;
    const char* browser;
    const char* system;
  } cases[] = {
      {"Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0", "Firefox", "Linux"},
      {"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36",
       "Chrome", "Windows"},
      {"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 "
       "Edg/130.0.0.0",
       "Edge", "Windows"},
      {"Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 "
       "Mobile/15E148 Safari/604.1",
       "Safari", "iOS"},
      {"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 "
       "Safari/605.1.15",
       "Safari", "macOS"},
      {"Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Mobile "
       "Safari/537.36",
       "Chrome", "Android"},
      {"curl/8.0.1", "—", "—"},
      {"", "—", "—"},
      {"<b>Evil</b>\r\nBcc: x@example.org", "—", "—"},
  };
  for (const Case& c : cases) {
    const Device d = DescribeDevice(c.ua);
    EXPECT_EQ(d.browser, c.browser) << c.ua;
    EXPECT_EQ(d.system, c.system) << c.ua;
  }
}

TEST(MailTime, IsMinutesInUtc) { EXPECT_EQ(FormatMailTime(1'795'262'400'000 + 90 * kSecond), "2026-11-21 12:01 UTC"); }

TEST(Language, AcceptsTagsOnly) {
  for (const char* ok : {"en", "de", "pt-BR", "zh-Hant-TW", "fil"}) EXPECT_TRUE(IsValidLanguage(ok)) << ok;
  for (const char* bad : {"", "e", "EN", "english", "en-", "en--US", "en_US", "en-verylongsubtag"})
    EXPECT_FALSE(IsValidLanguage(bad)) << bad;
}

std::string_view CommonList() {
  for (std::size_t i = 0; i < embedded::kData_count; ++i)
    if (embedded::kData[i].name == "common-passwords-10k.txt") return embedded::kData[i].data;
  return {};
}

class Passwords : public ::testing::Test {
 protected:
  static const PasswordPolicy& Policy() {
    static const PasswordPolicy policy(CommonList());
    return policy;
  }
  static std::string CodeFor(std::string_view password, PasswordContext ctx = {"sam.rivers@example.org", "Sam"}) {
    auto r = Policy().Check(password, ctx);
    return r ? r->code : "ok";
  }
};

TEST_F(Passwords, ShipsTheFullCommonList) { EXPECT_GT(Policy().common_count(), 9000u); }

TEST_F(Passwords, AcceptsPassphrasesWithoutCompositionRules) {
  for (const char* ok : {"marmalade orbit tulip canoe", "thelighthousekeepersdog", "Ünïcödé fëëls fïnë tödäy",
                         "paper lanterns in the rain", "😀 moonlit tram to nowhere 🚋"})
    EXPECT_EQ(CodeFor(ok), "ok") << ok;
}

TEST_F(Passwords, LengthCountsCodePoints) {
  EXPECT_EQ(CodeFor("fourteen chars"), "too_short");  // 14
  EXPECT_EQ(CodeFor("fifteen  chars!"), "ok");        // 15
  EXPECT_EQ(CodeFor("😀😀😀😀😀😀😀😀😀😀😀😀😀😀🌙"), "ok");  // 15 emoji, 60 bytes
  EXPECT_EQ(CodeFor("😀😀😀😀😀😀😀😀😀😀😀😀😀😀"), "too_short");
  EXPECT_EQ(CodeFor(std::string(256, 'x').replace(0, 10, "abqz7 wrk ")), "ok");
  EXPECT_EQ(CodeFor(std::string(257, 'x').replace(0, 10, "abqz7 wrk ")), "too_long");
}

TEST_F(Passwords, RefusesWhatIsGuessedEarly) {
  struct Case {
    const char* password;
    const char* code;
  } cases[] = {
      {"passwordpassword", "repeated"},
      {"iloveyouiloveyou", "repeated"},
      {"password12345678", "common"},
      {"PASSWORD12345678", "common"},
      {"12345678password", "common"},
      {"baseball!!!!!!!!", "common"},
      {"qwertyqwertyqwerty", "repeated"},
      {"123456789012345", "simple_pattern"},
      {"aaaaaaaaaaaaaaaa", "simple_pattern"},
      {"abcdefghijklmnop", "simple_pattern"},
      {"abcabcabcabcabc", "repeated"},
      {"my rekindle password", "context_word"},
      {"ReKindle forever and ever", "context_word"},
      {"sam.rivers is the best", "context_word"},
  };
  for (const Case& c : cases) EXPECT_EQ(CodeFor(c.password), c.code) << c.password;
}

TEST_F(Passwords, DisplayNameIsAContextWord) {
  EXPECT_EQ(CodeFor("alexandra loves the sea", {"x@example.org", "Alexandra"}), "context_word");
  EXPECT_EQ(CodeFor("alexandra loves the sea", {"x@example.org", "Al"}), "ok");
}

TEST_F(Passwords, ReasonsSuggestAPassphrase) {
  auto r = Policy().Check("password12345678", {"x@example.org", ""});
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->field, "password");
  EXPECT_NE(r->message.find("passphrase"), std::string::npos);
}

}  // namespace
}  // namespace rk::accounts
