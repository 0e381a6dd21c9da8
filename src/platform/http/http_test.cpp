#include "platform/http/http.hpp"

#include <gtest/gtest.h>

#include "platform/http/json.hpp"
#include "platform/http/metrics.hpp"

namespace rk::http {
namespace {

Result<Response> Ok(Request&) { return Response{200, "text/plain", "ok", {}}; }

TEST(Router, MatchesLiteralAndParameterSegments) {
  Router r;
  r.Add(Method::kGet, "/api/v1/things", Policy::Public(), Work::kNone, Ok);
  r.Add(Method::kGet, "/api/v1/things/{id}", Policy::SignedIn(), Work::kRead, Ok);
  r.Add(Method::kDelete, "/api/v1/things/{id}", Policy::SignedIn(), Work::kWrite, Ok);
  std::vector<std::pair<std::string, std::string>> params;
  auto m = r.Find(Method::kGet, "/api/v1/things/a%20b", params);
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->pattern, "/api/v1/things/{id}");
  ASSERT_EQ(params.size(), 1u);
  EXPECT_EQ(params[0].second, "a b");
  EXPECT_NE(r.Find(Method::kHead, "/api/v1/things", params).route, nullptr);  // HEAD serves GET
  auto miss = r.Find(Method::kPost, "/api/v1/things/x", params);
  EXPECT_EQ(miss.route, nullptr);
  EXPECT_TRUE(miss.path_exists);
  EXPECT_EQ(miss.allow, "GET, DELETE");
  EXPECT_FALSE(r.Find(Method::kGet, "/api/v1/nothing", params).path_exists);
  EXPECT_EQ(r.Find(Method::kGet, "/api/v1/things/x/y", params).route, nullptr);
}

TEST(Metrics, RendersLabelledGaugesAndCounters) {
  Metrics m;
  m.SetGauge("rekindle_jobs", {{"state", "dead"}}, 2);
  m.SetGauge("rekindle_jobs", {{"state", "dead"}}, 3);
  m.SetGauge("rekindle_jobs", {{"state", "due"}}, 0);
  m.SetCounter("rekindle_job_runs_total", {{"kind", "a\"b"}, {"outcome", "ok"}}, 7);
  m.SetGauge("rekindle_plain", 5);
  const std::string text = m.Render();
  EXPECT_NE(text.find("# TYPE rekindle_jobs gauge\nrekindle_jobs{state=\"dead\"} 3\nrekindle_jobs{state=\"due\"} 0\n"),
            std::string::npos) << text;
  EXPECT_NE(text.find("# TYPE rekindle_job_runs_total counter\nrekindle_job_runs_total{kind=\"a\\\"b\",outcome=\"ok\"} 7\n"),
            std::string::npos) << text;
  EXPECT_NE(text.find("rekindle_plain 5\n"), std::string::npos) << text;
}

TEST(Request, ReadsHeadersCookiesAndQuery) {
  Request q;
  q.headers = {{"cookie", "a=1; rekindle_session=tok; b=2"}, {"content-type", "application/json"}};
  q.query = "before=2026-01-01T00%3A00%3A00Z&limit=20&flag&name=a+b";
  EXPECT_EQ(q.Cookie("rekindle_session"), "tok");
  EXPECT_EQ(q.Cookie("missing"), "");
  EXPECT_EQ(q.QueryParam("before"), "2026-01-01T00:00:00Z");
  EXPECT_EQ(q.QueryParam("limit"), "20");
  EXPECT_EQ(q.QueryParam("flag"), "");
  EXPECT_EQ(q.QueryParam("name"), "a b");
  EXPECT_FALSE(q.QueryParam("nope").has_value());
}

TEST(Problem, IsRfc9457WithStableTypeAndFields) {
  Response r = Problem(Error::Invalid("bad", {{"email", "invalid", "Enter an address."}}));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.content_type, "application/problem+json");
  auto v = boost::json::parse(r.body).as_object();
  EXPECT_EQ(v["type"].as_string(), "urn:rekindle:problem:invalid-request");
  EXPECT_EQ(v["status"].as_int64(), 400);
  EXPECT_EQ(v["detail"].as_string(), "bad");
  EXPECT_EQ(v["errors"].as_array()[0].as_object()["field"].as_string(), "email");
  Response limited = Problem(Error::RateLimited("wait", 42));
  EXPECT_EQ(limited.status, 429);
  ASSERT_EQ(limited.headers.size(), 1u);
  EXPECT_EQ(limited.headers[0].first, "Retry-After");
  EXPECT_EQ(limited.headers[0].second, "42");
}

Request JsonRequest(std::string body, std::string type = "application/json") {
  Request q;
  q.headers = {{"content-type", std::move(type)}};
  q.body = std::move(body);
  return q;
}

TEST(ParseObject, RefusesWhatIsNotAKnownObject) {
  struct Case {
    const char* body;
    const char* type;
    ErrorCode code;
  } cases[] = {
      {R"({"a":1})", "text/plain", ErrorCode::kUnsupportedMediaType},
      {R"({"a":1})", "", ErrorCode::kUnsupportedMediaType},
      {R"({"a":)", "application/json", ErrorCode::kInvalidArgument},
      {"", "application/json", ErrorCode::kInvalidArgument},
      {"[1,2]", "application/json", ErrorCode::kInvalidArgument},
      {R"({"a":1,"role":"admin"})", "application/json", ErrorCode::kInvalidArgument},
  };
  for (const Case& c : cases) {
    auto r = ParseObject(JsonRequest(c.body, c.type), {"a"});
    ASSERT_FALSE(r.ok()) << c.body << " " << c.type;
    EXPECT_EQ(r.error().code, c.code) << c.body << " " << c.type;
  }
  EXPECT_TRUE(ParseObject(JsonRequest(R"({"a":1})", "Application/JSON; charset=utf-8"), {"a"}).ok());
  auto unknown = ParseObject(JsonRequest(R"({"role":"admin"})"), {"a"});
  ASSERT_EQ(unknown.error().fields.size(), 1u);
  EXPECT_EQ(unknown.error().fields[0].field, "role");
}

TEST(Fields, CollectsEveryProblem) {
  auto obj = boost::json::parse(R"({"name":"  Sam  ","n":"7","b":1,"long":"ééééé","bad":"a\u0000b"})").as_object();
  Fields f(obj);
  EXPECT_EQ(f.String("name", true, 1, 10), "Sam");
  EXPECT_FALSE(f.Int("n", true, 0, 10).has_value());
  EXPECT_FALSE(f.Bool("b", true).has_value());
  EXPECT_FALSE(f.String("long", true, 1, 4).has_value());  // 5 code points
  EXPECT_TRUE(f.String("long", true, 1, 5).has_value());
  EXPECT_FALSE(f.String("bad", true, 1, 10).has_value());
  EXPECT_FALSE(f.String("missing", true, 1, 10).has_value());
  EXPECT_FALSE(f.String("optional", false, 1, 10).has_value());
  Status s = f.Finish();
  ASSERT_FALSE(s.ok());
  std::vector<std::string> codes;
  for (const auto& e : s.error().fields) codes.push_back(e.field + ":" + e.code);
  EXPECT_EQ(codes, (std::vector<std::string>{"n:type", "b:type", "long:too_long", "bad:encoding", "missing:required"}));
}

TEST(CodePoints, CountsUtf8AndRejectsInvalid) {
  EXPECT_EQ(CodePoints("abc"), 3u);
  EXPECT_EQ(CodePoints("ü"), 1u);
  EXPECT_EQ(CodePoints("😀😀"), 2u);
  EXPECT_FALSE(CodePoints("\xff").has_value());
  EXPECT_FALSE(CodePoints("\xc3").has_value());
}

}  // namespace
}  // namespace rk::http

namespace rk::http {
namespace {

TEST(IntQuery, DefaultsValidatesAndNamesTheParameter) {
  Request q;
  q.query = "limit=20&bad=2x&neg=-1&big=9999999999";
  EXPECT_EQ(*IntQuery(q, "limit", 5, 1, 100), 20);
  EXPECT_EQ(*IntQuery(q, "absent", 5, 1, 100), 5);
  for (const char* name : {"bad", "neg", "big"}) {
    auto r = IntQuery(q, name, 5, 1, 100);
    ASSERT_FALSE(r.ok()) << name;
    EXPECT_EQ(r.error().fields[0].field, name);
  }
  EXPECT_FALSE(IntQuery(q, "limit", 5, 1, 10).ok());
}

// A resolver that knows one bearer token and one couple, for unit-of-work tests.
class FakeResolver final : public AccessResolver {
 public:
  Result<Principal> Authenticate(db::Connection&, const Request& req) override {
    ++authentications;
    if (req.Header("authorization") == "Bearer good") return Principal{"u1", "s1", "csrf", false, {}, false, std::nullopt, std::nullopt};
    if (req.Cookie("session") == "good") return Principal{"u1", "s1", "csrf", true, {}, false, std::nullopt, std::nullopt};
    return Error::Unauthenticated("Please sign in.");
  }
  Status Authorize(db::Connection&, const Request&, Principal& p, const Policy& policy) override {
    if (policy.access == Access::kCoupleMember) {
      if (!in_couple) return Error::NotFound("You are not in a couple yet.");
      p.couple = CoupleRef{"c1", "UTC", 0, {"u1", "Ana"}, Member{"u2", "Bo"}};
      return {};
    }
    return Error::Forbidden("no");
  }
  int authentications = 0;
  bool in_couple = true;
};

class UnitOfWorkTest : public ::testing::Test {
 protected:
  void SetUp() override {
    conn_ = std::move(db::Open("sqlite::memory:")).value();
    ASSERT_TRUE(conn_->ExecScript("CREATE TABLE t (v TEXT)").ok());
  }
  Request Authed() {
    Request req;
    req.method = Method::kPost;
    req.headers = {{"authorization", "Bearer good"}};
    return req;
  }
  std::int64_t Rows() { return (*conn_->QueryOne("SELECT count(*) FROM t"))->Int(0); }
  Route Make(Policy policy, Work work, Handler h) { return Route{Method::kPost, "/x", std::move(policy), work, std::move(h), {}}; }

  std::unique_ptr<db::Connection> conn_;
  FakeResolver resolver_;
};

TEST_F(UnitOfWorkTest, CommitsWhenTheHandlerSucceedsAndThenRunsItsEffects) {
  UnitOfWork unit(resolver_);
  int effects = 0;
  Route route = Make(Policy::SignedIn(), Work::kWrite, [&](Request& req) -> Result<Response> {
    EXPECT_TRUE(req.db().in_transaction());
    RK_TRY(req.db().Exec("INSERT INTO t VALUES ('a')"));
    RK_TRY(req.db().Exec("INSERT INTO t VALUES ('b')"));
    req.AfterCommit([&] { ++effects; });
    EXPECT_EQ(effects, 0);
    return Response::NoContent();
  });
  Request req = Authed();
  EXPECT_EQ(unit.Run(route, req, conn_.get()).status, 204);
  EXPECT_EQ(Rows(), 2);
  EXPECT_EQ(effects, 1);
  EXPECT_FALSE(conn_->in_transaction());
}

TEST_F(UnitOfWorkTest, RollsBackEverythingOnAnErrorOrAProblemStatus) {
  UnitOfWork unit(resolver_);
  int effects = 0;
  for (bool as_error : {true, false}) {
    Route route = Make(Policy::SignedIn(), Work::kWrite, [&](Request& req) -> Result<Response> {
      RK_TRY(req.db().Exec("INSERT INTO t VALUES ('a')"));
      req.AfterCommit([&] { ++effects; });
      if (as_error) return Error::Conflict("no");
      return Problem(Error::Conflict("no"));
    });
    Request req = Authed();
    Response r = unit.Run(route, req, conn_.get());
    EXPECT_EQ(r.status, 409);
    EXPECT_EQ(r.content_type, "application/problem+json");
  }
  EXPECT_EQ(Rows(), 0);
  EXPECT_EQ(effects, 0);
  EXPECT_FALSE(conn_->in_transaction());
}

TEST_F(UnitOfWorkTest, ReadRoutesRunOutsideATransaction) {
  UnitOfWork unit(resolver_);
  Route route = Make(Policy::SignedIn(), Work::kRead, [&](Request& req) -> Result<Response> {
    EXPECT_FALSE(req.db().in_transaction());
    return Response::NoContent();
  });
  Request req = Authed();
  EXPECT_EQ(unit.Run(route, req, conn_.get()).status, 204);
}

TEST_F(UnitOfWorkTest, ChecksThePolicyBeforeTheHandler) {
  UnitOfWork unit(resolver_);
  int calls = 0;
  auto handler = [&](Request& req) -> Result<Response> {
    ++calls;
    EXPECT_EQ(req.couple().partner->user_id, "u2");
    return Response::NoContent();
  };
  Route couple = Make(Policy::CoupleMember(), Work::kWrite, handler);
  Request anonymous;
  anonymous.method = Method::kPost;
  EXPECT_EQ(unit.Run(couple, anonymous, conn_.get()).status, 401);
  Request req = Authed();
  EXPECT_EQ(unit.Run(couple, req, conn_.get()).status, 204);
  resolver_.in_couple = false;
  Request alone = Authed();
  EXPECT_EQ(unit.Run(couple, alone, conn_.get()).status, 404);
  Route op = Make(Policy::Operator(), Work::kRead, handler);
  Request not_operator = Authed();
  EXPECT_EQ(unit.Run(op, not_operator, conn_.get()).status, 403);
  EXPECT_EQ(calls, 1);
  EXPECT_FALSE(conn_->in_transaction());
}

TEST_F(UnitOfWorkTest, CookieSessionsNeedTheCsrfTokenForUnsafeMethods) {
  UnitOfWork unit(resolver_);
  Route route = Make(Policy::SignedIn(), Work::kWrite, [](Request&) -> Result<Response> { return Response::NoContent(); });
  Request req;
  req.method = Method::kPost;
  req.headers = {{"cookie", "session=good"}};
  EXPECT_EQ(unit.Run(route, req, conn_.get()).status, 403);
  req.headers.emplace_back("x-csrf-token", "csrf");
  EXPECT_EQ(unit.Run(route, req, conn_.get()).status, 204);
  Request get;
  get.method = Method::kGet;
  get.headers = {{"cookie", "session=good"}};
  EXPECT_EQ(unit.Run(route, get, conn_.get()).status, 204);
}

TEST_F(UnitOfWorkTest, PublicRoutesWithoutWorkNeedNoConnection) {
  UnitOfWork unit(resolver_);
  Route route = Make(Policy::Public(), Work::kNone, [](Request& req) -> Result<Response> {
    EXPECT_FALSE(req.principal.has_value());
    return Response::NoContent();
  });
  Request req;
  EXPECT_EQ(unit.Run(route, req, nullptr).status, 204);
  EXPECT_EQ(resolver_.authentications, 0);
}

TEST(Problem, UnavailableAndHeadersTooLargeSayTheirStatus) {
  Response busy = Problem(Error::Unavailable("busy"));
  EXPECT_EQ(busy.status, 503);
  ASSERT_EQ(busy.headers.size(), 1u);
  EXPECT_EQ(busy.headers[0].first, "Retry-After");
  Response big = Problem(Error{ErrorCode::kHeadersTooLarge, "too large", {}, 0});
  EXPECT_EQ(big.status, 431);
  EXPECT_EQ(boost::json::parse(big.body).as_object()["status"].as_int64(), 431);
}

}  // namespace
}  // namespace rk::http
