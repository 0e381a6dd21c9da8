#pragma once
// What the live layer puts on the bus (bus::Bus payloads): typed envelopes, never
// in-band control strings. Internal to the servers; clients never see an envelope.
// Pure. Thread-safe.

#include <boost/json.hpp>

#include <string>
#include <string_view>

#include "platform/base/result.hpp"
#include "platform/base/time.hpp"
#include "platform/live/protocol.hpp"

namespace rk::live {

struct Envelope {
  enum class Kind {
    kEvent,      // `frame` to every connection of `user_id`, numbered and kept for replay
    kEphemeral,  // `frame` to every connection of `user_id`, not numbered, not kept
    kClose,      // close connections of `user_id` (see Scope) with `code`
  };
  enum class Scope {
    kSession,         // those opened with `session_id`
    kAllButSession,   // all but those opened with `session_id`
    kAll,             // all of them
  };

  Kind kind = Kind::kEvent;
  std::string user_id;
  boost::json::object frame;  // kEvent, kEphemeral: the frame without "seq"
  // kClose:
  Scope scope = Scope::kAll;
  std::string session_id;
  CloseCode code = CloseCode::kNormal;
  bool forget = false;  // also empty the person's replay buffer (what it holds may no longer be theirs to read)
  // Only connections opened before this time (the publisher's clock) are closed: one
  // opened after a couple changed already knows the new partner. 0: no limit.
  Millis before = 0;

  static Envelope Event(std::string user_id, boost::json::object frame) {
    return {Kind::kEvent, std::move(user_id), std::move(frame), Scope::kAll, {}, CloseCode::kNormal, false, 0};
  }
  static Envelope Ephemeral(std::string user_id, boost::json::object frame) {
    return {Kind::kEphemeral, std::move(user_id), std::move(frame), Scope::kAll, {}, CloseCode::kNormal, false, 0};
  }
  static Envelope Close(std::string user_id, Scope scope, std::string session_id, CloseCode code, bool forget,
                        Millis before = 0) {
    return {Kind::kClose, std::move(user_id), {}, scope, std::move(session_id), code, forget, before};
  }
};

// The envelope as compact JSON text.
std::string Encode(const Envelope& e);
// Reads what Encode wrote. Fails with kInvalidArgument for anything else.
Result<Envelope> Decode(std::string_view text);

}  // namespace rk::live
