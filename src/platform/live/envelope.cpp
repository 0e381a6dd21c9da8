#include "platform/live/envelope.hpp"

namespace rk::live {

namespace json = boost::json;

namespace {

constexpr std::string_view kKinds[] = {"event", "ephemeral", "close"};
constexpr std::string_view kScopes[] = {"session", "all_but_session", "all"};

template <class E, std::size_t N>
std::optional<E> Lookup(const std::string_view (&names)[N], const json::value* v) {
  if (!v || !v->is_string()) return std::nullopt;
  for (std::size_t i = 0; i < N; ++i)
    if (v->get_string() == names[i]) return static_cast<E>(i);
  return std::nullopt;
}

bool IsCloseCode(std::int64_t code) {
  for (CloseCode c : kCloseCodes)
    if (static_cast<std::int64_t>(c) == code) return true;
  return false;
}

}  // namespace

std::string Encode(const Envelope& e) {
  json::object o{{"k", kKinds[static_cast<int>(e.kind)]}, {"to", e.user_id}};
  if (e.kind == Envelope::Kind::kClose) {
    o["scope"] = kScopes[static_cast<int>(e.scope)];
    if (e.scope != Envelope::Scope::kAll) o["session"] = e.session_id;
    o["code"] = static_cast<std::int64_t>(e.code);
    if (e.forget) o["forget"] = true;
    if (e.before) o["before"] = e.before;
  } else {
    o["f"] = e.frame;
  }
  return json::serialize(o);
}

Result<Envelope> Decode(std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  const Error bad = Error::Invalid("not a live envelope");
  if (ec || !v.is_object()) return bad;
  const json::object& o = v.get_object();
  const auto kind = Lookup<Envelope::Kind>(kKinds, o.if_contains("k"));
  const json::value* to = o.if_contains("to");
  if (!kind || !to || !to->is_string()) return bad;
  Envelope e;
  e.kind = *kind;
  e.user_id = std::string(to->get_string());
  if (e.kind != Envelope::Kind::kClose) {
    const json::value* f = o.if_contains("f");
    if (!f || !f->is_object()) return bad;
    e.frame = f->get_object();
    return e;
  }
  const auto scope = Lookup<Envelope::Scope>(kScopes, o.if_contains("scope"));
  const json::value* code = o.if_contains("code");
  if (!scope || !code || !code->is_int64() || !IsCloseCode(code->get_int64())) return bad;
  e.scope = *scope;
  e.code = static_cast<CloseCode>(code->get_int64());
  if (e.scope != Envelope::Scope::kAll) {
    const json::value* session = o.if_contains("session");
    if (!session || !session->is_string()) return bad;
    e.session_id = std::string(session->get_string());
  }
  const json::value* forget = o.if_contains("forget");
  e.forget = forget && forget->is_bool() && forget->get_bool();
  const json::value* before = o.if_contains("before");
  if (before && before->is_int64()) e.before = before->get_int64();
  return e;
}

}  // namespace rk::live
