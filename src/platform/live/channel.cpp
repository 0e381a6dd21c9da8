#include "platform/live/channel.hpp"

#include "platform/log/log.hpp"

namespace rk::live {

namespace json = boost::json;

namespace {

// The error frame's code for a forwarded request's HTTP status.
std::string_view CodeFor(int status) {
  switch (status) {
    case 400: return "invalid";
    case 404: return "not_found";
    case 409:
    case 410: return "conflict";
    case 429: return "rate_limited";
    case 503: return "unavailable";
    default: return "internal";
  }
}

}  // namespace

Channel::Channel(Live& live, Caller caller, Sink& sink, ChannelLimits limits, const Clock& clock)
    : live_(live), caller_(std::move(caller)), sink_(sink), limits_(limits), clock_(clock) {}

Channel::~Channel() {
  if (token_) live_.hub().Remove(caller_.user_id, *token_);
}

void Channel::Open(std::weak_ptr<Sink> self) {
  partner_ = caller_.partner_id;
  token_ = live_.hub().Add(caller_.user_id, caller_.session_id, std::move(self));
}

void Channel::Reply(json::object frame) { sink_.Send(std::make_shared<const std::string>(json::serialize(frame))); }

void Channel::Refuse(const std::optional<std::string>& id, std::string code, std::string message) {
  // The schema's limit for an error's message; a message may quote what the client sent.
  constexpr std::size_t kMessageMax = 500;
  std::size_t points = 0, end = 0;
  for (; end < message.size(); ++end)
    if ((static_cast<unsigned char>(message[end]) & 0xC0) != 0x80 && ++points > kMessageMax) break;
  message.resize(end);
  Reply(ToJson(Refusal{id, std::move(code), std::move(message)}));
}

bool Channel::Count(Millis& window, int& count, int limit) {
  const Millis now = clock_.Now();
  if (now - window >= kSecond) {
    window = now;
    count = 0;
  }
  return ++count <= limit;
}

template <class F>
void Channel::RelayToPartner(const std::optional<std::string>& id, const json::object& frame) {
  if (!partner_) return Refuse(id, "no_partner", "You are not in a couple.");
  auto typed = FromJson<F>(frame);  // the schema check has passed, so this reads
  if (!typed.ok()) return Refuse(id, "invalid_frame", typed.error().message);
  live_.Relay(*partner_, *typed);
  if (id) Reply(ToJson(Ack{*id, std::nullopt}));
}

void Channel::OnText(std::string_view text) {
  if (closing_) return;
  if (!Count(frames_window_, frames_, limits_.frames_per_second)) {
    log::Warn("live_rate_limited", {{"user_id", caller_.user_id}});
    closing_ = true;
    sink_.Close(CloseCode::kPolicy);
    return;
  }
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return Refuse(std::nullopt, "invalid_frame", "A frame is one JSON object.");
  json::object& frame = v.get_object();
  // The id is answered even when the rest of the frame is wrong, if it can be read.
  std::optional<std::string> id;
  if (const json::value* i = frame.if_contains("id");
      i && i->is_string() && !i->get_string().empty() && i->get_string().size() <= 64)
    id = std::string(i->get_string());
  if (auto problem = Schema::Builtin().Check(Direction::kClientToServer, frame))
    return Refuse(id, problem->code, problem->message);

  const std::string_view type = frame.at("type").get_string();
  if (type == Ping::kType) return Reply(ToJson(Pong{id}));
  if (type == Resume::kType) {
    if (resumed_) return Refuse(id, "conflict", "This connection has already resumed.");
    resumed_ = true;
    auto r = FromJson<Resume>(frame);
    if (r.ok() && token_) live_.hub().Resume(caller_.user_id, *token_, r->epoch, r->seq);
    return;
  }
  if (type == ChatTyping::kType) {
    if (!Count(typing_window_, typing_, limits_.typing_per_second))
      return Refuse(id, "rate_limited", "Typing notices come too fast.");
    return RelayToPartner<ChatTyping>(id, frame);
  }
  if (type == Relay::kType) return RelayToPartner<Relay>(id, frame);

  const Live::Forwarder* forward = live_.FindForwarder(type);
  if (!forward) return Refuse(id, "unknown_type", "This server does not handle " + std::string(type) + " yet.");
  Result<Forward> request = (*forward)(frame);
  if (!request.ok()) return Refuse(id, "invalid", request.error().message);
  sink_.Forward(id, std::move(request).value());
}

void Channel::Answer(const std::optional<std::string>& id, const Forward& request, int status, std::string_view body) {
  boost::system::error_code ec;
  const json::value parsed = json::parse(body, ec);
  const json::object* o = ec ? nullptr : parsed.if_object();
  if (status >= 200 && status < 300) {
    if (!id) return;
    std::optional<std::string> ref;
    if (const json::value* v = o && !request.ref_field.empty() ? o->if_contains(request.ref_field) : nullptr;
        v && v->is_string())
      ref = std::string(v->get_string());
    return Reply(ToJson(Ack{*id, ref}));
  }
  std::string message = "That did not work.";
  if (const json::value* d = o ? o->if_contains("detail") : nullptr; d && d->is_string()) message = std::string(d->get_string());
  Refuse(id, std::string(CodeFor(status)), std::move(message));
}

}  // namespace rk::live
