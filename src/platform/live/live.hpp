#pragma once
// What features and the app use of the live layer:
//  - typed publishing: Publish(user, live::ChatMessage{...}) reaches every connection
//    of that person on every server (through the bus, then each server's hub);
//  - typed closing: when a session ends or a couple changes;
//  - the registry of handlers for client frames that need a feature (chat.send), and the
//    callback that tells a new connection who the person's partner is.
// Thread-safe once set up: register handlers and the partner resolver before the server
// starts, then only call.

#include <concepts>
#include <functional>
#include <map>
#include <optional>
#include <string>

#include "platform/base/result.hpp"
#include "platform/bus/bus.hpp"
#include "platform/live/envelope.hpp"
#include "platform/live/hub.hpp"
#include "platform/live/protocol.hpp"

namespace rk::live {

// Who sent a client frame.
struct Caller {
  std::string user_id;
  std::string session_id;
};

template <class F>
concept EventFrame = F::kKind == Kind::kEvent;
template <class F>
concept EphemeralFrame = F::kKind == Kind::kEphemeral;

class Live {
 public:
  // Answers a client frame: ok with an optional reference for the ack ("ref"), or an
  // error (its code picks the error frame's code, its message goes to the client).
  using Handler = std::function<Result<std::optional<std::string>>(const Caller&, const boost::json::object& frame)>;
  // The partner of `user_id`, nullopt when they are not in a couple.
  using PartnerResolver = std::function<Result<std::optional<std::string>>(const std::string& user_id)>;

  // Sets itself as `bus`'s handler, delivering through `hub`.
  Live(bus::Bus& bus, Hub& hub);

  // Sends an event frame to every connection of `user_id` on every server. Best effort:
  // a lost event is logged, and the client catches up through resume or the API.
  template <EventFrame F>
  void Publish(const std::string& user_id, const F& frame) {
    Post(Envelope::Event(user_id, ToJson(frame)));
  }
  // Sends an ephemeral frame (chat.typing, relay) to every connection of `user_id`.
  template <EphemeralFrame F>
  void Relay(const std::string& user_id, const F& frame) {
    Post(Envelope::Ephemeral(user_id, ToJson(frame)));
  }

  // Closes with kSessionEnded, on every server, the connections of `user_id` opened with
  // `session_id` (sign-out) ...
  void CloseSession(const std::string& user_id, const std::string& session_id);
  // ... all but those of `keep_session_id` (password change) ...
  void CloseOtherSessions(const std::string& user_id, const std::string& keep_session_id);
  // ... or all of them, emptying the person's replay buffer (account erasure).
  void CloseAll(const std::string& user_id);
  // Closes every connection of `user_id` with kCoupleChanged and empties their replay
  // buffer: the person joined or left a couple, so connections must learn the new partner
  // (and never again relay to the old one). Clients reconnect and reload. Connections
  // opened after this call are spared (the close may reach another server late).
  void CoupleChanged(const std::string& user_id);

  // Registers the handler for client frames of type F::kType. REQUIRES: before serving;
  // F is a client frame of the schema; one handler per type.
  template <class F>
  void On(std::function<Result<std::optional<std::string>>(const Caller&, const F&)> handle) {
    handlers_[std::string(F::kType)] = [handle = std::move(handle)](const Caller& caller, const boost::json::object& o)
        -> Result<std::optional<std::string>> {
      RK_ASSIGN_OR_RETURN(F frame, FromJson<F>(o));
      return handle(caller, frame);
    };
  }
  // The handler for `type`, or null.
  const Handler* FindHandler(std::string_view type) const;

  // REQUIRES: before serving.
  void SetPartnerResolver(PartnerResolver resolve) { resolve_partner_ = std::move(resolve); }
  // Asks the resolver; without one, nobody has a partner.
  Result<std::optional<std::string>> Partner(const std::string& user_id) const;

  Hub& hub() { return hub_; }

 private:
  void Post(const Envelope& e);

  bus::Bus& bus_;
  Hub& hub_;
  std::map<std::string, Handler, std::less<>> handlers_;
  PartnerResolver resolve_partner_;
};

}  // namespace rk::live
