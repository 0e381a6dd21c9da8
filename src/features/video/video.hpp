#pragma once
// Video calls: the pure rules. Who may be in a booked session's call and as what, how
// a person moves between waiting, admitted and left, and TURN credentials after
// coturn's REST-API scheme. No I/O. (When a call is open is booking::CallWindowAt.)

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "platform/base/time.hpp"

namespace rk::video {

// A participant's presence in a call.
inline constexpr std::string_view kWaiting = "waiting";    // a partner, until the therapist lets them in
inline constexpr std::string_view kAdmitted = "admitted";  // in the call: may signal and be signalled
inline constexpr std::string_view kLeft = "left";
inline constexpr std::string_view kAbsent = "absent";      // has not opened the call (no row)

inline constexpr std::string_view kTherapist = "therapist";
inline constexpr std::string_view kPartner = "partner";

// The largest signalling payload (an SDP offer with audio and video is 4-7 KB), once
// serialised; the live protocol's call.signal says the same.
inline constexpr std::size_t kMaxPayloadBytes = 12288;
// Signals one person may send in a second, by HTTP and live frames together (per server).
// The web client batches ICE candidates, so a call's start needs a few a second.
inline constexpr int kSignalsPerSecond = 20;

// The state a person who opens the call moves to: the therapist is in at once; a
// partner waits to be let in, unless they are in already (a reload, a second device).
std::string_view StateOnJoin(std::string_view role, std::string_view current);

// Whether `state` (of the one asking) lets the therapist let them in.
inline bool CanAdmit(std::string_view state) { return state == kWaiting || state == kAdmitted; }

// A TURN credential after coturn's REST-API scheme (--use-auth-secret): the username
// is "<expiry in Unix seconds>:<name>" and the password base64(HMAC-SHA1(secret,
// username)). coturn recomputes the password from its copy of the secret and refuses
// it after the expiry, so the secret itself never leaves the server.
struct TurnCredential {
  std::string username;
  std::string credential;
};
TurnCredential MakeTurnCredential(std::string_view secret, std::string_view name, std::int64_t expires_unix);

// What browsers are told about ICE (config keys video.*).
struct IceOptions {
  std::vector<std::string> stun_urls;
  std::vector<std::string> turn_urls;
  std::string turn_secret;
  Millis turn_ttl = 15 * kMinute;  // past the session's end
  bool relay_only = false;
};

struct IceServer {
  std::vector<std::string> urls;
  std::string username;    // TURN only
  std::string credential;  // TURN only
};
// The ICE servers for `name` (a person id) in a session that ends at `ends_at`: the STUN
// URLs as one entry, the TURN URLs as another with a credential that expires turn_ttl
// after the session ends (so it lasts the whole call, and is only handed out while the
// call is open). Empty lists give no entries.
std::vector<IceServer> IceServers(const IceOptions& o, std::string_view name, Millis ends_at);

}  // namespace rk::video
