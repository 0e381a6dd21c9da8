#pragma once
// One live connection's side of the protocol, without the socket: the WebSocket code
// (platform/http/live_connection.cpp) hands each text message to OnText, and the
// channel answers through the connection's Sink. What happens with each client frame:
//  - ping            -> pong (with the ping's id)
//  - resume          -> the missed frames and resumed, or reload (Hub::Resume); once
//  - chat.typing     -> relayed to the partner's connections; rate-limited
//  - relay           -> relayed to the partner's connections
//  - chat.send etc.  -> the request registered with Live::On, carried out by the
//                       connection (Sink::Forward), answered with ack or error (Answer)
// A frame that breaks the schema gets an error frame; the connection stays open.
// Too many frames of any kind close it with kPolicy.
//
// Not thread-safe: a connection calls it from its own strand only.

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "platform/base/clock.hpp"
#include "platform/live/live.hpp"

namespace rk::live {

struct ChannelLimits {
  int frames_per_second = 20;  // of any kind; beyond it the connection is closed (kPolicy)
  int typing_per_second = 4;   // chat.typing; beyond it refused with rate_limited
};

class Channel {
 public:
  // `sink` is the connection that owns this channel; it outlives it.
  Channel(Live& live, Caller caller, Sink& sink, ChannelLimits limits, const Clock& clock);
  ~Channel();
  Channel(const Channel&) = delete;
  Channel& operator=(const Channel&) = delete;

  // Learns the partner, registers with the hub (which sends hello). `self` is the same
  // sink as a weak pointer, for the hub. Call once.
  void Open(std::weak_ptr<Sink> self);
  // Handles one text message from the client.
  void OnText(std::string_view text);
  // Answers the client frame `id` with the outcome of its forwarded `request`: ack (with
  // the response's `request.ref_field` as "ref") for a 2xx, else error with the
  // problem's detail.
  void Answer(const std::optional<std::string>& id, const Forward& request, int status, std::string_view body);

 private:
  void Reply(boost::json::object frame);
  void Refuse(const std::optional<std::string>& id, std::string code, std::string message);
  template <class F>
  void RelayToPartner(const std::optional<std::string>& id, const boost::json::object& frame);
  // Counts one frame in the current one-second window; false when `limit` is passed.
  bool Count(Millis& window, int& count, int limit);

  Live& live_;
  const Caller caller_;
  Sink& sink_;
  const ChannelLimits limits_;
  const Clock& clock_;
  std::optional<std::string> partner_;
  std::optional<std::uint64_t> token_;
  bool resumed_ = false;
  bool closing_ = false;
  Millis frames_window_ = 0;
  int frames_ = 0;
  Millis typing_window_ = 0;
  int typing_ = 0;
};

}  // namespace rk::live
