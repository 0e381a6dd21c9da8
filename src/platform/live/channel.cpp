#include "platform/live/channel.hpp"

#include "platform/log/log.hpp"

namespace rk::live {

namespace json = boost::json;

namespace {

// The error frame's code for an error from a handler.
std::string_view CodeFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument: return "invalid";
    case ErrorCode::kNotFound: return "not_found";
    case ErrorCode::kConflict:
    case ErrorCode::kGone: return "conflict";
    case ErrorCode::kRateLimited: return "rate_limited";
    case ErrorCode::kUnavailable: return "unavailable";
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
  auto partner = live_.Partner(caller_.user_id);
  if (partner.ok()) partner_ = std::move(partner).value();
  else log::Warn("live_partner_unknown", {{"error", partner.error().message}});
  token_ = live_.hub().Add(caller_.user_id, caller_.session_id, std::move(self));
}

void Channel::Reply(json::object frame) { sink_.Send(std::make_shared<const std::string>(json::serialize(frame))); }

void Channel::Refuse(const std::optional<std::string>& id, std::string code, std::string message) {
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
  if (const json::value* i = frame.if_contains("id"); i && i->is_string() && i->get_string().size() <= 64)
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

  const Live::Handler* handle = live_.FindHandler(type);
  if (!handle) return Refuse(id, "unknown_type", "This server does not handle " + std::string(type) + " yet.");
  Result<std::optional<std::string>> r = (*handle)(caller_, frame);
  if (!r.ok()) return Refuse(id, std::string(CodeFor(r.error().code)), r.error().message);
  if (id) Reply(ToJson(Ack{*id, *r}));
}

}  // namespace rk::live
