#pragma once
// The live hub of one server: every open live connection, by person, and each person's
// replay buffer. Envelopes from the bus arrive here (Deliver); connections register when
// they open (Add) and leave when they end (Remove). Nothing here knows Beast: a
// connection is a Sink.
//
// Sequence numbers: every event frame to a person is numbered on this server (1, 2, 3 …
// within an epoch) and kept in the person's replay buffer. An epoch names this server
// process and one life of the person's buffer: it changes when the server restarts, and
// when the person is forgotten after nobody was connected for `retention`. A close with
// `forget` (the couple changed, the account was erased) empties the buffer instead. A
// client that reconnects sends what it last saw; Resume sends the frames it missed, or
// reload when they are gone or the epoch is not this one.
//
// Thread-safe. One mutex guards everything; frames are numbered and handed to the sinks
// under it, so every connection of a person sees that person's frames in one order.
// Sink::Send and Sink::Close only queue, so holding the mutex across them is cheap.

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "platform/base/clock.hpp"
#include "platform/live/envelope.hpp"
#include "platform/live/protocol.hpp"
#include "platform/live/replay.hpp"

namespace rk::live {

// One live connection as the hub sees it. Implementations never block and may be called
// from any thread.
struct Forward;

class Sink {
 public:
  virtual ~Sink() = default;
  // Queues one text frame. A connection whose queue is full closes itself with
  // kTryAgainLater instead of buffering without bound.
  virtual void Send(FramePtr frame) = 0;
  // Ends the connection with a close frame carrying `code`. Calls after the first do
  // nothing.
  virtual void Close(CloseCode code) = 0;
  // Carries out `request` (live.hpp) for this connection's person, without blocking,
  // and then hands the outcome to the connection's Channel::Answer with `id`.
  virtual void Forward(std::optional<std::string> id, Forward request) = 0;
};

struct HubOptions {
  std::size_t replay_frames = 128;       // per person
  std::size_t replay_bytes = 64 * 1024;  // per person
  Millis retention = 5 * kMinute;        // a person's buffer outlives their last connection by this much
};

class Hub {
 public:
  // `server_id` is unique per server process (random); it starts every epoch.
  Hub(std::string server_id, HubOptions options, const Clock& clock);

  // Registers a connection of `user_id` opened with `session_id` and sends it hello with
  // the person's epoch and last sequence number, before any event can reach it. Returns a
  // token for Remove and Resume.
  std::uint64_t Add(const std::string& user_id, const std::string& session_id, std::weak_ptr<Sink> sink);
  // Unregisters a connection. Unknown tokens are ignored.
  void Remove(const std::string& user_id, std::uint64_t token);

  // Acts on one envelope from the bus. Events for people with no connection here and no
  // recent one are dropped: there is nobody to replay them to.
  void Deliver(const Envelope& e);

  // For the connection `token` of `user_id`, which last applied frame `seq` of `epoch`:
  // sends the frames it missed (numbered after `seq`, up to the number its hello carried)
  // and then resumed, or reload when they cannot all be sent.
  void Resume(const std::string& user_id, std::uint64_t token, const std::string& epoch, std::int64_t seq);

  // Closes every connection on this server with `code` (shutdown: kGoingAway).
  void CloseAll(CloseCode code);

  // This hub's clock.
  Millis Now() const { return clock_.Now(); }
  std::size_t connections() const;
  // The open connections of `user_id` on this server.
  std::size_t ConnectionsOf(const std::string& user_id) const;
  // People with a replay buffer (connected, or within retention).
  std::size_t people() const;

 private:
  struct Connection {
    std::string session_id;
    std::weak_ptr<Sink> sink;
    std::int64_t hello_seq = 0;  // the last frame number when it opened
    Millis opened_at = 0;
  };
  struct Person {
    std::string epoch;
    ReplayBuffer replay;
    std::map<std::uint64_t, Connection> connections;
    Millis idle_since = 0;  // when the last connection left; meaningful when none are left
  };

  Person& FindOrCreate(const std::string& user_id);  // REQUIRES mu_
  std::string NewEpoch();                            // REQUIRES mu_
  void SweepIdle(Millis now);                       // REQUIRES mu_

  const std::string server_id_;
  const HubOptions options_;
  const Clock& clock_;
  mutable std::mutex mu_;
  std::map<std::string, Person, std::less<>> people_;  // GUARDED_BY(mu_)
  std::uint64_t next_token_ = 1;                       // GUARDED_BY(mu_)
  std::uint64_t next_epoch_ = 1;                       // GUARDED_BY(mu_)
  std::size_t connections_ = 0;                        // GUARDED_BY(mu_)
  Millis last_sweep_ = 0;                              // GUARDED_BY(mu_)
};

}  // namespace rk::live
