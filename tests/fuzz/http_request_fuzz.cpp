// Raw bytes from a client, as the server reads them: Beast's HTTP/1.1 request parser
// with the server's header and body limits, the server's reading into a Request
// (detail::ReadRequest, both with and without trusting X-Forwarded-For), then what
// handlers and the pipeline do with it without a database: the route lookup on the real
// route table, query parameters, cookies and the numeric query parameters of the
// handlers. Several requests on one connection are read one after another.

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/parser.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_app.hpp"
#include "platform/http/server.hpp"
#include "platform/http/wire.hpp"

namespace {

namespace bhttp = boost::beast::http;
using namespace rk;

void Inspect(const http::Request& req) {
  const http::Router& router = fuzz::App::Get().router();
  std::vector<std::pair<std::string, std::string>> params;
  http::Router::Match m = router.Find(req.method, req.path, params);
  if (m.route)
    for (const auto& param : params)
      if (param.second.empty()) __builtin_trap();  // a placeholder matches one non-empty segment
  for (const char* name : {"limit", "before", "form", "perspective", "language", ""}) (void)req.QueryParam(name);
  for (const char* name : {"rekindle_session", "__Host-rekindle_session", ""}) (void)req.Cookie(name);
  // The handlers' numeric query parameters (chat, daily history, triangle history).
  (void)http::IntQuery(req, "limit", 50, 1, 200);
  (void)http::IntQuery(req, "limit", 100, 1, 500);
  (void)http::IntQuery(req, "limit", 0, INT32_MIN, INT32_MAX);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const http::ServerOptions opts;
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  // At most a few requests per input, like a keep-alive connection.
  for (int n = 0; n < 4 && !rest.empty(); ++n) {
    bhttp::request_parser<bhttp::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(opts.header_limit));
    parser.body_limit(opts.body_limit);
    parser.eager(true);
    boost::beast::error_code ec;
    std::size_t used = 0;
    while (!parser.is_done()) {
      const std::size_t n = parser.put(boost::asio::buffer(rest.data() + used, rest.size() - used), ec);
      used += n;
      if (ec == bhttp::error::need_more && n > 0) ec = {};
      if (ec || n == 0) break;
    }
    if (ec == bhttp::error::need_more) parser.put_eof(ec = {});  // the client closed its side
    if (ec || !parser.is_done()) return 0;
    rest.remove_prefix(used);
    for (bool trust_proxy : {false, true}) {
      auto msg = parser.get();  // a copy: ReadRequest moves the body out
      http::Request req;
      http::detail::ReadRequest(msg, "192.0.2.1", trust_proxy, req);
      Inspect(req);
    }
  }
  return 0;
}
