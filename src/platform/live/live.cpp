#include "platform/live/live.hpp"

#include "platform/log/log.hpp"

namespace rk::live {

Live::Live(bus::Bus& bus, Hub& hub) : bus_(bus), hub_(hub) {
  bus_.SetHandler([&hub](const std::string& payload) {
    auto e = Decode(payload);
    if (!e.ok()) {
      log::Warn("live_envelope_invalid");
      return;
    }
    hub.Deliver(*e);
  });
}

void Live::Post(const Envelope& e) {
  if (Status s = bus_.Publish(Encode(e)); !s.ok()) log::Warn("live_publish_failed", {{"error", s.error().message}});
}

void Live::CloseSession(const std::string& user_id, const std::string& session_id) {
  Post(Envelope::Close(user_id, Envelope::Scope::kSession, session_id, CloseCode::kSessionEnded, false));
}

void Live::CloseOtherSessions(const std::string& user_id, const std::string& keep_session_id) {
  Post(Envelope::Close(user_id, Envelope::Scope::kAllButSession, keep_session_id, CloseCode::kSessionEnded, false));
}

void Live::CloseAll(const std::string& user_id) {
  Post(Envelope::Close(user_id, Envelope::Scope::kAll, {}, CloseCode::kSessionEnded, true));
}

void Live::CoupleChanged(const std::string& user_id) {
  Post(Envelope::Close(user_id, Envelope::Scope::kAll, {}, CloseCode::kCoupleChanged, true, hub_.Now()));
}

const Live::Forwarder* Live::FindForwarder(std::string_view type) const {
  auto it = forwarders_.find(type);
  return it == forwarders_.end() ? nullptr : &it->second;
}

}  // namespace rk::live
