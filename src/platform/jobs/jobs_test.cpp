// The job queue against both drivers. The PostgreSQL case runs when
// REKINDLE_TEST_PG_URL names a server (make test starts one) and is skipped otherwise;
// each test there works in a schema of its own, so tests may run in parallel.

#include "platform/jobs/jobs.hpp"

#include "platform/db/testing.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <thread>

#include "platform/crypto/crypto.hpp"

namespace rk::jobs {
namespace {

constexpr Millis kStart = 1'800'000'000'000;  // 2027-01-15

std::string ReadMigration() {
  std::ifstream in(std::string(REKINDLE_SOURCE_DIR) + "/migrations/0007_jobs.sql");
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class JobQueue : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    ASSERT_TRUE(crypto::Init());
    scratch_ = std::make_unique<db::testing::ScratchDatabase>(GetParam(), "rk_jobs_");
    if (!scratch_->available()) GTEST_SKIP() << "REKINDLE_TEST_PG_URL is not set";
    url_ = scratch_->url();
    schema_ = scratch_->schema();
    db_ = Connect(4);
    ASSERT_TRUE(db_);
    auto c = db_->Acquire().value();
    const std::string sql = ReadMigration();
    ASSERT_FALSE(sql.empty());
    const db::Migration m{7, "jobs", sql};
    auto applied = db::Migrate(*c, std::span(&m, 1), kStart);
    ASSERT_TRUE(applied.ok()) << applied.error().message;
    if (!schema_.empty()) {
      ASSERT_EQ((*c->QueryOne("SELECT current_schema()"))->Text(0), schema_);
    }
    ASSERT_TRUE(c->ExecScript("CREATE TABLE effects (job_id TEXT NOT NULL, worker TEXT NOT NULL)").ok());
  }

  void TearDown() override {
    db_.reset();
    scratch_.reset();
  }

  // Another pool on the same database, as another server would have.
  std::unique_ptr<db::Database> Connect(std::size_t size) {
    auto db = db::Database::Connect(url_, size);
    EXPECT_TRUE(db.ok()) << db.error().message;
    return db.ok() ? std::move(db).value() : nullptr;
  }

  std::int64_t Scalar(const std::string& sql) {
    auto c = db_->Acquire().value();
    auto row = c->QueryOne(sql);
    EXPECT_TRUE(row.ok() && *row) << sql;
    return row.ok() && *row ? (*row)->Int(0) : -1;
  }

  std::string Enqueued(NewJob job, Millis now = kStart) {
    auto c = db_->Acquire(10'000, db::Mode::kWrite).value();
    auto id = Enqueue(*c, job, now);
    EXPECT_TRUE(id.ok()) << id.error().message;
    return id.ok() ? *id : "";
  }

  // Enqueues `n` test.effect jobs in one transaction, the i-th with payload(i).
  void EnqueueMany(int n, const std::function<std::string(int)>& payload) {
    auto c = db_->Acquire(10'000, db::Mode::kWrite).value();
    ASSERT_TRUE(c->Begin().ok());
    for (int i = 0; i < n; ++i) {
      ASSERT_TRUE(Enqueue(*c, {.kind = "test.effect", .payload = payload(i)}, SystemClock::Instance().Now()).ok());
    }
    ASSERT_TRUE(c->Commit().ok());
  }

  // Waits (at most a minute) until `n` test.effect jobs are done, then stops `queues`.
  void WaitForDoneThenStop(int n, std::initializer_list<Queue*> queues) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (Scalar("SELECT COUNT(*) FROM jobs WHERE kind = 'test.effect' AND state = 'done'") < n &&
           std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    for (Queue* q : queues) q->Stop();
    EXPECT_EQ(Scalar("SELECT COUNT(*) FROM jobs WHERE kind = 'test.effect' AND state = 'done'"), n);
    EXPECT_EQ(Scalar("SELECT COUNT(*) FROM effects"), n);
    EXPECT_EQ(Scalar("SELECT COUNT(DISTINCT job_id) FROM effects"), n);
  }

  std::unique_ptr<db::testing::ScratchDatabase> scratch_;
  std::string schema_, url_;
  std::unique_ptr<db::Database> db_;
};

// A handler that records its run in `effects` (inside the job's transaction).
Handler RecordEffect(std::string worker = "w") {
  return [worker](db::Connection& c, const Job& job) -> Status {
    RK_TRY(c.Exec("INSERT INTO effects (job_id, worker) VALUES (?, ?)", {job.id, worker}));
    return {};
  };
}

Options Fast() {
  Options o;
  o.poll = 10;
  o.lease = 10 * kSecond;
  o.backoff_base = kSecond;
  o.backoff_cap = 4 * kSecond;
  return o;
}

TEST_P(JobQueue, EnqueueRollsBackWithItsTransaction) {
  {
    auto c = db_->Acquire(10'000, db::Mode::kWrite).value();
    ASSERT_TRUE(c->Begin().ok());
    ASSERT_TRUE(Enqueue(*c, {.kind = "test.effect"}, kStart).ok());
    ASSERT_TRUE(c->Rollback().ok());
  }
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM jobs"), 0);
  {
    auto c = db_->Acquire(10'000, db::Mode::kWrite).value();
    ASSERT_TRUE(c->Begin().ok());
    ASSERT_TRUE(Enqueue(*c, {.kind = "test.effect"}, kStart).ok());
    ASSERT_TRUE(c->Commit().ok());
  }
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM jobs WHERE state = 'pending'"), 1);
}

TEST_P(JobQueue, RefusesJobsWithoutKindOrAttempts) {
  auto c = db_->Acquire(10'000, db::Mode::kWrite).value();
  EXPECT_EQ(Enqueue(*c, {.kind = ""}, kStart).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(Enqueue(*c, {.kind = "k", .max_attempts = 0}, kStart).error().code, ErrorCode::kInvalidArgument);
}

TEST_P(JobQueue, SameKindAndKeyIsOneJobEvenAfterItRan) {
  const std::string first = Enqueued({.kind = "test.effect", .idempotency_key = "invite:1"});
  EXPECT_EQ(Enqueued({.kind = "test.effect", .idempotency_key = "invite:1"}), first);
  EXPECT_NE(Enqueued({.kind = "test.other", .idempotency_key = "invite:1"}), first);
  EXPECT_NE(Enqueued({.kind = "test.effect"}), Enqueued({.kind = "test.effect"}));  // no key: always new
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM jobs"), 4);

  ManualClock clock(kStart);
  Queue q(*db_, clock, Fast());
  q.Register("test.effect", RecordEffect());
  int ran = 0;
  while (*q.RunOnce()) ++ran;
  EXPECT_EQ(ran, 3);
  EXPECT_EQ(Enqueued({.kind = "test.effect", .idempotency_key = "invite:1"}), first);
  EXPECT_FALSE(*q.RunOnce());
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM effects"), 3);
}

TEST_P(JobQueue, WaitsUntilDue) {
  ManualClock clock(kStart);
  Queue q(*db_, clock, Fast());
  q.Register("test.effect", RecordEffect());
  const std::string id = Enqueued({.kind = "test.effect", .due_at = kStart + kMinute});
  EXPECT_FALSE(*q.RunOnce());
  clock.Advance(kMinute - 1);
  EXPECT_FALSE(*q.RunOnce());
  clock.Advance(1);
  EXPECT_TRUE(*q.RunOnce());
  EXPECT_FALSE(*q.RunOnce());
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM effects"), 1);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM jobs WHERE state = 'done' AND attempts = 1"), 1);
  EXPECT_EQ(q.stats().totals["test.effect"].succeeded, 1u);
}

TEST_P(JobQueue, ClaimsOnlyKindsItHandles) {
  ManualClock clock(kStart);
  Queue q(*db_, clock, Fast());
  q.Register("test.effect", RecordEffect());
  Enqueued({.kind = "test.unknown"});
  EXPECT_FALSE(*q.RunOnce());
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM jobs WHERE state = 'pending' AND attempts = 0"), 1);
}

TEST_P(JobQueue, RetriesWithBackoffThenDies) {
  ManualClock clock(kStart);
  Queue q(*db_, clock, Fast());
  q.Register("test.flaky", [](db::Connection& c, const Job& job) -> Status {
    RK_TRY(c.Exec("INSERT INTO effects (job_id, worker) VALUES (?, ?)", {job.id, std::string("w")}));
    return Error::Unavailable("The mail server is not answering.");
  });
  Enqueued({.kind = "test.flaky", .max_attempts = 3});
  // Attempt n waits between half and all of min(cap, base * 2^(n-1)).
  const Millis waits[] = {kSecond, 2 * kSecond};
  for (Millis wait : waits) {
    ASSERT_TRUE(*q.RunOnce());
    auto c = db_->Acquire().value();
    auto row = (*c->QueryOne("SELECT state, due_at, last_error, lease_token FROM jobs"));
    EXPECT_EQ(row->Text(0), "pending");
    EXPECT_GE(row->Int(1), clock.Now() + wait / 2);
    EXPECT_LE(row->Int(1), clock.Now() + wait);
    EXPECT_EQ(row->Text(2), "The mail server is not answering.");
    EXPECT_TRUE(row->IsNull(3));
    EXPECT_FALSE(*q.RunOnce());  // not due yet
    clock.Advance(wait);
  }
  ASSERT_TRUE(*q.RunOnce());
  EXPECT_FALSE(*q.RunOnce());
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM jobs WHERE state = 'dead' AND attempts = 3"), 1);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM effects"), 0);  // every failed run rolled back
  const KindTotals t = q.stats().totals["test.flaky"];
  EXPECT_EQ(t.failed, 3u);
  EXPECT_EQ(t.dead, 1u);
  EXPECT_EQ(t.succeeded, 0u);
  EXPECT_EQ(q.Count()->dead, 1);
}

TEST_P(JobQueue, AFailedRunLeavesNoEffectAndTheRetryCounts) {
  ManualClock clock(kStart);
  Queue q(*db_, clock, Fast());
  int calls = 0;
  q.Register("test.once-flaky", [&calls](db::Connection& c, const Job& job) -> Status {
    RK_TRY(c.Exec("INSERT INTO effects (job_id, worker) VALUES (?, ?)", {job.id, std::to_string(job.attempt)}));
    if (++calls == 1) return Error::Internal("first run fails");
    return {};
  });
  Enqueued({.kind = "test.once-flaky"});
  ASSERT_TRUE(*q.RunOnce());
  clock.Advance(kSecond);
  ASSERT_TRUE(*q.RunOnce());
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM effects WHERE worker = '2'"), 1);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM effects"), 1);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM jobs WHERE state = 'done'"), 1);
}

TEST_P(JobQueue, ALateWorkerWhoseLeaseWasTakenOverRollsBack) {
  ManualClock clock(kStart);
  auto other_db = Connect(2);
  Queue a(*db_, clock, Fast());
  Queue b(*other_db, clock, Fast());
  a.Register("test.effect", RecordEffect("a"));
  b.Register("test.effect", RecordEffect("b"));
  Enqueued({.kind = "test.effect"});

  auto claimed = a.TEST_Claim();  // a claims, then stalls past its lease
  ASSERT_TRUE(claimed.ok() && *claimed);
  EXPECT_FALSE(*b.RunOnce());  // leased: b leaves it alone
  EXPECT_EQ(a.Count()->running, 1);
  clock.Advance(Fast().lease);
  ASSERT_TRUE(*b.RunOnce());  // expired: b claims it again and finishes it
  ASSERT_TRUE(a.TEST_Run((*claimed)->first, (*claimed)->second).ok());

  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM effects"), 1);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM effects WHERE worker = 'b'"), 1);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM jobs WHERE state = 'done' AND attempts = 2"), 1);
  EXPECT_EQ(a.stats().totals["test.effect"].lost, 1u);
  EXPECT_EQ(b.stats().totals["test.effect"].succeeded, 1u);
}

TEST_P(JobQueue, ALateWorkerNobodyOvertookStillFinishes) {
  ManualClock clock(kStart);
  Queue a(*db_, clock, Fast());
  a.Register("test.effect", RecordEffect("a"));
  Enqueued({.kind = "test.effect"});
  auto claimed = a.TEST_Claim();
  ASSERT_TRUE(claimed.ok() && *claimed);
  clock.Advance(Fast().lease * 2);
  ASSERT_TRUE(a.TEST_Run((*claimed)->first, (*claimed)->second).ok());
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM effects"), 1);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM jobs WHERE state = 'done'"), 1);
}

TEST_P(JobQueue, AJobWhoseWorkersAllDiedIsDeadAfterItsAttempts) {
  ManualClock clock(kStart);
  Queue q(*db_, clock, Fast());
  q.Register("test.effect", RecordEffect());
  Enqueued({.kind = "test.effect", .max_attempts = 2});
  for (int i = 0; i < 2; ++i) {
    auto claimed = q.TEST_Claim();  // ... and the process is killed
    ASSERT_TRUE(claimed.ok() && *claimed);
    EXPECT_EQ((*claimed)->first.attempt, i + 1);
    clock.Advance(Fast().lease);
  }
  EXPECT_TRUE(*q.RunOnce());  // buries it instead of a third run
  EXPECT_FALSE(*q.RunOnce());
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM jobs WHERE state = 'dead'"), 1);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM effects"), 0);
}

TEST_P(JobQueue, ADoneJobKeepsItsKeyButNotItsPayload) {
  ManualClock clock(kStart);
  Queue q(*db_, clock, Fast());
  q.Register("test.effect", RecordEffect());
  const std::string id = Enqueued({.kind = "test.effect", .payload = R"({"secret":"s"})", .idempotency_key = "k"});
  ASSERT_TRUE(*q.RunOnce());
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM jobs WHERE state = 'done' AND payload = '{}'"), 1);
  EXPECT_EQ(Enqueued({.kind = "test.effect", .idempotency_key = "k"}), id);
}

// An outside handler runs with no transaction open: its connection sees the database
// as it is, and another connection can write meanwhile (SQLite's one writer is free).
TEST_P(JobQueue, AnOutsideHandlerHoldsNoWriteLockAndRunsAtLeastOnce) {
  ManualClock clock(kStart);
  Queue q(*db_, clock, Fast());
  int sent = 0;
  bool fail = true;
  q.RegisterOutside("test.mail", [&](db::Connection& c, const Job& job) -> Status {
    EXPECT_FALSE(c.in_transaction());
    auto other = db_->Acquire(2'000, db::Mode::kWrite);
    EXPECT_TRUE(other.ok()) << "a writer can go ahead while the handler runs";
    if (other.ok()) {
      EXPECT_TRUE((*other)->Exec("INSERT INTO effects (job_id, worker) VALUES (?, 'other')", {job.id}).ok());
    }
    ++sent;
    if (fail) return Error::Unavailable("The mail server is not answering.");
    return {};
  });
  Enqueued({.kind = "test.mail", .payload = R"({"to":"x"})"});
  ASSERT_TRUE(*q.RunOnce());
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM jobs WHERE state = 'pending' AND attempts = 1 AND last_error IS NOT NULL"), 1);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM effects"), 1) << "nothing is rolled back outside a transaction";
  fail = false;
  clock.Advance(Fast().backoff_cap);
  ASSERT_TRUE(*q.RunOnce());
  EXPECT_EQ(sent, 2);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM jobs WHERE state = 'done' AND payload = '{}'"), 1);
  EXPECT_EQ(q.stats().totals["test.mail"].succeeded, 1u);
  EXPECT_EQ(q.stats().totals["test.mail"].failed, 1u);
}

TEST_P(JobQueue, AnOutsideRunOvertakenByAnotherStillCountsOnceDone) {
  ManualClock clock(kStart);
  Queue a(*db_, clock, Fast());
  int sent = 0;
  a.RegisterOutside("test.mail", [&](db::Connection&, const Job&) -> Status {
    ++sent;
    return {};
  });
  Enqueued({.kind = "test.mail"});
  auto claimed = a.TEST_Claim();
  ASSERT_TRUE(claimed.ok() && *claimed);
  clock.Advance(Fast().lease);
  ASSERT_TRUE(*a.RunOnce());  // the lease ran out: claimed again, sent, done
  ASSERT_TRUE(a.TEST_Run((*claimed)->first, (*claimed)->second).ok());  // the late run sends too
  EXPECT_EQ(sent, 2) << "at least once";
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM jobs WHERE state = 'done'"), 1);
  EXPECT_EQ(a.stats().totals["test.mail"].lost, 1u);
}

TEST_P(JobQueue, WakeStartsADueJobBeforeTheNextPoll) {
  Options slow = Fast();
  slow.poll = 30 * kSecond;
  Queue q(*db_, SystemClock::Instance(), slow);
  q.Register("test.effect", RecordEffect());
  q.Start(1);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // the worker is waiting by now
  EnqueueMany(1, [](int) { return "{}"; });
  q.Wake();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (Scalar("SELECT COUNT(*) FROM effects") < 1 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  q.Stop();
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM effects"), 1) << "ran well before the 30 s poll";
}

TEST_P(JobQueue, CountsPendingDueRunningAndDead) {
  ManualClock clock(kStart);
  Queue q(*db_, clock, Fast());
  q.Register("test.effect", RecordEffect());
  q.Register("test.fails", [](db::Connection&, const Job&) -> Status { return Error::Internal("no"); });
  Enqueued({.kind = "test.effect", .due_at = kStart - 2});
  Enqueued({.kind = "test.effect", .due_at = kStart - 1});
  Enqueued({.kind = "test.effect", .due_at = kStart + kHour});
  Enqueued({.kind = "test.fails", .due_at = kStart, .max_attempts = 1});
  ASSERT_TRUE(q.TEST_Claim().ok());  // one of the due ones, now running
  ASSERT_TRUE(*q.RunOnce());
  ASSERT_TRUE(*q.RunOnce());  // the other due one and the failing one, in due order
  EXPECT_FALSE(*q.RunOnce());
  const Counts n = *q.Count();
  EXPECT_EQ(n.pending, 2);  // the running one and the later one
  EXPECT_EQ(n.due, 0);
  EXPECT_EQ(n.running, 1);
  EXPECT_EQ(n.dead, 1);
}

TEST_P(JobQueue, PeriodicKindsRunOncePerSlotWhateverTheNumberOfServers) {
  ManualClock clock(kStart + 5 * kMinute);
  auto other_db = Connect(2);
  Queue a(*db_, clock, Fast());
  Queue b(*other_db, clock, Fast());
  int runs = 0;
  auto tick = [&runs](db::Connection&, const Job& job) -> Status {
    EXPECT_EQ(job.due_at % kHour, 0);
    ++runs;
    return {};
  };
  a.RegisterPeriodic("test.tick", kHour, tick);
  b.RegisterPeriodic("test.tick", kHour, tick);
  for (int round = 0; round < 3; ++round) {
    ASSERT_TRUE(a.SchedulePeriodic().ok());
    ASSERT_TRUE(b.SchedulePeriodic().ok());
    while (*a.RunOnce() || *b.RunOnce()) {
    }
    clock.Advance(20 * kMinute);  // slots: 5, 25, 45 minutes past the first hour
  }
  EXPECT_EQ(runs, 1);
  clock.Advance(kHour);
  ASSERT_TRUE(b.SchedulePeriodic().ok());
  ASSERT_TRUE(a.SchedulePeriodic().ok());
  while (*a.RunOnce() || *b.RunOnce()) {
  }
  EXPECT_EQ(runs, 2);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM jobs WHERE kind = 'test.tick'"), 2);
}

TEST_P(JobQueue, PurgesOldDoneAndDeadJobs) {
  ManualClock clock(kStart);
  Options o = Fast();
  o.done_retention = kDay;
  o.dead_retention = 2 * kDay;
  Queue q(*db_, clock, o);
  q.Register("test.effect", RecordEffect());
  q.Register("test.fails", [](db::Connection&, const Job&) -> Status { return Error::Internal("no"); });
  Enqueued({.kind = "test.effect"});
  Enqueued({.kind = "test.fails", .max_attempts = 1});
  while (*q.RunOnce()) {
  }
  clock.Advance(kDay + kHour);
  ASSERT_TRUE(q.SchedulePeriodic().ok());
  while (*q.RunOnce()) {
  }
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM jobs WHERE kind = 'test.effect'"), 0);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM jobs WHERE kind = 'test.fails'"), 1);
  clock.Advance(kDay);
  ASSERT_TRUE(q.SchedulePeriodic().ok());
  while (*q.RunOnce()) {
  }
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM jobs WHERE kind = 'test.fails'"), 0);
}

TEST_P(JobQueue, StopIsPromptWhenIdle) {
  Options o = Fast();
  o.poll = 30 * kSecond;
  Queue q(*db_, SystemClock::Instance(), o);
  q.Register("test.effect", RecordEffect());
  q.Start(3);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  const auto t0 = std::chrono::steady_clock::now();
  q.Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(2));
}

// Two servers with several workers each over one database: every job runs exactly once.
TEST_P(JobQueue, TwoQueuesRunEveryJobExactlyOnce) {
  constexpr int kJobs = 1000;
  auto other_db = Connect(4);
  Queue a(*db_, SystemClock::Instance(), Fast());
  Queue b(*other_db, SystemClock::Instance(), Fast());
  a.Register("test.effect", RecordEffect("a"));
  b.Register("test.effect", RecordEffect("b"));
  a.Start(3);
  b.Start(3);
  EnqueueMany(kJobs, [](int) { return "{}"; });
  WaitForDoneThenStop(kJobs, {&a, &b});
  const auto ran_a = a.stats().totals["test.effect"].succeeded, ran_b = b.stats().totals["test.effect"].succeeded;
  EXPECT_EQ(ran_a + ran_b, static_cast<std::uint64_t>(kJobs));
  // PostgreSQL runs both queues' workers side by side; SQLite's one writer may let one
  // queue take every job, which is as correct.
  if (GetParam() == "postgresql") {
    EXPECT_GT(ran_a, 0u);
    EXPECT_GT(ran_b, 0u);
  }
}

// Workers that overrun their lease while others take their jobs over: the stragglers'
// runs leave no trace. (On SQLite a straggler holds the one write lock, so nobody can
// take over meanwhile; ALateWorkerWhoseLeaseWasTakenOverRollsBack covers it there.)
TEST_P(JobQueue, StragglersThatLoseTheirLeaseLeaveNoTrace) {
  if (GetParam() != "postgresql") GTEST_SKIP() << "needs concurrent writers";
  constexpr int kJobs = 200;
  Options o = Fast();
  o.lease = 300;
  o.batch = 1;
  auto other_db = Connect(4);
  Queue a(*db_, SystemClock::Instance(), o);
  Queue b(*other_db, SystemClock::Instance(), o);
  for (Queue* q : {&a, &b}) {
    q->Register("test.effect", [](db::Connection& c, const Job& job) -> Status {
      RK_TRY(c.Exec("INSERT INTO effects (job_id, worker) VALUES (?, ?)", {job.id, std::to_string(job.attempt)}));
      if (job.attempt == 1 && job.payload == "{\"slow\":true}") std::this_thread::sleep_for(std::chrono::milliseconds(450));
      return {};
    });
  }
  EnqueueMany(kJobs, [](int i) { return i % 20 == 0 ? "{\"slow\":true}" : "{}"; });
  a.Start(3);
  b.Start(3);
  WaitForDoneThenStop(kJobs, {&a, &b});
  // Every job left exactly one effect. Each run that lost its lease was taken over by a
  // later attempt, whose effect stayed: at least one such job, and no more than the lost
  // runs (on a loaded machine a job may be overtaken more than once).
  const auto lost = a.stats().totals["test.effect"].lost + b.stats().totals["test.effect"].lost;
  EXPECT_GT(lost, 0u);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM effects"), kJobs);
  EXPECT_EQ(Scalar("SELECT COUNT(DISTINCT job_id) FROM effects"), kJobs);
  const std::int64_t late = Scalar("SELECT COUNT(*) FROM effects WHERE worker <> '1'");
  EXPECT_GE(late, 1);
  EXPECT_LE(late, static_cast<std::int64_t>(lost));
}

INSTANTIATE_TEST_SUITE_P(Drivers, JobQueue, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

TEST(JobBackoff, DoublesUpToTheCapWithJitterInTheUpperHalf) {
  struct Case {
    int attempt;
    double unit;
    Millis want;
  } cases[] = {
      {1, 0.0, 5'000},   {1, 0.999999, 9'999}, {2, 0.0, 10'000},   {3, 0.5, 30'000},
      {4, 0.0, 40'000},  {5, 0.0, 50'000},     {30, 0.0, 50'000},  {1000, 1.0, 100'000},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(Backoff(c.attempt, 10 * kSecond, 100 * kSecond, c.unit), c.want) << c.attempt << " " << c.unit;
  }
}

}  // namespace
}  // namespace rk::jobs
