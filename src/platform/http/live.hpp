#pragma once
// The live hub: every open WebSocket connection (/api/v1/live), by person. Features
// publish through Live; the hub delivers frames to the person's local connections.
// Nothing here includes Beast; server.cpp implements the connections. Thread-safe.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "platform/base/result.hpp"
#include "platform/bus/bus.hpp"
#include "platform/http/http.hpp"

namespace rk::http {

// One live connection as the hub sees it.
class LiveSink {
 public:
  virtual ~LiveSink() = default;
  // Queues a frame (a JSON text message). Never blocks; a connection whose queue is
  // full is closed instead of buffering without bound.
  virtual void Send(std::shared_ptr<const std::string> frame) = 0;
  // Closes the connection (the person signed out, left, or was erased).
  virtual void Close() = 0;
};

class LiveHub {
 public:
  // Registers a connection of `user_id` opened with session `session_id`; returns a
  // token for Remove.
  std::uint64_t Add(const std::string& user_id, const std::string& session_id, std::weak_ptr<LiveSink> sink);
  void Remove(const std::string& user_id, std::uint64_t token);
  // Sends `frame` to every local connection of `user_id`; a control payload from
  // Live::Close* closes connections instead.
  void Deliver(const std::string& user_id, const std::string& frame);
  std::size_t connections() const;

 private:
  mutable std::mutex mu_;
  struct Entry {
    std::string session_id;
    std::weak_ptr<LiveSink> sink;
  };
  std::map<std::string, std::map<std::uint64_t, Entry>> by_user_;  // GUARDED_BY(mu_)
  std::uint64_t next_ = 1;                                                           // GUARDED_BY(mu_)
  std::size_t count_ = 0;                                                            // GUARDED_BY(mu_)
};

// What features use to send live events: publishes on the bus, whose handler delivers
// through the hub of every server.
class Live {
 public:
  Live(bus::Bus& bus, LiveHub& hub);
  // Sends a frame to every connection of `user_id`, on any server. Best effort.
  void Publish(const std::string& user_id, const std::string& frame);
  // Closes, on every server, the live connections of `user_id` opened with
  // `session_id` (sign-out) ...
  void CloseSession(const std::string& user_id, const std::string& session_id);
  // ... all but those of `keep_session_id` (password change) ...
  void CloseOtherSessions(const std::string& user_id, const std::string& keep_session_id);
  // ... or all of them (account erasure).
  void CloseAll(const std::string& user_id);

 private:
  bus::Bus& bus_;
};

// Publishes `frame` to every connection of `user_id` once `req`'s unit of work has
// committed (never if it rolled back), so that a live event never announces what was
// not saved. Nothing when `live` is null.
void PublishAfterCommit(Live* live, Request& req, std::string user_id, std::string frame);

}  // namespace rk::http
