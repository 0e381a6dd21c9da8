#pragma once
// The HTTP/1.1 server: Beast + Asio with C++20 coroutines on one io_context run by
// `threads` threads. Each request is one unit of work (http.hpp): the server waits for
// a database connection without blocking a thread (at most `db_acquire_timeout`, then
// 503 with Retry-After), then runs the handler inline on that thread with that one
// connection. Any free thread picks up any ready connection, so a slow query holds up
// only its own request. Several threads per core keep the cores busy while some wait
// (docs/architecture.md has the measurements behind this choice).
//
// Limits: header and body size (431/413), a read timeout for a request in progress, an
// idle timeout for keep-alive connections, and a cap on open connections.
// Shutdown: Stop() (or SIGINT/SIGTERM) stops accepting, lets in-flight requests finish
// and closes idle connections; Run() returns when all are done.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "platform/base/clock.hpp"
#include "platform/base/result.hpp"
#include "platform/base/time.hpp"
#include "platform/http/http.hpp"
#include "platform/http/messages.hpp"
#include "platform/live/channel.hpp"
#include "platform/live/live.hpp"
#include "platform/http/metrics.hpp"
#include "platform/http/static_files.hpp"

namespace rk::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;  // 0 picks a free port
  int threads = 0;            // 0 = DefaultThreads()
  std::size_t header_limit = 16 * 1024;
  std::size_t body_limit = 1 << 20;
  Millis read_timeout = 30 * kSecond;
  Millis idle_timeout = 60 * kSecond;
  Millis shutdown_grace = 10 * kSecond;
  int max_connections = 10000;
  int connections_per_address = 0;     // 0: no cap (behind a proxy every client shares its address)
  int live_connections_per_person = 16;
  Millis db_acquire_timeout = 5 * kSecond;  // waiting for a database connection, then 503
  int compute_threads = 0;    // the pool for Work::kCompute steps; 0 = half the cores (at least 1)
  int compute_queue = 64;     // steps waiting for it before new ones are refused (503)
  bool secure = false;        // served over TLS (directly or by a proxy): HSTS
  bool trust_proxy = false;   // take the client address from X-Forwarded-For
  bool access_log = true;
  // Problems (problem+json) are answered in the request's language (Accept-Language).
  const Messages* messages = nullptr;
  // Live connections (WebSocket at live_path, docs/live.md); disabled without `live`.
  // Stop() closes them with live::CloseCode::kGoingAway.
  live::Live* live = nullptr;
  std::string live_path = "/api/v1/live";
  std::string public_origin;           // e.g. "https://rekindle.example.org"; empty: the request's Host
  std::size_t live_queue_limit = 256;  // frames queued for one connection before it is closed (1013)
  std::size_t live_message_max = 16 * 1024;  // bytes in one client frame (over it: 1009)
  live::ChannelLimits live_limits;
};

// Four threads per core.
int DefaultThreads();

// Raises this process's soft limit on open files to its hard limit and returns the
// soft limit now in force.
std::uint64_t RaiseOpenFileLimit();
// The connection cap that fits `open_files`: room is kept for the database, logs and
// the live bus.
int ConnectionCapFor(std::uint64_t open_files);

// What the server runs requests with. All must outlive the server.
struct Services {
  db::Database& db;
  AccessResolver& access;
  const Clock& clock;
  Metrics& metrics;
};

class Server {
 public:
  Server(ServerOptions options, const Router& router, const StaticFiles& files, Services services);
  ~Server();

  // Binds the listening socket. Returns the bound port.
  Result<std::uint16_t> Bind();
  // Serves until Stop() or SIGINT/SIGTERM, then drains and returns.
  void Run();
  // Begins a graceful shutdown. Thread-safe; may be called more than once.
  void Stop();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace rk::http
