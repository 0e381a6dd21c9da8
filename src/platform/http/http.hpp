#pragma once
// The HTTP surface that features see: plain request and response values, a route table
// and problem+json errors. Nothing here includes Beast or Asio; only server.cpp does.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "platform/base/result.hpp"

namespace rk::http {

enum class Method { kGet, kHead, kPost, kPut, kPatch, kDelete, kOptions, kOther };
std::string_view MethodName(Method m);
// GET, HEAD and OPTIONS change nothing; everything else is "unsafe" and needs CSRF
// protection when authenticated by cookie.
inline bool IsSafe(Method m) { return m == Method::kGet || m == Method::kHead || m == Method::kOptions; }

// Who made an authenticated request.
struct Principal {
  std::string user_id;
  std::string session_id;   // the stored (hashed) session key
  std::string csrf_token;   // the session's CSRF token
  bool via_cookie = false;  // false: bearer token
};

struct Request {
  Method method = Method::kGet;
  std::string path;   // the raw path without the query (parameters are decoded)
  std::string query;  // raw query string, without '?'
  std::string body;
  std::string client_ip;
  std::string request_id;
  std::vector<std::pair<std::string, std::string>> headers;  // names lowercased
  std::vector<std::pair<std::string, std::string>> params;   // from the route pattern
  std::optional<Principal> principal;                        // set for authenticated routes

  // The first header named `name` (lowercase), or "".
  std::string_view Header(std::string_view name) const;
  // A path parameter by name, or "".
  std::string_view Param(std::string_view name) const;
  // A percent-decoded query parameter, or nullopt.
  std::optional<std::string> QueryParam(std::string_view name) const;
  // The value of cookie `name`, or "".
  std::string_view Cookie(std::string_view name) const;
  // The authenticated user's id. REQUIRES: the route requires a session.
  const std::string& user_id() const { return principal->user_id; }
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;

  static Response NoContent() { return Response{204, "", "", {}}; }
  Response& With(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
};

// The HTTP status for an error code.
int StatusOf(ErrorCode code);
// An RFC 9457 problem+json response for `error`, with a stable `type` per code and the
// field errors under "errors". Adds Retry-After for kRateLimited.
Response Problem(const Error& error);

// Who may call a route.
enum class Access {
  kPublic,   // anyone
  kSession,  // a signed-in person (bearer token or cookie; cookie + unsafe method needs CSRF)
};

using Handler = std::function<Response(Request&)>;

// Adapts a feature handler that takes the feature's context to a Handler. `ctx` must
// outlive the router.
template <class Context>
Handler Bind(Context& ctx, Response (*fn)(Context&, Request&)) {
  return [&ctx, fn](Request& r) { return fn(ctx, r); };
}

// Resolves the credentials of a request (bearer token or session cookie) to a person.
// Returns kUnauthenticated when there are none or they are not valid.
using Authenticator = std::function<Result<Principal>(const Request&)>;

struct Route {
  Method method;
  std::string pattern;  // "/api/v1/things/{id}"
  Access access;
  Handler handler;
  std::vector<std::string> segments;
};

// An explicit route table. Patterns are literal segments and {name} placeholders that
// match one non-empty segment.
class Router {
 public:
  void Add(Method method, std::string pattern, Access access, Handler handler);

  struct Match {
    const Route* route = nullptr;  // null if nothing matched
    bool path_exists = false;      // some route has this path with another method (405)
    std::string allow;             // the methods that path accepts, for Allow
  };
  // Finds the route for `method` and `path` and writes its parameters into `params`.
  Match Find(Method method, std::string_view path, std::vector<std::pair<std::string, std::string>>& params) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

// Registers a feature's handlers, each taking the feature's context:
//   RouteTable t(router, ctx);
//   t.Add(Method::kGet, "/api/v1/things", Access::kSession, ListThings);
template <class Context>
class RouteTable {
 public:
  RouteTable(Router& router, Context& ctx) : router_(router), ctx_(ctx) {}
  void Add(Method method, std::string pattern, Access access, Response (*fn)(Context&, Request&)) {
    router_.Add(method, std::move(pattern), access, Bind(ctx_, fn));
  }

 private:
  Router& router_;
  Context& ctx_;
};

// A whole-number query parameter: `fallback` when absent, kInvalidArgument naming the
// parameter when it is not a number from `min` to `max`.
Result<int> IntQuery(const Request& req, std::string_view name, int fallback, int min, int max);

}  // namespace rk::http
