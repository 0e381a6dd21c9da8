// The audit log's chain: appends link up, and an edited, deleted or inserted entry is
// found, on SQLite and (when REKINDLE_TEST_PG_URL is set) PostgreSQL.
#include "platform/audit/audit.hpp"

#include <gtest/gtest.h>

#include "app/app.hpp"
#include "platform/db/testing.hpp"

namespace rk::audit {
namespace {

class Audit : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (!scratch_.available()) GTEST_SKIP() << "no PostgreSQL configured";
    auto c = db::Open(scratch_.url());
    ASSERT_TRUE(c.ok()) << c.error().message;
    conn_ = std::move(c).value();
    // The schema as the migrations make it.
    ASSERT_TRUE(db::Migrate(*conn_, app::Migrations(), 0).ok());
  }
  void Add(int n) {
    for (int i = 0; i < n; ++i) {
      ASSERT_TRUE(conn_->Begin().ok());
      ASSERT_TRUE(Append(*conn_, {"op1", "therapist.approve", "therapist", "t" + std::to_string(i), "reason " + std::to_string(i), "r"},
                         1000 + i).ok());
      ASSERT_TRUE(conn_->Commit().ok());
    }
  }
  db::testing::ScratchDatabase scratch_{GetParam()};
  std::unique_ptr<db::Connection> conn_;
};

TEST_P(Audit, AppendsLinkUpAndListNewestFirst) {
  Add(5);
  auto v = Verify(*conn_);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(*v, std::nullopt);
  auto all = List(*conn_, std::nullopt, 10);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 5u);
  EXPECT_EQ((*all)[0].seq, 5);
  EXPECT_EQ((*all)[0].prev_hash, (*all)[1].hash);
  EXPECT_EQ((*all)[4].prev_hash, std::string(64, '0'));
  auto page = List(*conn_, 3, 10);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->size(), 2u);
  EXPECT_EQ((*page)[0].seq, 2);
  auto one = List(*conn_, std::nullopt, 10, "therapist", "t3");
  ASSERT_TRUE(one.ok());
  ASSERT_EQ(one->size(), 1u);
  EXPECT_EQ((*one)[0].event.detail, "reason 3");
}

TEST_P(Audit, AnEditedEntryIsFound) {
  Add(4);
  ASSERT_TRUE(conn_->Exec("UPDATE audit_log SET detail = 'changed' WHERE seq = 3").ok());
  auto v = Verify(*conn_);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(*v, std::optional<std::int64_t>(3));
}

TEST_P(Audit, ADeletedEntryIsFound) {
  Add(4);
  ASSERT_TRUE(conn_->Exec("DELETE FROM audit_log WHERE seq = 2").ok());
  auto v = Verify(*conn_);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(*v, std::optional<std::int64_t>(3));
}

TEST_P(Audit, ARehashedEditIsFoundByTheNextEntry) {
  // Someone who edits an entry and recomputes its own hash still breaks the link after it.
  Add(3);
  auto rows = List(*conn_, std::nullopt, 10);
  ASSERT_TRUE(rows.ok());
  Entry second = (*rows)[1];
  second.event.detail = "forged";
  const std::string forged = HashOf(second.seq, second.at, second.event, second.prev_hash);
  ASSERT_TRUE(conn_->Exec("UPDATE audit_log SET detail = 'forged', hash = ? WHERE seq = 2", {forged}).ok());
  auto v = Verify(*conn_);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(*v, std::optional<std::int64_t>(3));
}

TEST(AuditHash, FieldsCannotRunIntoEachOther) {
  const Event a{"ab", "c", "t", "o", "", ""};
  const Event b{"a", "bc", "t", "o", "", ""};
  EXPECT_NE(HashOf(1, 0, a, "0"), HashOf(1, 0, b, "0"));
}

INSTANTIATE_TEST_SUITE_P(Drivers, Audit, ::testing::Values("sqlite", "postgresql"));

}  // namespace
}  // namespace rk::audit
