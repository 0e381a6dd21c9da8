#include "platform/http/http.hpp"

#include <boost/json.hpp>

#include <charconv>

#include "platform/base/text.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/http/json.hpp"

namespace rk::http {

std::string_view MethodName(Method m) {
  switch (m) {
    case Method::kGet: return "GET";
    case Method::kHead: return "HEAD";
    case Method::kPost: return "POST";
    case Method::kPut: return "PUT";
    case Method::kPatch: return "PATCH";
    case Method::kDelete: return "DELETE";
    case Method::kOptions: return "OPTIONS";
    case Method::kOther: return "OTHER";
  }
  return "OTHER";
}

std::string_view RoleName(Role r) {
  switch (r) {
    case Role::kTherapist: return "therapist";
    case Role::kOperator: return "operator";
  }
  return "";
}

std::optional<Role> ParseRole(std::string_view name) {
  for (Role r : {Role::kTherapist, Role::kOperator})
    if (RoleName(r) == name) return r;
  return std::nullopt;
}

bool Principal::Has(Role r) const {
  for (Role mine : roles)
    if (mine == r) return true;
  return false;
}

std::string_view AccessName(Access a) {
  switch (a) {
    case Access::kPublic: return "public";
    case Access::kSignedIn: return "signed-in";
    case Access::kCoupleMember: return "couple-member";
    case Access::kTherapist: return "therapist";
    case Access::kTherapistOfCouple: return "therapist-of-couple";
    case Access::kOperator: return "operator";
  }
  return "";
}

std::string_view WorkName(Work w) {
  switch (w) {
    case Work::kNone: return "none";
    case Work::kCompute: return "compute";
    case Work::kRead: return "read";
    case Work::kWrite: return "write";
  }
  return "";
}

namespace {
std::string PercentDecode(std::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2])));
      i += 2;
    } else if (plus_is_space && s[i] == '+') {
      out.push_back(' ');
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

std::vector<std::string> Split(std::string_view path) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '/') {
      ++i;
      continue;
    }
    std::size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    out.emplace_back(path.substr(i, j - i));
    i = j;
  }
  return out;
}
}  // namespace

std::string_view Request::Header(std::string_view name) const {
  for (const auto& [k, v] : headers)
    if (k == name) return v;
  return {};
}

std::string_view Request::Param(std::string_view name) const {
  for (const auto& [k, v] : params)
    if (k == name) return v;
  return {};
}

namespace {
// Calls `each(key, value)` with every decoded pair of `query` in order until it returns
// true; returns whether one did.
template <class F>
bool ForEachQueryPair(std::string_view q, F each) {
  while (!q.empty()) {
    const std::size_t amp = q.find('&');
    const std::string_view pair = q.substr(0, amp);
    q = amp == std::string_view::npos ? std::string_view() : q.substr(amp + 1);
    const std::size_t eq = pair.find('=');
    const std::string key = PercentDecode(pair.substr(0, eq), true);
    const std::string value = eq == std::string_view::npos ? "" : PercentDecode(pair.substr(eq + 1), true);
    if (each(key, value)) return true;
  }
  return false;
}
}  // namespace

std::optional<std::string> Request::QueryParam(std::string_view name) const {
  std::optional<std::string> found;
  ForEachQueryPair(query, [&](const std::string& key, const std::string& value) {
    if (key != name) return false;
    found = value;
    return true;
  });
  return found;
}

std::string_view Request::Cookie(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (k != "cookie") continue;
    std::string_view rest = v;
    while (!rest.empty()) {
      std::size_t semi = rest.find(';');
      std::string_view item = rest.substr(0, semi);
      rest = semi == std::string_view::npos ? std::string_view() : rest.substr(semi + 1);
      while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
      std::size_t eq = item.find('=');
      if (eq != std::string_view::npos && item.substr(0, eq) == name) return item.substr(eq + 1);
    }
  }
  return {};
}

Result<int> IntQuery(const Request& req, std::string_view name, int fallback, int min, int max) {
  auto text = req.QueryParam(name);
  if (!text) return fallback;
  int value = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || end != text->data() + text->size() || value < min || value > max) {
    const std::string range = std::to_string(min) + " to " + std::to_string(max);
    return Error::Invalid(std::string(name) + " must be a whole number from " + range + ".",
                          {{std::string(name), "range", "Use " + range + "."}});
  }
  return value;
}

int StatusOf(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument: return 400;
    case ErrorCode::kUnauthenticated: return 401;
    case ErrorCode::kPermissionDenied: return 403;
    case ErrorCode::kNotFound: return 404;
    case ErrorCode::kConflict: return 409;
    case ErrorCode::kGone: return 410;
    case ErrorCode::kMethodNotAllowed: return 405;
    case ErrorCode::kUpgradeRequired: return 426;
    case ErrorCode::kPayloadTooLarge: return 413;
    case ErrorCode::kHeadersTooLarge: return 431;
    case ErrorCode::kUnsupportedMediaType: return 415;
    case ErrorCode::kRateLimited: return 429;
    case ErrorCode::kUnavailable: return 503;
    case ErrorCode::kInternal: return 500;
  }
  return 500;
}

namespace {
struct ProblemKind {
  std::string_view slug;
  std::string_view title;
};
ProblemKind KindOf(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument: return {"invalid-request", "Some of what was sent is not valid"};
    case ErrorCode::kUnauthenticated: return {"unauthenticated", "You need to sign in"};
    case ErrorCode::kPermissionDenied: return {"forbidden", "That is not allowed"};
    case ErrorCode::kNotFound: return {"not-found", "Not found"};
    case ErrorCode::kConflict: return {"conflict", "That conflicts with what is already there"};
    case ErrorCode::kGone: return {"gone", "That has expired"};
    case ErrorCode::kMethodNotAllowed: return {"method-not-allowed", "That method is not allowed here"};
    case ErrorCode::kUpgradeRequired: return {"upgrade-required", "Open this address as a WebSocket"};
    case ErrorCode::kPayloadTooLarge: return {"payload-too-large", "The request is too large"};
    case ErrorCode::kHeadersTooLarge: return {"headers-too-large", "The request headers are too large"};
    case ErrorCode::kUnsupportedMediaType: return {"unsupported-media-type", "Send JSON"};
    case ErrorCode::kRateLimited: return {"rate-limited", "Too many attempts"};
    case ErrorCode::kUnavailable: return {"unavailable", "Temporarily unavailable"};
    case ErrorCode::kInternal: return {"internal", "Something went wrong on our side"};
  }
  return {"internal", "Something went wrong on our side"};
}
}  // namespace

Response Problem(const Error& error) {
  const ProblemKind kind = KindOf(error.code);
  const int status = StatusOf(error.code);
  boost::json::object body;
  body["type"] = std::string("urn:rekindle:problem:") + std::string(kind.slug);
  body["title"] = kind.title;
  body["status"] = status;
  body["detail"] = error.message.empty() ? std::string(kind.title) : error.message;
  if (!error.fields.empty()) {
    // Bounded, so that a request full of bad fields cannot make a larger answer: at most
    // kMaxFieldErrors, each field name cut to kMaxFieldName bytes (at a UTF-8 boundary).
    constexpr std::size_t kMaxFieldErrors = 20, kMaxFieldName = 100;
    boost::json::array errors;
    for (std::size_t i = 0; i < error.fields.size() && i < kMaxFieldErrors; ++i) {
      const FieldError& f = error.fields[i];
      std::string_view name = f.field;
      if (name.size() > kMaxFieldName) {
        std::size_t cut = kMaxFieldName;
        while (cut > 0 && (static_cast<unsigned char>(name[cut]) & 0xC0) == 0x80) --cut;
        name = name.substr(0, cut);
      }
      errors.push_back(boost::json::object{{"field", name}, {"code", f.code}, {"message", f.message}});
    }
    body["errors"] = std::move(errors);
    if (error.fields.size() > kMaxFieldErrors) body["errors_omitted"] = error.fields.size() - kMaxFieldErrors;
  }
  Response r{status, "application/problem+json", boost::json::serialize(body), {}};
  if (error.code == ErrorCode::kRateLimited || error.code == ErrorCode::kUnavailable)
    r.With("Retry-After", std::to_string(std::max(1, error.retry_after_seconds)));
  return r;
}

void Router::Add(Method method, std::string pattern, Policy policy, Work work, Handler handler,
                 std::optional<Work> first_step) {
  Route r{method, pattern, std::move(policy), work, std::move(handler), Split(pattern), first_step.value_or(work)};
  routes_.push_back(std::move(r));
}

Router::Match Router::Find(Method method, std::string_view path,
                           std::vector<std::pair<std::string, std::string>>& params) const {
  const std::vector<std::string> parts = Split(path);
  Match m;
  for (const Route& r : routes_) {
    if (r.segments.size() != parts.size()) continue;
    std::vector<std::pair<std::string, std::string>> found;
    bool ok = true;
    for (std::size_t i = 0; i < parts.size() && ok; ++i) {
      const std::string& seg = r.segments[i];
      if (seg.size() > 2 && seg.front() == '{' && seg.back() == '}') {
        found.emplace_back(seg.substr(1, seg.size() - 2), PercentDecode(parts[i], false));
      } else {
        ok = seg == parts[i];
      }
    }
    if (!ok) continue;
    const bool method_ok = r.method == method || (method == Method::kHead && r.method == Method::kGet);
    if (method_ok) {
      m.route = &r;
      params = std::move(found);
      return m;
    }
    m.path_exists = true;
    if (!m.allow.empty()) m.allow += ", ";
    m.allow += MethodName(r.method);
  }
  return m;
}

Response Request::Then(Work work, std::function<Result<Response>(Request&)> next) {
  next_.emplace(work, std::move(next));
  return Response{};
}

std::optional<std::pair<Work, std::function<Result<Response>(Request&)>>> Request::TakeNext() {
  auto out = std::move(next_);
  next_.reset();
  return out;
}

Status CheckParameters(const Request& req) {
  auto text = [](std::string_view v) { return CodePoints(v).has_value() && v.find('\0') == std::string_view::npos; };
  for (const auto& [name, value] : req.params)
    if (!text(value))
      return Error::Invalid("The address holds something that is not text.", {{name, "encoding", "This must be UTF-8 text."}});
  std::string bad;
  if (ForEachQueryPair(req.query, [&](const std::string& key, const std::string& value) {
        if (text(key) && text(value)) return false;
        bad = text(key) ? key : "query";
        return true;
      }))
    return Error::Invalid("The query holds something that is not text.", {{bad, "encoding", "This must be UTF-8 text."}});
  return {};
}

Response UnitOfWork::Run(const Route& route, Request& req, db::Connection* conn) {
  req.conn_ = conn;
  req.after_commit_.clear();
  req.next_.reset();
  Result<Response> r = Attempt(route, req, conn);
  req.conn_ = nullptr;
  std::vector<std::function<void()>> effects;
  effects.swap(req.after_commit_);
  if (!r.ok() || r->status >= 400) req.next_.reset();  // a failed step ends the request
  if (!r.ok()) return Problem(r.error());
  if (r->status < 400)
    for (auto& effect : effects) effect();
  return std::move(r).value();
}

Result<Response> UnitOfWork::Attempt(const Route& route, Request& req, db::Connection* conn) {
  // Every path and query parameter is text before anything looks at it (PostgreSQL, for
  // one, refuses anything else).
  RK_TRY(CheckParameters(req));
  const Access access = route.policy.access;
  // A principal already on the request is a live connection's, authenticated when it
  // opened (and closed when its session ends).
  if (access != Access::kPublic && !req.principal) {
    assert(conn);
    RK_ASSIGN_OR_RETURN(Principal p, resolver_.Authenticate(*conn, req));
    if (p.via_cookie && !IsSafe(req.method) && !crypto::ConstantTimeEquals(req.Header("x-csrf-token"), p.csrf_token))
      return Error::Forbidden("The request is missing its CSRF token. Reload the page and try again.");
    req.principal = std::move(p);
  }
  const bool write = route.work == Work::kWrite;
  if (write) RK_TRY(conn->Begin());
  Result<Response> r = [&]() -> Result<Response> {
    if (access != Access::kPublic && (access != Access::kSignedIn || route.policy.couple_if_any))
      RK_TRY(resolver_.Authorize(*conn, req, *req.principal, route.policy));
    return route.handler(req);
  }();
  if (!write) return r;
  if (!r.ok() || r->status >= 400) {
    (void)conn->Rollback();
    return r;
  }
  if (Status s = conn->Commit(); !s.ok()) {
    (void)conn->Rollback();
    return std::move(s).error();
  }
  return r;
}

}  // namespace rk::http
