#include "app/test_hooks.hpp"

#include <unistd.h>

#include <chrono>
#include <thread>

#include "platform/http/json.hpp"

namespace rk::app {
namespace {

namespace json = boost::json;

Result<http::Response> ClockJson(const Clock& clock) {
  return http::Json(200, json::object{{"now", FormatRfc3339(clock.Now())}});
}

void AddTestRoutes(http::Router& router, OffsetClock& clock) {
  using http::Policy;
  using http::Work;
  // The route table with each route's policy and work, read when asked (every feature
  // has registered by then): the concurrency and authorisation tests walk it.
  router.Add(http::Method::kGet, "/api/v1/test/routes", Policy::Public(), Work::kNone,
             [&router](http::Request&) -> Result<http::Response> {
               json::array out;
               for (const http::Route& r : router.routes()) {
                 if (r.pattern.starts_with("/api/v1/test/")) continue;
                 out.push_back(json::object{{"method", http::MethodName(r.method)},
                                            {"pattern", r.pattern},
                                            {"policy", http::AccessName(r.policy.access)},
                                            {"work", http::WorkName(r.work)},
                                            {"first_step", http::WorkName(r.first_step)}});
               }
               return http::Json(200, json::object{{"routes", std::move(out)}});
             });
  router.Add(http::Method::kGet, "/api/v1/test/clock", Policy::Public(), Work::kNone,
             [&clock](http::Request&) { return ClockJson(clock); });
  router.Add(http::Method::kPut, "/api/v1/test/clock", Policy::Public(), Work::kNone,
             [&clock](http::Request& req) -> Result<http::Response> {
               RK_ASSIGN_OR_RETURN(auto body, http::ParseObject(req, {"now", "advance_ms"}));
               http::Fields f(body);
               auto now = f.String("now", false, 1, 40);
               auto advance = f.Int("advance_ms", false, -100LL * 365 * kDay, 100LL * 365 * kDay);
               std::optional<Millis> at = now ? ParseRfc3339(*now) : std::nullopt;
               if (now && !at) f.Add("now", "invalid", "Use RFC 3339, like 2026-11-21T10:30:00Z.");
               if (!now && !advance) f.Add("now", "required", "Send now or advance_ms.");
               RK_TRY(f.Finish());
               if (at) clock.Set(*at);
               if (advance) clock.Advance(*advance);
               return ClockJson(clock);
             });
  router.Add(http::Method::kPost, "/api/v1/test/jobs", Policy::Public(), Work::kWrite,
             [](http::Request& req) -> Result<http::Response> {
               RK_ASSIGN_OR_RETURN(auto body, http::ParseObject(req, {"count", "sleep_first_ms", "fail", "max_attempts"}));
               http::Fields f(body);
               auto count = f.Int("count", true, 1, 10000);
               auto sleep = f.Int("sleep_first_ms", false, 0, 60000);
               auto fail = f.Bool("fail", false);
               auto attempts = f.Int("max_attempts", false, 1, 100);
               RK_TRY(f.Finish());
               const std::string payload =
                   json::serialize(json::object{{"sleep_first_ms", sleep.value_or(0)}, {"fail", fail.value_or(false)}});
               json::array ids;
               for (std::int64_t i = 0; i < *count; ++i) {
                 RK_ASSIGN_OR_RETURN(std::string id,
                                     jobs::Enqueue(req.db(),
                                                   {.kind = "test.effect",
                                                    .payload = payload,
                                                    .max_attempts = static_cast<int>(attempts.value_or(5))},
                                                   req.now));
                 if (i < 10) ids.push_back(json::value(id));
               }
               return http::Json(201, json::object{{"enqueued", *count}, {"first_ids", std::move(ids)}});
             });
}

Status AddTestJobs(jobs::Queue& queue, db::Database& db) {
  {
    RK_ASSIGN_OR_RETURN(auto c, db.Acquire(10 * kSecond, db::Mode::kWrite));
    RK_TRY(c->ExecScript("CREATE TABLE IF NOT EXISTS test_job_effects (job_id TEXT NOT NULL, attempt INTEGER NOT "
                         "NULL, server TEXT NOT NULL)"));
  }
  const std::string server = std::to_string(::getpid());
  queue.Register("test.effect", [server](db::Connection& c, const jobs::Job& job) -> Status {
    RK_TRY(c.Exec("INSERT INTO test_job_effects (job_id, attempt, server) VALUES (?, ?, ?)",
                  {job.id, std::int64_t{job.attempt}, server}));
    std::int64_t sleep_ms = 0;
    boost::system::error_code ec;
    const json::value payload = json::parse(job.payload, ec);
    bool fail = false;
    if (const json::object* o = ec ? nullptr : payload.if_object()) {
      if (const json::value* v = o->if_contains("sleep_first_ms"); v && v->is_int64()) sleep_ms = v->as_int64();
      if (const json::value* v = o->if_contains("fail"); v && v->is_bool()) fail = v->as_bool();
    }
    if (fail) return Error::Unavailable("the test job was told to fail");
    if (job.attempt == 1 && sleep_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(sleep_ms));
    return {};
  });
  return {};
}

}  // namespace

const TestHooks& TestBuildHooks() {
  static const TestHooks hooks{AddTestRoutes, AddTestJobs};
  return hooks;
}

}  // namespace rk::app
