#include "platform/mail/message.hpp"

#include <gtest/gtest.h>

namespace rk::mail {
namespace {

constexpr Millis kNow = 1'795'262'400'000;  // 2026-11-21T12:00:00Z, a Saturday

Envelope TestEnvelope() { return {{"rekindle", "no-reply@example.org"}, "job1@example.org", kNow, "=_rk_job1"}; }

Message TestMessage() {
  return {"robin@example.org", "Confirm your e-mail address", "Hello,\nopen https://x.example/verify#token=abc\n",
          "<p>Hello</p>"};
}

// Decodes quoted-printable, the way a mail client does.
std::string DecodeQp(std::string_view in) {
  std::string out;
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '=' && i + 2 < in.size() && in[i + 1] == '\r' && in[i + 2] == '\n') {
      i += 2;
    } else if (in[i] == '=' && i + 2 < in.size()) {
      out.push_back(static_cast<char>(std::stoi(std::string(in.substr(i + 1, 2)), nullptr, 16)));
      i += 2;
    } else {
      out.push_back(in[i]);
    }
  }
  return out;
}

TEST(Mime, HasTheHeadersAndBothPartsInQuotedPrintable) {
  auto mime = BuildMime(TestMessage(), TestEnvelope());
  ASSERT_TRUE(mime.ok()) << mime.error().message;
  const std::string& m = *mime;
  const auto headers_end = m.find("\r\n\r\n");
  ASSERT_NE(headers_end, std::string::npos);
  const std::string headers = m.substr(0, headers_end + 2);
  EXPECT_NE(headers.find("Date: Sat, 21 Nov 2026 12:00:00 +0000\r\n"), std::string::npos) << headers;
  EXPECT_NE(headers.find("From: rekindle <no-reply@example.org>\r\n"), std::string::npos);
  EXPECT_NE(headers.find("To: robin@example.org\r\n"), std::string::npos);
  EXPECT_NE(headers.find("Subject: Confirm your e-mail address\r\n"), std::string::npos);
  EXPECT_NE(headers.find("Message-ID: <job1@example.org>\r\n"), std::string::npos);
  EXPECT_NE(headers.find("MIME-Version: 1.0\r\n"), std::string::npos);
  EXPECT_NE(headers.find("Content-Type: multipart/alternative; boundary=\"=_rk_job1\"\r\n"), std::string::npos);
  EXPECT_NE(m.find("--=_rk_job1\r\nContent-Type: text/plain; charset=UTF-8\r\n"
                   "Content-Transfer-Encoding: quoted-printable\r\n\r\n"),
            std::string::npos);
  EXPECT_NE(m.find("--=_rk_job1\r\nContent-Type: text/html; charset=UTF-8\r\n"), std::string::npos);
  EXPECT_TRUE(m.ends_with("--=_rk_job1--\r\n"));
  EXPECT_NE(m.find("verify#token=3Dabc"), std::string::npos) << "'=' is encoded";
  // Every line ends in CRLF and none is longer than 998 (RFC 5322) or, in bodies, 76.
  for (std::size_t at = 0, next; at < m.size(); at = next + 2) {
    next = m.find("\r\n", at);
    ASSERT_NE(next, std::string::npos);
    EXPECT_LE(next - at, 76u) << m.substr(at, next - at);
    EXPECT_EQ(m.substr(at, next - at).find('\n'), std::string::npos);
  }
}

TEST(Mime, RefusesLineBreaksInEveryHeaderValue) {
  for (const std::string& bad : std::vector<std::string>{"x\r\nBcc: victim@example.org", "x\nBcc: v@example.org", "x\rB", std::string("x\0y", 3)}) {
    Message m = TestMessage();
    m.subject = bad;
    EXPECT_FALSE(BuildMime(m, TestEnvelope()).ok()) << "subject";
    m = TestMessage();
    m.to = "robin@example.org" + bad;
    EXPECT_FALSE(BuildMime(m, TestEnvelope()).ok()) << "to";
    Envelope e = TestEnvelope();
    e.from.name = bad;
    EXPECT_FALSE(BuildMime(TestMessage(), e).ok()) << "from name";
    e = TestEnvelope();
    e.message_id = "job1@example.org" + bad;
    EXPECT_FALSE(BuildMime(TestMessage(), e).ok()) << "message id";
  }
  EXPECT_FALSE(ParseMailbox("rekindle <a@example.org>\r\nBcc: b@example.org").ok());
}

TEST(Mime, RefusesAddressesThatCouldCarryAHeaderOrASecondRecipient) {
  for (const char* bad : {"", "robin", "@example.org", "robin@", "robin@example", "a@b@example.org", "a b@example.org",
                          "a@example.org,b@example.org", "a@example.org>", "<a@example.org", "a;b@example.org",
                          "jörg@example.org", "a@example.org."}) {
    EXPECT_FALSE(IsSendableAddress(bad)) << bad;
    Message m = TestMessage();
    m.to = bad;
    EXPECT_FALSE(BuildMime(m, TestEnvelope()).ok()) << bad;
  }
  EXPECT_TRUE(IsSendableAddress("robin.ash+rk@mail.example.org"));
}

TEST(Mime, NonAsciiSubjectsAndNamesAreEncodedWords) {
  Message m = TestMessage();
  m.subject = "Confirma tu dirección de correo";
  Envelope e = TestEnvelope();
  e.from.name = "Reavivar ñ";
  auto mime = BuildMime(m, e);
  ASSERT_TRUE(mime.ok());
  EXPECT_NE(mime->find("Subject: =?UTF-8?B?Q29uZmlybWEgdHUgZGlyZWNjacOzbiBkZSBjb3JyZW8=?=\r\n"), std::string::npos)
      << *mime;
  EXPECT_NE(mime->find("From: =?UTF-8?B?"), std::string::npos);
  // A long subject folds into several words, each within 75 characters, split between
  // characters.
  const std::string folded = EncodeHeaderText(std::string(40, 'x') + "ñ" + std::string(60, 'y'));
  EXPECT_NE(folded.find("\r\n =?UTF-8?B?"), std::string::npos);
  for (std::size_t at = 0; at < folded.size();) {
    const auto end = std::min(folded.find("\r\n", at), folded.size());
    EXPECT_LE(end - at, 76u);
    at = end + 2;
  }
  EXPECT_EQ(EncodeHeaderText("Plain words"), "Plain words");
}

TEST(Mime, SenderNamesWithPunctuationAreQuoted) {
  auto parsed = ParseMailbox("\"rekindle, the app\" <no-reply@example.org>");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->name, "rekindle, the app");
  Envelope e = TestEnvelope();
  e.from = *parsed;
  auto mime = BuildMime(TestMessage(), e);
  ASSERT_TRUE(mime.ok());
  EXPECT_NE(mime->find("From: \"rekindle, the app\" <no-reply@example.org>\r\n"), std::string::npos);
  auto bare = ParseMailbox("no-reply@example.org");
  ASSERT_TRUE(bare.ok());
  EXPECT_EQ(bare->name, "");
  EXPECT_FALSE(ParseMailbox("rekindle <not an address>").ok());
}

TEST(QuotedPrintable, RoundTripsAndKeepsLinesShort) {
  const std::string cases[] = {
      "",
      "short",
      "a = b",
      "trailing space \nnext",
      "tab at end\t",
      ".\nA dot alone would end SMTP data\n.also",
      std::string(200, 'x'),
      "ünïcödé ñ 😀 " + std::string(100, 'a') + "=" + std::string(80, '='),
  };
  for (const std::string& in : cases) {
    const std::string qp = QuotedPrintable(in);
    std::string expected;
    for (std::size_t i = 0; i < in.size(); ++i) {
      if (in[i] == '\n') expected += "\r\n";
      else expected.push_back(in[i]);
    }
    EXPECT_EQ(DecodeQp(qp), expected) << in;
    for (std::size_t at = 0; at <= qp.size();) {
      const auto end = std::min(qp.find("\r\n", at), qp.size());
      const std::string line = qp.substr(at, end - at);
      EXPECT_LE(line.size(), 76u) << line;
      EXPECT_FALSE(line.starts_with(".")) << "a line starting with a dot: " << in;
      if (!line.empty()) EXPECT_TRUE(line.back() != ' ' && line.back() != '\t') << "trailing white space: " << in;
      for (unsigned char c : line) EXPECT_TRUE(c >= 32 && c <= 126) << in;
      at = end + 2;
    }
  }
}

TEST(Html, EscapesEveryCharacterThatMatters) {
  EXPECT_EQ(EscapeHtml(R"(<script>alert("x" & 'y')</script>)"),
            "&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;");
}

TEST(Date, FollowsRfc5322) {
  EXPECT_EQ(FormatRfc5322Date(0), "Thu, 01 Jan 1970 00:00:00 +0000");
  EXPECT_EQ(FormatRfc5322Date(kNow), "Sat, 21 Nov 2026 12:00:00 +0000");
  EXPECT_EQ(FormatRfc5322Date(kNow + 2 * kDay + 5 * kHour + 7 * kSecond), "Mon, 23 Nov 2026 17:00:07 +0000");
}

}  // namespace
}  // namespace rk::mail
