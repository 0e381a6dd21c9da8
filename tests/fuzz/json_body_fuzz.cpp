// Request bodies through the real handlers: the input's first line is a request line
// ("PUT /api/v1/daily/2026-11-21/answer"), the rest is the JSON body. The request runs
// as ana, signed in with a bearer token and in a couple with ben, through the route's
// policy, every step of its handler (ParseObject, Fields, the feature's rules and repo)
// and its unit of work on an in-memory SQLite database, then is rolled back.
// Http::Fields is also driven directly with every kind of field read the handlers use.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_app.hpp"
#include "platform/http/json.hpp"

namespace {

using namespace rk;

std::optional<http::Method> ParseMethod(std::string_view name) {
  for (http::Method m : {http::Method::kGet, http::Method::kPost, http::Method::kPut, http::Method::kPatch,
                         http::Method::kDelete})
    if (http::MethodName(m) == name) return m;
  return std::nullopt;
}

// Every kind of field read, on whatever object the body is.
void ReadFields(const http::Request& req) {
  auto body = http::ParseObject(req, {"text", "shared", "from", "to", "answers", "form", "perspective"});
  if (!body.ok()) return;
  http::Fields f(*body);
  (void)f.String("text", true, 1, 2000);
  (void)f.String("form", false, 0, 64, /*trim=*/false);
  (void)f.String("perspective", false, 3, 16);
  (void)f.Bool("shared", true);
  (void)f.Int("from", true, 0, 1000);
  (void)f.Int("to", false, INT64_MIN, INT64_MAX);
  (void)f.Finish();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::App& app = fuzz::App::Get();
  std::string_view in(reinterpret_cast<const char*>(data), size);
  const std::size_t eol = in.find('\n');
  if (eol == std::string_view::npos) return 0;
  const std::string_view line = in.substr(0, eol);
  const std::size_t space = line.find(' ');
  if (space == std::string_view::npos) return 0;
  const auto method = ParseMethod(line.substr(0, space));
  if (!method) return 0;
  const std::string_view target = line.substr(space + 1);
  if (!target.starts_with("/api/")) return 0;

  http::Request req;
  req.method = *method;
  const std::size_t q = target.find('?');
  req.path = std::string(target.substr(0, q));
  if (q != std::string_view::npos) req.query = std::string(target.substr(q + 1));
  req.body = std::string(in.substr(eol + 1));
  req.headers = {{"content-type", "application/json"}, {"authorization", "Bearer " + app.token()}};
  ReadFields(req);
  http::Response res = app.Call(req);
  // A handler answers with a status and never fails the server: 500 means a bug.
  if (res.status >= 500 && res.status != 503) {
    std::fprintf(stderr, "%d %s\n", res.status, res.body.c_str());
    __builtin_trap();
  }
  return 0;
}
