// The Mailer over a real job queue on SQLite: what it writes to the jobs table, what it
// hands the transport, and when it sends nothing.

#include "platform/mail/mail.hpp"

#include <gtest/gtest.h>

#include "app/embedded.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/db/testing.hpp"
#include "platform/mail/testing.hpp"

namespace rk::mail {
namespace {

constexpr Millis kStart = 1'795'262'400'000;  // 2026-11-21T12:00:00Z

class MailerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(crypto::Init());
    db_ = std::move(db::Database::Connect(scratch_.url(), 2)).value();
    auto c = db_->Acquire().value();
    for (std::size_t i = 0; i < embedded::kMigrations_count; ++i) {
      if (!embedded::kMigrations[i].name.starts_with("0007")) continue;
      const db::Migration m{7, "jobs", embedded::kMigrations[i].data};
      ASSERT_TRUE(db::Migrate(*c, std::span(&m, 1), kStart).ok());
    }
    sealer_ = std::move(crypto::Sealer::FromKey("k1", std::string(43, 'A'))).value();
    std::map<std::string, std::string> files;
    for (std::size_t i = 0; i < embedded::kMail_count; ++i)
      files.emplace(std::string(embedded::kMail[i].name), std::string(embedded::kMail[i].data));
    auto transport = std::make_unique<testing::MemoryTransport>();
    transport_ = transport.get();
    auto templates = Templates::Load(files);
    ASSERT_TRUE(templates.ok()) << templates.error().message;
    auto lookup = [this](db::Connection&, std::string_view to) -> Result<std::optional<Recipient>> {
      const auto it = people_.find(std::string(to));
      if (it == people_.end()) return std::optional<Recipient>();
      return std::optional<Recipient>(it->second);
    };
    mailer_ = std::make_unique<Mailer>(std::move(templates).value(), std::move(transport), *sealer_, lookup,
                                       MailerOptions{{"rekindle", "no-reply@example.org"}, "https://r.example", 3});
    queue_ = std::make_unique<jobs::Queue>(*db_, clock_);
    mailer_->Register(*queue_);
    people_["user:1"] = {"robin@example.org", "es-MX"};
  }

  Result<std::string> Enqueue(const Outgoing& m) {
    RK_ASSIGN_OR_RETURN(auto c, db_->Acquire(10'000, db::Mode::kWrite));
    return mailer_->Enqueue(*c, m, clock_.Now());
  }

  std::string Column(const std::string& sql) {
    auto c = db_->Acquire().value();
    auto row = c->QueryOne(sql).value();
    return row ? row->Text(0) : "";
  }

  std::int64_t Count(const std::string& sql) {
    auto c = db_->Acquire().value();
    return c->QueryOne(sql).value()->Int(0);
  }

  static Outgoing Reset(std::string to = "user:1") {
    return {std::move(to), "password_reset", {{"token", "SECRET_TOKEN_x"}, {"minutes", "30"}}, std::nullopt, std::nullopt};
  }

  db::testing::ScratchDatabase scratch_{"sqlite", "rk_mail_"};
  std::unique_ptr<db::Database> db_;
  std::unique_ptr<crypto::Sealer> sealer_;
  ManualClock clock_{kStart};
  testing::MemoryTransport* transport_ = nullptr;
  std::map<std::string, Recipient> people_;
  std::unique_ptr<Mailer> mailer_;
  std::unique_ptr<jobs::Queue> queue_;
};

TEST_F(MailerTest, TheJobHoldsNoAddressOrTokenAndIsEmptiedOnceSent) {
  auto id = Enqueue(Reset());
  ASSERT_TRUE(id.ok()) << id.error().message;
  const std::string payload = Column("SELECT payload FROM jobs WHERE kind = 'mail.send'");
  EXPECT_EQ(payload.find("SECRET_TOKEN"), std::string::npos);
  EXPECT_EQ(payload.find("user:1"), std::string::npos);
  EXPECT_EQ(payload.find("password_reset"), std::string::npos);
  EXPECT_NE(payload.find("\"sealed\":\"v2:"), std::string::npos);
  auto opened = mailer_->Open(payload);
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(opened->vars.at("token"), "SECRET_TOKEN_x");

  ASSERT_TRUE(*queue_->RunOnce());
  const auto sent = transport_->sent();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].to, "robin@example.org");
  EXPECT_EQ(sent[0].from, "no-reply@example.org");
  EXPECT_EQ(sent[0].id, *id);
  EXPECT_NE(sent[0].mime.find("Message-ID: <" + *id + "@example.org>"), std::string::npos);
  EXPECT_NE(sent[0].mime.find("Subject: =?UTF-8?B?"), std::string::npos) << "the Spanish subject";
  EXPECT_NE(sent[0].mime.find("https://r.example/reset-password#token=3DSECRET_TOKEN_x"), std::string::npos);
  EXPECT_EQ(Column("SELECT payload FROM jobs WHERE kind = 'mail.send' AND state = 'done'"), "{}");
}

TEST_F(MailerTest, AFailingServerMeansARetryAndTheSameMessageIdLater) {
  transport_->set_fail(true);
  auto id = Enqueue(Reset());
  ASSERT_TRUE(*queue_->RunOnce());
  EXPECT_EQ(Column("SELECT state FROM jobs WHERE kind = 'mail.send'"), "pending");
  const std::string error = Column("SELECT last_error FROM jobs WHERE kind = 'mail.send'");
  EXPECT_EQ(error, "SMTP: Couldn't connect to server");
  transport_->set_fail(false);
  clock_.Advance(kHour);
  ASSERT_TRUE(*queue_->RunOnce());
  ASSERT_EQ(transport_->sent().size(), 1u);
  EXPECT_NE(transport_->sent()[0].mime.find("Message-ID: <" + *id + "@example.org>"), std::string::npos);
}

TEST_F(MailerTest, NothingIsSentToSomeoneGoneOrAfterTheLinkExpired) {
  ASSERT_TRUE(Enqueue(Reset("user:gone")).ok());
  Outgoing late = Reset();
  late.not_after = kStart + 30 * kMinute;
  ASSERT_TRUE(Enqueue(late).ok());
  people_["user:2"] = {"not an address", "en"};
  ASSERT_TRUE(Enqueue(Reset("user:2")).ok());
  clock_.Advance(31 * kMinute);
  while (*queue_->RunOnce()) {
  }
  EXPECT_TRUE(transport_->sent().empty());
  EXPECT_EQ(Count("SELECT COUNT(*) FROM jobs WHERE kind = 'mail.send' AND state = 'done'"), 3);
}

TEST_F(MailerTest, AMessageThatCannotRenderFailsItsRequestNotAJobLater) {
  auto missing = Enqueue({"user:1", "password_reset", {{"token", "t"}}, std::nullopt, std::nullopt});
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("minutes"), std::string::npos);
  EXPECT_FALSE(Enqueue({"user:1", "no_such_template", {}, std::nullopt, std::nullopt}).ok());
  EXPECT_EQ(Count("SELECT COUNT(*) FROM jobs"), 0);
}

TEST_F(MailerTest, TheIdempotencyKeyMakesOneMessage) {
  Outgoing m = Reset();
  m.idempotency_key = "reset:abc";
  const std::string first = *Enqueue(m);
  EXPECT_EQ(*Enqueue(m), first);
  while (*queue_->RunOnce()) {
  }
  EXPECT_EQ(transport_->sent().size(), 1u);
}

}  // namespace
}  // namespace rk::mail
