#pragma once
// What features and the app use of the live layer:
//  - typed publishing: Publish(user, live::ChatMessage{...}) reaches every connection
//    of that person on every server (through the bus, then each server's hub);
//  - typed closing: when a session ends or a couple changes;
//  - the registry of handlers for client frames that need a feature (chat.send).
// Thread-safe once set up: register handlers before the server starts, then only call.

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
  // The person's partner when the connection opened (resolved by the server with the
  // couple-member policy); nullopt outside a couple. A couple change closes the
  // connection (CoupleChanged), so it never outlives the couple.
  std::optional<std::string> partner_id = std::nullopt;
};

template <class F>
concept EventFrame = F::kKind == Kind::kEvent;
template <class F>
concept EphemeralFrame = F::kKind == Kind::kEphemeral;

// A client frame carried out as an API request: through the same route, policy, rules
// and unit of work as over HTTP, as the connection's person. The connection runs it (see
// Sink::Forward) and answers the frame with ack (carrying the response's `ref_field`
// as "ref") or error.
struct Forward {
  std::string method;     // "POST"
  std::string path;       // "/api/v1/chat/messages"
  std::string body;       // the JSON body
  std::string ref_field;  // a string field of the response the ack refers to ("id"); "" for none
};

class Live {
 public:
  // Turns a client frame (checked against the schema) into its request.
  using Forwarder = std::function<Result<Forward>(const boost::json::object& frame)>;

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

  // Makes client frames of type F::kType requests: `to_request` says which. REQUIRES:
  // before serving; F is a client frame of the schema; one per type.
  template <class F>
  void On(std::function<Forward(const F&)> to_request) {
    forwarders_[std::string(F::kType)] = [to_request = std::move(to_request)](const boost::json::object& o)
        -> Result<Forward> {
      RK_ASSIGN_OR_RETURN(F frame, FromJson<F>(o));
      return to_request(frame);
    };
  }
  // The forwarder for `type`, or null.
  const Forwarder* FindForwarder(std::string_view type) const;


  Hub& hub() { return hub_; }

 private:
  void Post(const Envelope& e);

  bus::Bus& bus_;
  Hub& hub_;
  std::map<std::string, Forwarder, std::less<>> forwarders_;
};

}  // namespace rk::live
