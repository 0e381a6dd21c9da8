// The store contract: the same tests against both drivers. The PostgreSQL case runs when
// REKINDLE_TEST_PG_URL names a server (make test starts one) and is skipped otherwise.

#include "platform/db/db.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <thread>

#include "app/app.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/db/testing.hpp"

namespace rk::db {
namespace {

class Contract : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    ASSERT_TRUE(crypto::Init());
    scratch_ = std::make_unique<testing::ScratchDatabase>(GetParam(), "rk_db_");
    if (!scratch_->available()) GTEST_SKIP() << "REKINDLE_TEST_PG_URL is not set";
    url_ = scratch_->url();
    auto db = Database::Connect(url_, 2);
    ASSERT_TRUE(db.ok()) << db.error().message;
    db_ = std::move(db).value();
    auto c = db_->Acquire().value();
    ASSERT_TRUE(c->ExecScript("CREATE TABLE contract_items (id TEXT PRIMARY KEY, n BIGINT, r DOUBLE PRECISION, "
                              "note TEXT, flag INTEGER NOT NULL DEFAULT 0)")
                    .ok());
  }
  void TearDown() override {
    db_.reset();
    scratch_.reset();
  }
  std::unique_ptr<testing::ScratchDatabase> scratch_;
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
  for (const char* t : {"jobs", "user_roles", "chat_reads", "chat_messages", "conversation_notes", "conversations", "desire_answers", "daily_answers", "daily_questions", "assessment_drafts", "assessments", "couple_invites", "couple_members", "couples", "sessions", "users", "schema_migrations"})
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

TEST_P(Contract, PoolNeverWaitsForeverAndServesInOrder) {
  // Both connections out: a third request waits, in order, and times out cleanly.
  auto a = db_->Acquire(1000);
  auto b = db_->Acquire(1000);
  ASSERT_TRUE(a.ok() && b.ok());
  auto timed_out = db_->Acquire(50);
  ASSERT_FALSE(timed_out.ok());
  EXPECT_EQ(timed_out.error().code, ErrorCode::kUnavailable);
  std::vector<int> served;
  std::vector<Database::Lease> kept;
  auto first = db_->AcquireAsync(Mode::kRead, [&](Result<Database::Lease> l) {
    served.push_back(1);
    kept.push_back(std::move(l).value());
  });
  auto second = db_->AcquireAsync(Mode::kRead, [&](Result<Database::Lease>) { served.push_back(2); });
  auto third = db_->AcquireAsync(Mode::kRead, [&](Result<Database::Lease>) { served.push_back(3); });
  EXPECT_EQ(db_->waiting(), 3u);
  EXPECT_TRUE(db_->Cancel(second));   // withdrawn: never called
  EXPECT_FALSE(db_->Cancel(second));  // only once
  *a = Database::Lease();             // returns a connection: the first waiter gets it
  EXPECT_EQ(served, (std::vector<int>{1}));
  *b = Database::Lease();  // the next goes to the third (the second gave up)
  EXPECT_EQ(served, (std::vector<int>{1, 3}));
  EXPECT_FALSE(db_->Cancel(first));
  EXPECT_EQ(db_->waiting(), 0u);
}

TEST_P(Contract, OneWriterAtATimeOnSqliteAndReadersPassIt) {
  auto writer = db_->Acquire(1000, Mode::kWrite);
  ASSERT_TRUE(writer.ok());
  bool second_writer = false;
  auto w = db_->AcquireAsync(Mode::kWrite, [&](Result<Database::Lease>) { second_writer = true; });
  // A reader behind a waiting writer is not held up by it.
  auto reader = db_->Acquire(1000, Mode::kRead);
  EXPECT_TRUE(reader.ok());
  if (GetParam() == "sqlite") {
    EXPECT_FALSE(second_writer);
    *writer = Database::Lease();
    EXPECT_TRUE(second_writer);
  } else {
    EXPECT_TRUE(second_writer || db_->Cancel(w));  // PostgreSQL takes concurrent writers (pool of 2: one is out)
  }
}

TEST_P(Contract, ALeaseReturnedInsideATransactionIsRolledBack) {
  {
    auto c = db_->Acquire(1000, Mode::kWrite).value();
    ASSERT_TRUE(c->Begin().ok());
    ASSERT_TRUE(c->Exec("INSERT INTO contract_items (id) VALUES ('left-open')").ok());
  }
  auto c = db_->Acquire().value();
  EXPECT_FALSE(c->in_transaction());
  EXPECT_FALSE((*c->QueryOne("SELECT id FROM contract_items WHERE id = 'left-open'")).has_value());
}

TEST_P(Contract, ACommitAfterASwallowedErrorFails) {
  auto c = db_->Acquire(1000, Mode::kWrite).value();
  ASSERT_TRUE(c->Begin().ok());
  ASSERT_TRUE(c->Exec("INSERT INTO contract_items (id) VALUES ('kept?')").ok());
  EXPECT_FALSE(c->Exec("INSERT INTO contract_items (id) VALUES ('kept?')").ok());  // swallowed
  if (GetParam() == "postgresql") {
    // The transaction is aborted: committing must not look like success.
    EXPECT_FALSE(c->Commit().ok());
    EXPECT_FALSE((*c->QueryOne("SELECT id FROM contract_items WHERE id = 'kept?'")).has_value());
  } else {
    // SQLite keeps the transaction usable after a failed statement.
    EXPECT_TRUE(c->Commit().ok());
  }
  EXPECT_FALSE(c->in_transaction());
}

TEST(Database, ClosingFailsWaiters) {
  ASSERT_TRUE(crypto::Init());
  auto db = std::move(Database::Connect("sqlite::memory:", 1)).value();
  auto held = std::make_unique<Database::Lease>(db->Acquire().value());
  std::optional<ErrorCode> got;
  db->AcquireAsync(Mode::kRead, [&](Result<Database::Lease> l) {
    if (!l.ok()) got = l.error().code;
  });
  std::thread closer([&] { db->Close(); });
  while (!got) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  EXPECT_EQ(*got, ErrorCode::kUnavailable);
  held.reset();  // Close waits for the lease to come back
  closer.join();
  EXPECT_FALSE(db->Acquire(10).ok());
}

TEST(Database, RejectsUnknownUrls) {
  EXPECT_FALSE(DialectOf("mysql://x").ok());
  EXPECT_EQ(*DialectOf("postgres://h/db"), Dialect::kPostgres);
  EXPECT_EQ(*DialectOf("sqlite:/tmp/x.db"), Dialect::kSqlite);
}

}  // namespace
}  // namespace rk::db
