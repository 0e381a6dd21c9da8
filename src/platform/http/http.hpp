#pragma once
// The HTTP surface that features see: plain request and response values, principals,
// route policies, the route table and problem+json errors. Nothing here includes Beast
// or Asio; only the server's translation units do.
//
// One unit of work per request: every route declares who may call it (Policy) and what
// it does with the database (Work). The platform takes one connection for the request,
// resolves the principal once, checks the policy, opens a transaction for writing
// routes, runs the handler, and commits when it succeeds (rolls back otherwise).

#include <cassert>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "platform/base/result.hpp"
#include "platform/base/time.hpp"
#include "platform/db/db.hpp"

namespace rk::http {

enum class Method { kGet, kHead, kPost, kPut, kPatch, kDelete, kOptions, kOther };
std::string_view MethodName(Method m);
// GET, HEAD and OPTIONS change nothing; everything else is "unsafe" and needs CSRF
// protection when authenticated by cookie.
inline bool IsSafe(Method m) { return m == Method::kGet || m == Method::kHead || m == Method::kOptions; }

// The roles a person may hold besides being a person (every account is one).
enum class Role { kTherapist, kOperator };
std::string_view RoleName(Role r);
std::optional<Role> ParseRole(std::string_view name);

// A member of a couple as the platform sees one.
struct Member {
  std::string user_id;
  std::string display_name;
};

// The couple a request acts for: resolved once per request for couple policies.
struct CoupleRef {
  std::string id;
  std::string time_zone;  // the couple's shared time zone
  Millis since = 0;
  Member me;
  std::optional<Member> partner;  // absent only while data is inconsistent
};

// A therapist's couple, resolved once per request for therapist-of-couple policies: the
// care relationship named by the path's {id}, its couple's current members, and which
// of them share the policy's scope.
struct CareRef {
  std::string relationship_id;
  std::string couple_id;
  bool open = false;             // care is accepted and the couple still together (else read-only)
  std::vector<Member> partners;  // the couple's current members (empty once the couple ended)
  std::vector<std::string> sharing;  // the partners' ids who share the policy's scope (empty without one)
};

// Who made an authenticated request, resolved once per request.
struct Principal {
  std::string user_id;
  std::string session_id;   // the stored (hashed) session key
  std::string csrf_token;   // the session's CSRF token
  bool via_cookie = false;  // false: bearer token
  std::vector<Role> roles;
  bool second_factor = false;       // the person has a confirmed second factor (looked up only for those with a role)
  std::optional<CoupleRef> couple;  // set for couple policies
  std::optional<CareRef> care;      // set for therapist-of-couple policies

  bool Has(Role r) const;
};

// What a route does with the database. The platform takes one connection per request
// (waiting without blocking a server thread), wraps writing routes in a transaction
// that commits when the handler succeeds and rolls back otherwise, and hands the
// handler that one connection (Request::db). Handlers never reach the pool.
enum class Work {
  kNone,     // no database (a route that is not public still reads its session)
  kCompute,  // no database; slow work (password hashing) on the server's small compute pool,
             // never on a thread that serves connections; 503 + Retry-After when its queue is full
  kRead,   // reads only; statements run outside a transaction
  kWrite,  // one transaction (SQLite: BEGIN IMMEDIATE)
};
std::string_view WorkName(Work w);

class UnitOfWork;

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

struct Request {
  Method method = Method::kGet;
  std::string path;   // the raw path without the query (parameters are decoded)
  std::string query;  // raw query string, without '?'
  std::string body;
  std::string client_ip;
  std::string request_id;
  std::vector<std::pair<std::string, std::string>> headers;  // names lowercased
  std::vector<std::pair<std::string, std::string>> params;   // from the route pattern
  std::optional<Principal> principal;                        // set for routes that are not public
  Millis now = 0;                                            // the clock, read once for this request

  // The first header named `name` (lowercase), or "".
  std::string_view Header(std::string_view name) const;
  // A path parameter by name, or "".
  std::string_view Param(std::string_view name) const;
  // A percent-decoded query parameter, or nullopt.
  std::optional<std::string> QueryParam(std::string_view name) const;
  // The value of cookie `name`, or "".
  std::string_view Cookie(std::string_view name) const;
  // The authenticated user's id. REQUIRES: the route's policy is not public.
  const std::string& user_id() const { return principal->user_id; }
  // The couple the request acts for. REQUIRES: a couple-member policy.
  const CoupleRef& couple() const { return *principal->couple; }
  // The therapist's couple the request acts for. REQUIRES: a therapist-of-couple policy.
  const CareRef& care() const { return *principal->care; }
  // The request's one database connection, inside the request's transaction for
  // writing routes. REQUIRES: the route's work is not Work::kNone.
  db::Connection& db() const {
    assert(conn_);
    return *conn_;
  }
  // Runs `fn` once the request's unit of work has committed (at once after a route
  // that does not write succeeds), and never if it failed or rolled back: for effects
  // outside the database, such as live events, that must not announce what was not saved.
  void AfterCommit(std::function<void()> fn) { after_commit_.push_back(std::move(fn)); }
  // Ends this step of the request once its unit of work commits, and carries on with
  // `next` in a unit of work of its own doing `work` — with no database connection held
  // in between. For slow work that needs no database (hashing a password) between a read
  // and a write, so that it never holds a connection, let alone SQLite's one writer.
  // `next` sees the same request (principal, parameters, body); what it captures is its
  // own. Returns a placeholder response that is never sent. Declare the route's first
  // step with RouteTable::Add's `first_step`.
  Response Then(Work work, std::function<Result<Response>(Request&)> next);
  // The step Then asked for, taken (the server runs it). Null when there is none.
  std::optional<std::pair<Work, std::function<Result<Response>(Request&)>>> TakeNext();

 private:
  friend class UnitOfWork;
  db::Connection* conn_ = nullptr;
  std::vector<std::function<void()>> after_commit_;
  std::optional<std::pair<Work, std::function<Result<Response>(Request&)>>> next_;
};

// The HTTP status for an error code.
int StatusOf(ErrorCode code);
// An RFC 9457 problem+json response for `error`, with a stable `type` per code and the
// field errors under "errors". Adds Retry-After for kRateLimited and kUnavailable.
Response Problem(const Error& error);

// Who may call a route. Every route declares one; the platform resolves the principal
// and checks the policy before the handler runs, so no handler checks access by hand.
enum class Access {
  kPublic,             // anyone
  kSignedIn,           // a signed-in person (bearer token or cookie; cookie + unsafe method needs CSRF)
  kCoupleMember,       // a signed-in member of a current couple; the couple is resolved (Request::couple)
  kTherapist,          // a signed-in person with the therapist role and a second factor
  kTherapistOfCouple,  // the couple's therapist (path {id}: the care relationship); with a `scope`, care is
                       // open and at least one partner shares that scope
  kOperator,           // a signed-in person with the operator role and a second factor
};
struct Policy {
  Access access = Access::kPublic;
  std::string scope;           // kTherapistOfCouple: the consented scope needed
  bool couple_if_any = false;  // kSignedIn: also resolve the person's couple, if they are in one
  static Policy Public() { return {Access::kPublic, {}, false}; }
  static Policy SignedIn() { return {Access::kSignedIn, {}, false}; }
  // A signed-in person, with Request's principal->couple set when they are in a couple.
  static Policy SignedInWithCouple() { return {Access::kSignedIn, {}, true}; }
  static Policy CoupleMember() { return {Access::kCoupleMember, {}, false}; }
  static Policy Therapist() { return {Access::kTherapist, {}, false}; }
  static Policy TherapistOfCouple(std::string scope) { return {Access::kTherapistOfCouple, std::move(scope), false}; }
  static Policy Operator() { return {Access::kOperator, {}, false}; }
};
std::string_view AccessName(Access a);


// A handler returns its response, or an error that the platform turns into a problem
// response (and a rollback). A response with a status of 400 or more also rolls back.
using Handler = std::function<Result<Response>(Request&)>;

// Resolves and checks principals for the platform; the app provides it from the
// features that own people, roles and couples. Both run on the request's connection.
class AccessResolver {
 public:
  virtual ~AccessResolver() = default;
  // Resolves the credentials of a request (bearer token or session cookie) to a
  // person with their roles. kUnauthenticated when there are none or they are not valid.
  virtual Result<Principal> Authenticate(db::Connection& c, const Request& req) = 0;
  // Checks `policy` (anything beyond public and plain signed-in) for `principal`,
  // filling in what it needs (the couple). `req` names the resource where the policy
  // is about one (a therapist's couple is the path's {couple}). Returns the error to
  // answer with when the policy is not met.
  virtual Status Authorize(db::Connection& c, const Request& req, Principal& principal, const Policy& policy) = 0;
};

struct Route {
  Method method;
  std::string pattern;  // "/api/v1/things/{id}"
  Policy policy;
  Work work;  // what the route does, all steps together
  Handler handler;
  std::vector<std::string> segments;
  Work first_step = work;  // what its first step does (Request::Then runs the others)
};

// An explicit route table. Patterns are literal segments and {name} placeholders that
// match one non-empty segment.
class Router {
 public:
  // `first_step`: what the handler's own step does when it hands on with Request::Then
  // (default: `work`).
  void Add(Method method, std::string pattern, Policy policy, Work work, Handler handler,
           std::optional<Work> first_step = std::nullopt);

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
//   t.Add(Method::kGet, "/api/v1/things", Policy::SignedIn(), Work::kRead, ListThings);
template <class Context>
class RouteTable {
 public:
  using Fn = Result<Response> (*)(Context&, Request&);
  RouteTable(Router& router, Context& ctx) : router_(router), ctx_(ctx) {}
  void Add(Method method, std::string pattern, Policy policy, Work work, Fn fn, std::optional<Work> first_step = {}) {
    Context* ctx = &ctx_;
    router_.Add(method, std::move(pattern), std::move(policy), work, [ctx, fn](Request& r) { return fn(*ctx, r); },
                first_step);
  }

 private:
  Router& router_;
  Context& ctx_;
};

// Runs a request's unit of work around its handler: authentication (unless the request
// carries a principal already: a live connection's), the policy, the transaction and the
// after-commit effects, on one connection. The server uses it
// (after acquiring the connection without blocking); tests may use it directly.
class UnitOfWork {
 public:
  UnitOfWork(AccessResolver& resolver) : resolver_(resolver) {}
  // Runs `route` for `req` on `conn` (null only for a public route that does no work).
  Response Run(const Route& route, Request& req, db::Connection* conn);

 private:
  Result<Response> Attempt(const Route& route, Request& req, db::Connection* conn);
  AccessResolver& resolver_;
};

// kInvalidArgument unless every path parameter and query parameter (name and value,
// decoded) of `req` is UTF-8 text without NUL. UnitOfWork checks it for every route.
Status CheckParameters(const Request& req);

// A whole-number query parameter: `fallback` when absent, kInvalidArgument naming the
// parameter when it is not a number from `min` to `max`.
Result<int> IntQuery(const Request& req, std::string_view name, int fallback, int min, int max);

}  // namespace rk::http
