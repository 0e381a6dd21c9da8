#include "platform/http/wire.hpp"

namespace rk::http {

namespace bhttp = boost::beast::http;

namespace {

Method ToMethod(bhttp::verb v) {
  switch (v) {
    case bhttp::verb::get: return Method::kGet;
    case bhttp::verb::head: return Method::kHead;
    case bhttp::verb::post: return Method::kPost;
    case bhttp::verb::put: return Method::kPut;
    case bhttp::verb::patch: return Method::kPatch;
    case bhttp::verb::delete_: return Method::kDelete;
    case bhttp::verb::options: return Method::kOptions;
    default: return Method::kOther;
  }
}

}  // namespace

void detail::ReadRequest(bhttp::request<bhttp::string_body>& msg, const std::string& peer, bool trust_proxy,
                         Request& req) {
  req.method = ToMethod(msg.method());
  std::string_view target = msg.target();
  const std::size_t q = target.find('?');
  req.path = std::string(target.substr(0, q));
  if (q != std::string_view::npos) req.query = std::string(target.substr(q + 1));
  for (const auto& f : msg) {
    std::string name(f.name_string());
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    req.headers.emplace_back(std::move(name), std::string(f.value()));
  }
  req.client_ip = peer;
  if (trust_proxy) {
    std::string_view xff = req.Header("x-forwarded-for");
    if (!xff.empty()) {
      std::string_view last = xff.substr(xff.rfind(',') + 1);
      while (!last.empty() && last.front() == ' ') last.remove_prefix(1);
      req.client_ip = std::string(last);
    }
  }
  req.body = std::move(msg.body());
}

}  // namespace rk::http
