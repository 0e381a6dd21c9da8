// The store contract: the same tests against both drivers. The PostgreSQL case runs when
// REKINDLE_TEST_PG_URL names a server (make test starts one) and is skipped otherwise.

#include "platform/db/db.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "app/app.hpp"
#include "platform/crypto/crypto.hpp"

namespace rk::db {
namespace {

class Contract : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    ASSERT_TRUE(crypto::Init());
    if (GetParam() == "sqlite") {
      dir_ = std::filesystem::path(::testing::TempDir()) / ("rk_db_" + crypto::RandomToken(6));
      std::filesystem::create_directories(dir_);
      url_ = "sqlite:" + (dir_ / "test.db").string();
    } else {
      const char* pg = std::getenv("REKINDLE_TEST_PG_URL");
      if (!pg || !*pg) GTEST_SKIP() << "REKINDLE_TEST_PG_URL is not set";
      url_ = pg;
    }
    auto db = Database::Connect(url_, 2);
    ASSERT_TRUE(db.ok()) << db.error().message;
    db_ = std::move(db).value();
    auto c = db_->Acquire().value();
    ASSERT_TRUE(c->ExecScript("DROP TABLE IF EXISTS contract_items").ok());
    ASSERT_TRUE(c->ExecScript("CREATE TABLE contract_items (id TEXT PRIMARY KEY, n BIGINT, r DOUBLE PRECISION, "
                              "note TEXT, flag INTEGER NOT NULL DEFAULT 0)")
                    .ok());
  }
  void TearDown() override {
    if (db_) {
      auto c = db_->Acquire().value();
      (void)c->ExecScript("DROP TABLE IF EXISTS contract_items");
    }
    db_.reset();
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }
  std::filesystem::path dir_;
  std::string url_;
  std::unique_ptr<Database> db_;
};

TEST_P(Contract, RoundTripsEveryValueType) {
  auto c = db_->Acquire().value();
  ASSERT_TRUE(c->Exec("INSERT INTO contract_items (id, n, r, note, flag) VALUES (?, ?, ?, ?, ?)",
                      {std::string("a"), std::int64_t{9007199254740993}, 2.5, std::string("it's \"quoted\" ? ü"),
                       std::int64_t{1}})
                  .ok());
  ASSERT_TRUE(c->Exec("INSERT INTO contract_items (id, n, r, note) VALUES (?, ?, ?, ?)",
                      {std::string("b"), nullptr, nullptr, nullptr})
                  .ok());
  auto rows = c->Query("SELECT id, n, r, note, flag FROM contract_items ORDER BY id");
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 2u);
  const Row& a = (*rows)[0];
  EXPECT_EQ(a.Text(0), "a");
  EXPECT_EQ(a.Int(1), 9007199254740993);
  EXPECT_DOUBLE_EQ(a.Real(2), 2.5);
  EXPECT_EQ(a.Text(3), "it's \"quoted\" ? ü");
  EXPECT_TRUE(a.Bool(4));
  const Row& b = (*rows)[1];
  EXPECT_TRUE(b.IsNull(1));
  EXPECT_FALSE(b.OptText(3).has_value());
  EXPECT_FALSE(b.Bool(4));
}

TEST_P(Contract, QuestionMarksInsideLiteralsAreNotPlaceholders) {
  auto c = db_->Acquire().value();
  auto r = c->QueryOne("SELECT '?' , ?", {std::string("x")});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ((*r)->Text(0), "?");
  EXPECT_EQ((*r)->Text(1), "x");
}

TEST_P(Contract, DuplicateKeyIsConflict) {
  auto c = db_->Acquire().value();
  ASSERT_TRUE(c->Exec("INSERT INTO contract_items (id) VALUES (?)", {std::string("dup")}).ok());
  auto again = c->Exec("INSERT INTO contract_items (id) VALUES (?)", {std::string("dup")});
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
}

TEST_P(Contract, TransactionRollsBackOnError) {
  auto r = db_->Transaction<int>([](Connection& c) -> Result<int> {
    RK_TRY(c.Exec("INSERT INTO contract_items (id) VALUES (?)", {std::string("t1")}));
    return Error::Conflict("stop");
  });
  EXPECT_FALSE(r.ok());
  auto ok = db_->Transaction<int>([](Connection& c) -> Result<int> {
    RK_TRY(c.Exec("INSERT INTO contract_items (id) VALUES (?)", {std::string("t2")}));
    return 1;
  });
  EXPECT_TRUE(ok.ok());
  auto c = db_->Acquire().value();
  auto rows = c->Query("SELECT id FROM contract_items ORDER BY id");
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].Text(0), "t2");
}

TEST_P(Contract, ExecReportsChangedRows) {
  auto c = db_->Acquire().value();
  for (const char* id : {"x", "y", "z"}) ASSERT_TRUE(c->Exec("INSERT INTO contract_items (id) VALUES (?)", {std::string(id)}).ok());
  auto n = c->Exec("UPDATE contract_items SET flag = 1 WHERE id <> ?", {std::string("x")});
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 2);
}

TEST_P(Contract, MigrationsApplyOnceAndAreIdempotent) {
  auto c = db_->Acquire().value();
  for (const char* t : {"jobs", "chat_reads", "chat_messages", "conversation_notes", "conversations", "desire_answers", "daily_answers", "daily_questions", "assessment_drafts", "assessments", "couple_invites", "couple_members", "couples", "sessions", "users", "schema_migrations"})
    ASSERT_TRUE(c->ExecScript(std::string("DROP TABLE IF EXISTS ") + t).ok());
  const auto migrations = app::Migrations();
  ASSERT_FALSE(migrations.empty());
  auto first = Migrate(*c, migrations, 1);
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(*first, static_cast<int>(migrations.size()));
  auto second = Migrate(*c, migrations, 1);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(*second, 0);
  auto count = c->QueryOne("SELECT COUNT(*) FROM schema_migrations");
  EXPECT_EQ((*count)->Int(0), static_cast<std::int64_t>(migrations.size()));
}

TEST_P(Contract, ABrokenMigrationChangesNothing) {
  auto c = db_->Acquire().value();
  std::vector<Migration> bad = {{9001, "half", "CREATE TABLE contract_half (id TEXT); SELECT * FROM no_such_table"}};
  EXPECT_FALSE(Migrate(*c, bad, 1).ok());
  EXPECT_FALSE(c->Query("SELECT * FROM contract_half").ok());
  auto applied = c->QueryOne("SELECT COUNT(*) FROM schema_migrations WHERE version = 9001");
  ASSERT_TRUE(applied.ok());
  EXPECT_EQ((*applied)->Int(0), 0);
}

INSTANTIATE_TEST_SUITE_P(Drivers, Contract, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

TEST(Sqlite, IsDurableByConfiguration) {
  ASSERT_TRUE(crypto::Init());
  const auto path = std::filesystem::path(::testing::TempDir()) / ("rk_pragma_" + crypto::RandomToken(6) + ".db");
  auto c = Open("sqlite:" + path.string());
  ASSERT_TRUE(c.ok());
  EXPECT_EQ((*(*c)->QueryOne("PRAGMA journal_mode"))->Text(0), "wal");
  EXPECT_EQ((*(*c)->QueryOne("PRAGMA synchronous"))->Int(0), 2);  // FULL
  EXPECT_EQ((*(*c)->QueryOne("PRAGMA foreign_keys"))->Int(0), 1);
  c->reset();
  std::filesystem::remove(path);
}

TEST(Database, RejectsUnknownUrls) {
  EXPECT_FALSE(DialectOf("mysql://x").ok());
  EXPECT_EQ(*DialectOf("postgres://h/db"), Dialect::kPostgres);
  EXPECT_EQ(*DialectOf("sqlite:/tmp/x.db"), Dialect::kSqlite);
}

}  // namespace
}  // namespace rk::db
