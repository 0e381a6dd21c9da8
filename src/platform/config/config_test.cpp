#include "platform/config/config.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

namespace rk::config {
namespace {

TEST(Config, DefaultsServeLocallyOnSqlite) {
  auto c = Load("", {}, {});
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->host(), "127.0.0.1");
  EXPECT_EQ(c->port(), 8080);
  EXPECT_EQ(c->database, "sqlite:var/rekindle.db");
  EXPECT_EQ(c->body_limit, 1u << 20);
  EXPECT_FALSE(c->secure());
  EXPECT_EQ(c->jobs_workers, 2);
  EXPECT_EQ(c->jobs_purge_interval, kHour);
  EXPECT_EQ(c->smtp_host, "") << "no SMTP server: messages go to files in mail.dir";
  EXPECT_EQ(c->smtp_starttls, "required");
  EXPECT_EQ(c->care_currency, "EUR");
}

TEST(Config, SmtpFromTheFileWithThePasswordFromTheEnvironment) {
  const std::string path = ::testing::TempDir() + "/rekindle_config_smtp.toml";
  {
    std::ofstream out(path);
    out << "[mail]\nfrom = \"rekindle <no-reply@example.org>\"\n[smtp]\nhost = \"smtp.example.org\"\nport = 2525\n"
           "username = \"rk\"\n";
  }
  auto c = Load(path, {{"REKINDLE_SMTP_PASSWORD", "s3cret"}}, {});
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->mail_from, "rekindle <no-reply@example.org>");
  EXPECT_EQ(c->smtp_host, "smtp.example.org");
  EXPECT_EQ(c->smtp_port, 2525);
  EXPECT_EQ(c->smtp_username, "rk");
  EXPECT_EQ(c->smtp_password, "s3cret");
  std::remove(path.c_str());
}

TEST(Config, FileThenEnvironmentThenFlags) {
  const std::string path = ::testing::TempDir() + "/rekindle_config_test.toml";
  {
    std::ofstream out(path);
    out << "listen = \"0.0.0.0:9000\"\nthreads = 3\npublic_url = \"https://example.org\"\n"
           "[limits]\nbody_bytes = 2048\n";
  }
  auto c = Load(path, {{"REKINDLE_THREADS", "5"}, {"REKINDLE_LIMITS_BODY_BYTES", "4096"}, {"REKINDLE_JOBS_WORKERS", "0"}},
                {{"threads", "7"}});
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->listen, "0.0.0.0:9000");
  EXPECT_EQ(c->threads, 7);
  EXPECT_EQ(c->body_limit, 4096u);
  EXPECT_EQ(c->jobs_workers, 0);
  EXPECT_TRUE(c->secure());
  std::remove(path.c_str());
}

TEST(Config, ErrorsNameTheKey) {
  struct Case {
    std::map<std::string, std::string> env;
    const char* mentions;
  } cases[] = {
      {{{"REKINDLE_THREADS", "many"}}, "threads"},
      {{{"REKINDLE_LISTEN", "nowhere"}}, "listen"},
      {{{"REKINDLE_DATABASE", "mysql://x"}}, "database"},
      {{{"REKINDLE_LIMITS_BODY_BYTES", "1"}}, "limits.body_bytes"},
      {{{"REKINDLE_JOBS_POLL_MS", "0"}}, "jobs.poll_ms"},
      {{{"REKINDLE_SMTP_STARTTLS", "maybe"}}, "smtp.starttls"},
      {{{"REKINDLE_SMTP_PORT", "70000"}}, "smtp.port"},
      {{{"REKINDLE_CARE_CURRENCY", "euro"}}, "care.currency"},
  };
  for (const auto& c : cases) {
    auto r = Load("", c.env, {});
    ASSERT_FALSE(r.ok()) << c.mentions;
    EXPECT_NE(r.error().message.find(c.mentions), std::string::npos) << r.error().message;
  }
  const std::string path = ::testing::TempDir() + "/rekindle_config_bad.toml";
  {
    std::ofstream out(path);
    out << "no_such_key = 1\n";
  }
  auto r = Load(path, {}, {});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("no_such_key"), std::string::npos);
  std::remove(path.c_str());
}

TEST(Config, VideoUrlsAreListsAndTurnNeedsItsSecret) {
  auto c = Load("", {{"REKINDLE_VIDEO_STUN_URLS", " stun:stun.example.org:3478 ,, stun:127.0.0.1 "},
                     {"REKINDLE_VIDEO_TURN_URLS", "turn:turn.example.org:3478?transport=udp,turns:turn.example.org:5349"},
                     {"REKINDLE_VIDEO_TURN_SECRET", "0123456789abcdef0123"}},
                {});
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->video_stun_urls, (std::vector<std::string>{"stun:stun.example.org:3478", "stun:127.0.0.1"}));
  EXPECT_EQ(c->video_turn_urls.size(), 2u);
  EXPECT_EQ(c->video_turn_ttl, 15 * kMinute);
  EXPECT_FALSE(c->video_relay_only);
  EXPECT_FALSE(Load("", {{"REKINDLE_VIDEO_TURN_URLS", "turn:turn.example.org"}}, {}).ok()) << "no secret";
  EXPECT_FALSE(Load("", {{"REKINDLE_VIDEO_TURN_URLS", "turn:t"}, {"REKINDLE_VIDEO_TURN_SECRET", "short"}}, {}).ok());
  EXPECT_FALSE(Load("", {{"REKINDLE_VIDEO_STUN_URLS", "http://stun.example.org"}}, {}).ok());
  EXPECT_FALSE(Load("", {{"REKINDLE_VIDEO_TURN_URLS", "stun:x"}, {"REKINDLE_VIDEO_TURN_SECRET", "0123456789abcdef"}}, {}).ok());
  EXPECT_FALSE(Load("", {{"REKINDLE_VIDEO_RELAY_ONLY", "true"}}, {}).ok()) << "relays only, but no relay";
}

}  // namespace
}  // namespace rk::config
