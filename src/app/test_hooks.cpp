#include "app/test_hooks.hpp"

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
                                            {"work", http::WorkName(r.work)}});
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
}

}  // namespace

const TestHooks& TestBuildHooks() {
  static const TestHooks hooks{AddTestRoutes};
  return hooks;
}

}  // namespace rk::app
