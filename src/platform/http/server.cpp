#include "platform/http/server.hpp"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include <sys/resource.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <charconv>
#include <chrono>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "platform/crypto/crypto.hpp"
#include "platform/http/live_connection.hpp"
#include "platform/http/wire.hpp"
#include "platform/log/log.hpp"

namespace rk::http {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace websocket = beast::websocket;
using tcp = net::ip::tcp;

namespace {

constexpr std::string_view kCsp =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

// Request ids only need to be unique, not secret: a random per-process prefix and a
// counter, with no system call per request.
std::string NextRequestId() {
  static const std::string prefix = crypto::RandomToken(6);
  static std::atomic<std::uint64_t> counter{0};
  char digits[24];
  auto [end, ec] = std::to_chars(digits, digits + sizeof digits, counter.fetch_add(1, std::memory_order_relaxed), 36);
  return prefix + "-" + std::string(digits, end);
}

}  // namespace

int DefaultThreads() { return 4 * static_cast<int>(std::max(1u, std::thread::hardware_concurrency())); }

std::uint64_t RaiseOpenFileLimit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return 1024;
  if (limit.rlim_cur < limit.rlim_max) {
    rlimit raised = limit;
    raised.rlim_cur = limit.rlim_max == RLIM_INFINITY ? std::max<rlim_t>(limit.rlim_cur, 1 << 20) : limit.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
  }
  return limit.rlim_cur == RLIM_INFINITY ? (1u << 20) : static_cast<std::uint64_t>(limit.rlim_cur);
}

int ConnectionCapFor(std::uint64_t open_files) {
  constexpr std::uint64_t kReserved = 128;  // database, logs, bus, key file, static files
  if (open_files <= kReserved + 16) return 16;
  return static_cast<int>(std::min<std::uint64_t>(open_files - kReserved, 1'000'000));
}

namespace {
// True at most once per `interval_ms` for `last` (steady milliseconds): for log lines an
// attacker could otherwise make by the hundred thousand.
bool Every(std::atomic<std::int64_t>& last, std::int64_t interval_ms) {
  const std::int64_t now =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
  std::int64_t seen = last.load();
  return now - seen >= interval_ms && last.compare_exchange_strong(seen, now);
}
}  // namespace

namespace {

struct Connection {
  explicit Connection(tcp::socket s) : stream(std::move(s)) {}
  beast::tcp_stream stream;
  std::atomic<bool> idle{true};
};

}  // namespace

class Server::Impl {
 public:
  Impl(ServerOptions o, const Router& router, const StaticFiles& files, Services services)
      : opts_(std::move(o)),
        router_(router),
        files_(files),
        services_(services),
        metrics_(services.metrics),
        unit_(services.access),
        threads_(opts_.threads > 0 ? opts_.threads : DefaultThreads()),
        compute_(static_cast<std::size_t>(
            opts_.compute_threads > 0 ? opts_.compute_threads
                                      : std::max(1, static_cast<int>(std::thread::hardware_concurrency()) / 2))),
        ioc_(threads_),
        acceptor_(ioc_),
        signals_(ioc_, SIGINT, SIGTERM) {}

  Result<std::uint16_t> Bind() {
    beast::error_code ec;
    auto address = net::ip::make_address(opts_.host, ec);
    if (ec) return Error::Invalid("listen address is not an IP address: " + opts_.host);
    tcp::endpoint ep(address, opts_.port);
    acceptor_.open(ep.protocol(), ec);
    if (!ec) acceptor_.set_option(net::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(ep, ec);
    if (!ec) acceptor_.listen(net::socket_base::max_listen_connections, ec);
    if (ec) return Error::Unavailable("cannot listen on " + opts_.host + ":" + std::to_string(opts_.port) + ": " + ec.message());
    port_ = acceptor_.local_endpoint().port();
    return port_;
  }

  void Run() {
    signals_.async_wait([this](const beast::error_code& ec, int sig) {
      if (!ec) {
        log::Info("signal", {{"signal", std::int64_t{sig}}});
        Stop();
      }
    });
    net::co_spawn(acceptor_.get_executor(), Accept(), net::detached);
    std::vector<std::thread> pool;
    for (int i = 1; i < threads_; ++i) pool.emplace_back([this] { ioc_.run(); });
    ioc_.run();
    for (auto& t : pool) t.join();
    compute_.join();  // nothing is left on it once every request has finished
    log::Info("server_stopped");
  }

  void Stop() {
    net::post(control_, [this] {
      if (stopping_.exchange(true)) return;
      log::Info("server_stopping", {{"connections", std::int64_t{open_.load()}}});
      beast::error_code ec;
      acceptor_.close(ec);
      signals_.cancel(ec);
      // Live connections are never idle: they get a close frame telling clients to come back.
      if (opts_.live) opts_.live->hub().CloseAll(live::CloseCode::kGoingAway);
      // Requests still in flight after the grace period are cut off.
      auto timer = std::make_shared<net::steady_timer>(control_, std::chrono::milliseconds(opts_.shutdown_grace));
      timer->async_wait([this, timer](const beast::error_code&) { CloseConnections(/*idle_only=*/false); });
      grace_timer_ = timer;
      CloseConnections(/*idle_only=*/true);
    });
  }

 private:
  void CloseConnections(bool idle_only) {
    std::vector<std::shared_ptr<Connection>> all;
    {
      std::lock_guard lock(conns_mu_);
      for (auto& [ptr, weak] : conns_)
        if (auto c = weak.lock()) all.push_back(std::move(c));
    }
    for (auto& c : all) {
      net::post(c->stream.get_executor(), [c, idle_only] {
        if (!idle_only || c->idle) {
          beast::error_code ec;
          c->stream.socket().shutdown(tcp::socket::shutdown_both, ec);
          c->stream.socket().close(ec);
        }
      });
    }
    if (all.empty() && grace_timer_) {
      grace_timer_->cancel();
      grace_timer_.reset();
    }
  }

  net::awaitable<void> Accept() {
    // After a failed accept the connection waits in the backlog; trying again at once
    // would spin (out of file descriptors, say), so wait a little longer each time.
    net::steady_timer pause(acceptor_.get_executor());
    auto backoff = std::chrono::milliseconds(5);
    for (;;) {
      auto [ec, socket] = co_await acceptor_.async_accept(net::make_strand(ioc_), net::as_tuple(net::use_awaitable));
      if (ec) {
        if (stopping_) co_return;
        ++accept_failures_;
        if (Every(accept_failed_logged_, 10'000))
          log::Warn("accept_failed", {{"error", ec.message()}, {"failures", accept_failures_.exchange(0)}});
        pause.expires_after(backoff);
        co_await pause.async_wait(net::as_tuple(net::use_awaitable));
        backoff = std::min(backoff * 2, std::chrono::milliseconds(1000));
        continue;
      }
      backoff = std::chrono::milliseconds(5);
      beast::error_code ec2;
      const auto endpoint = socket.remote_endpoint(ec2);
      const std::string address = ec2 ? std::string() : endpoint.address().to_string();
      const char* refused = nullptr;
      {
        std::lock_guard lock(conns_mu_);
        if (open_.load() >= opts_.max_connections) refused = "max_connections";
        else if (opts_.connections_per_address > 0 && by_address_[address] >= opts_.connections_per_address)
          refused = "connections_per_address";
        else ++by_address_[address];
      }
      if (refused) {
        beast::error_code ignored;
        socket.close(ignored);
        ++refusals_;
        if (Every(refused_logged_, 10'000))
          log::Warn("connection_refused", {{"reason", refused}, {"refused", refusals_.exchange(0)}});
        continue;
      }
      // No Nagle: a live connection writes several small frames in a row (a message, then
      // its ack), and waiting for the peer's delayed ACK would hold the second for 40 ms.
      beast::error_code nodelay_ec;
      socket.set_option(tcp::no_delay(true), nodelay_ec);
      auto conn = std::make_shared<Connection>(std::move(socket));
      {
        std::lock_guard lock(conns_mu_);
        conns_.emplace(conn.get(), conn);
      }
      ++open_;
      net::co_spawn(conn->stream.get_executor(), Session(conn), [this, raw = conn.get(), address](std::exception_ptr e) {
        if (e) log::Error("session_failed");
        {
          std::lock_guard lock(conns_mu_);
          conns_.erase(raw);
          if (auto it = by_address_.find(address); it != by_address_.end() && --it->second <= 0) by_address_.erase(it);
        }
        --open_;
        if (stopping_ && open_ == 0) net::post(control_, [this] {
          if (grace_timer_) grace_timer_->cancel();
        });
      });
    }
  }

  // Writes a response built from `res` for a request of `version`.
  static bhttp::response<bhttp::string_body> ToBeast(Response res, unsigned version, bool keep_alive, bool head,
                                                     bool secure, bool api) {
    bhttp::response<bhttp::string_body> out{static_cast<bhttp::status>(res.status), version};
    out.set(bhttp::field::server, "rekindle");
    if (!res.content_type.empty() && res.status != 204 && res.status != 304)
      out.set(bhttp::field::content_type, res.content_type);
    out.set("X-Content-Type-Options", "nosniff");
    out.set("Referrer-Policy", "no-referrer");
    out.set("X-Frame-Options", "DENY");
    out.set("Cross-Origin-Opener-Policy", "same-origin");
    out.set("Content-Security-Policy", kCsp);
    if (secure) out.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    // API answers are not stored, unless the handler says otherwise (fixed public content).
    const bool own_cache_control = std::any_of(res.headers.begin(), res.headers.end(), [](const auto& h) {
      return boost::beast::iequals(h.first, "cache-control");
    });
    if (api && !own_cache_control) out.set(bhttp::field::cache_control, "no-store");
    for (auto& [k, v] : res.headers) out.insert(k, v);
    out.keep_alive(keep_alive);
    const std::size_t size = res.body.size();
    out.body() = std::move(res.body);
    out.prepare_payload();
    if (head) {
      out.body().clear();
      out.content_length(size);
    }
    return out;
  }

  // Waits for a database connection without blocking this thread: at most
  // db_acquire_timeout, then kUnavailable. Runs on the connection's strand.
  net::awaitable<Result<db::Database::Lease>> AcquireLease(db::Mode mode) {
    struct State {
      explicit State(net::any_io_executor ex) : timer(std::move(ex)) {}
      std::mutex mu;
      std::optional<Result<db::Database::Lease>> got;  // GUARDED_BY(mu)
      net::steady_timer timer;
    };
    net::any_io_executor executor = co_await net::this_coro::executor;
    auto state = std::make_shared<State>(executor);
    auto take = [&]() -> std::optional<Result<db::Database::Lease>> {
      std::lock_guard lock(state->mu);
      std::optional<Result<db::Database::Lease>> out;
      out.swap(state->got);
      return out;
    };
    state->timer.expires_after(std::chrono::milliseconds(opts_.db_acquire_timeout));
    auto waiter = services_.db.AcquireAsync(mode, [state](Result<db::Database::Lease> lease) {
      {
        std::lock_guard lock(state->mu);
        state->got.emplace(std::move(lease));
      }
      // The wake-up runs on this connection's strand, so it cannot slip in between the
      // check below and the start of the wait.
      net::post(state->timer.get_executor(), [state] { state->timer.cancel(); });
    });
    for (;;) {
      if (auto got = take()) co_return std::move(*got);
      auto [ec] = co_await state->timer.async_wait(net::as_tuple(net::use_awaitable));
      if (auto got = take()) co_return std::move(*got);
      if (ec) continue;  // woken: the connection is here (or about to be)
      if (services_.db.Cancel(waiter)) {
        metrics_.SetGauge("rekindle_db_acquire_timeouts_total", ++pool_timeouts_);
        co_return Error{ErrorCode::kUnavailable, "The server is busy. Please try again in a moment.", {}, 1};
      }
      // Served just as the time ran out: it is on its way.
      state->timer.expires_after(std::chrono::seconds(1));
    }
  }

  // Paths the router answers; everything else is the web client's files. The calendar
  // feed (/cal/…) is the one route outside /api/: calendar apps expect a plain address.
  static bool Routed(std::string_view path) {
    return path.starts_with("/api/") || path == "/metrics" || path.starts_with("/cal/");
  }

  net::awaitable<Response> Dispatch(Request& req, std::string& route_name) {
    if (!Routed(req.path)) {
      route_name = "static";
      if (req.method != Method::kGet && req.method != Method::kHead)
        co_return Problem(Error{ErrorCode::kNotFound, "There is nothing here.", {}, 0});
      auto r = files_.Serve(req.path, req.Header("accept-encoding"), req.Header("if-none-match"));
      if (r) co_return std::move(*r);
      co_return Problem(Error::NotFound(files_.size() == 0 ? "The web client is not built (run make)." : "There is nothing here."));
    }
    Router::Match m = router_.Find(req.method, req.path, req.params);
    if (!m.route) {
      route_name = "unmatched";
      if (m.path_exists) {
        Response r = Problem(Error{ErrorCode::kMethodNotAllowed, "This address does not accept that method.", {}, 0});
        r.With("Allow", m.allow);
        co_return r;
      }
      co_return Problem(Error::NotFound("There is no such endpoint."));
    }
    route_name = m.route->pattern;
    auto run = RunRoute(*m.route, req);
    co_return co_await std::move(run);
  }

  // A request: its route's first step, then any steps it handed on (Request::Then), each
  // a unit of work of its own with no connection held in between.
  net::awaitable<Response> RunRoute(const Route& route, Request& req) {
    Route step = route;
    step.work = route.first_step;
    for (int n = 0;; ++n) {
      auto run = RunStep(step, req);
      Response res = co_await std::move(run);
      auto next = req.TakeNext();
      if (!next) co_return res;
      if (n >= 8) {
        log::Error("too_many_steps", {{"route", route.pattern}});
        co_return Problem(Error::Internal("Something went wrong on our side. Please try again."));
      }
      step.work = next->first;
      step.handler = std::move(next->second);
    }
  }

  // One step's unit of work: a connection if it needs one (waited for without
  // blocking), then UnitOfWork. The clock is read once the connection is here.
  net::awaitable<Response> RunStep(const Route& route, Request& req) {
    // Public steps that do no work need no connection, nor do later steps of a request
    // whose principal is known; every other step gets one, if only to read its session.
    if (route.work == Work::kCompute) {
      // Slow work goes to the compute pool, so that it never holds a thread that serves
      // connections; a full queue refuses at once instead of letting waits pile up.
      if (compute_waiting_.fetch_add(1) >= opts_.compute_queue) {
        --compute_waiting_;
        metrics_.SetGauge("rekindle_compute_refused_total", ++compute_refused_);
        co_return Problem(Error{ErrorCode::kUnavailable, "The server is busy. Please try again in a moment.", {}, 2});
      }
      auto run = net::co_spawn(
          compute_,
          [this, &route, &req]() -> net::awaitable<Response> {
            --compute_waiting_;
            req.now = services_.clock.Now();
            co_return SafeRun(route, req, nullptr);
          },
          net::use_awaitable);
      co_return co_await std::move(run);
    }
    if (route.work == Work::kNone && (route.policy.access == Access::kPublic || req.principal)) {
      req.now = services_.clock.Now();
      co_return SafeRun(route, req, nullptr);
    }
    auto acquire = AcquireLease(route.work == Work::kWrite ? db::Mode::kWrite : db::Mode::kRead);
    auto lease = co_await std::move(acquire);
    if (!lease.ok()) co_return Problem(lease.error());
    req.now = services_.clock.Now();
    co_return SafeRun(route, req, &**lease);
  }

  // A request from a live connection (a client frame such as chat.send), with its
  // principal set: the same route and unit of work as over HTTP.
  net::awaitable<Response> RunRequest(Request& req) {
    Router::Match m = router_.Find(req.method, req.path, req.params);
    if (!m.route) co_return Problem(Error::NotFound("There is no such endpoint."));
    const auto started = std::chrono::steady_clock::now();
    auto run = RunRoute(*m.route, req);
    Response res = co_await std::move(run);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    metrics_.Observe(m.route->pattern, "LIVE", res.status, seconds);
    if (opts_.access_log)
      log::Info("live_request", {{"request_id", req.request_id},
                                 {"method", MethodName(req.method)},
                                 {"route", m.route->pattern},
                                 {"status", std::int64_t{res.status}},
                                 {"ms", seconds * 1000.0}});
    co_return res;
  }

  // Authenticates a live upgrade on a connection of its own (released before the
  // WebSocket starts). Cookie sessions must come from our own origin (a WebSocket is
  // not covered by CORS, so the Origin check is what stops another site from opening
  // one with the person's cookie). Returns an error on refusal.
  net::awaitable<Status> AuthorizeLive(Request& req) {
    auto acquire = AcquireLease(db::Mode::kRead);
    auto lease = co_await std::move(acquire);
    if (!lease.ok()) co_return lease.error();
    Result<Principal> p = services_.access.Authenticate(**lease, req);
    if (!p.ok()) co_return std::move(p).error();
    if (opts_.live && opts_.live->hub().ConnectionsOf(p->user_id) >= static_cast<std::size_t>(opts_.live_connections_per_person))
      co_return Error::RateLimited("Too many live connections are open for this person. Close a tab and try again.", 5);
    if (p->via_cookie && !OwnOrigin(req.Header("origin"))) {
      log::Warn("live_origin_refused", {{"client", req.client_ip}});
      co_return Error::Forbidden("origin");
    }
    // The partner, if any: the couple policy's own resolution, on this lease.
    Status couple = services_.access.Authorize(**lease, req, *p, Policy::SignedInWithCouple());
    if (!couple.ok()) co_return couple;
    req.principal = std::move(p).value();
    co_return Status();
  }


  // Whether `origin` is this server's own: public_url's origin when configured; without
  // it, only the server's own loopback addresses (a Host header alone proves nothing —
  // behind a proxy, set public_url).
  bool OwnOrigin(std::string_view origin) const {
    if (!opts_.public_origin.empty()) return origin == opts_.public_origin;
    const std::string port = std::to_string(port_);
    for (std::string_view host : {"127.0.0.1", "localhost", "[::1]"}) {
      if (origin == "http://" + std::string(host) + ":" + port) return true;
    }
    return opts_.host != "0.0.0.0" && opts_.host != "::" && origin == "http://" + opts_.host + ":" + port;
  }

  // The unit of work, with any escaping exception turned into a 500 that reveals
  // nothing (the connection's lease rolls back an open transaction).
  Response SafeRun(const Route& route, Request& req, db::Connection* conn) {
    try {
      return unit_.Run(route, req, conn);
    } catch (const std::exception& e) {
      log::Error("handler_exception", {{"route", route.pattern}, {"request_id", req.request_id}, {"what", e.what()}});
      return Problem(Error::Internal("Something went wrong on our side. Please try again."));
    }
  }

  net::awaitable<void> Session(std::shared_ptr<Connection> conn) {
    beast::tcp_stream& stream = conn->stream;
    beast::flat_buffer buffer;
    beast::error_code ec;
    std::string peer;
    {
      auto ep = stream.socket().remote_endpoint(ec);
      if (!ec) peer = ep.address().to_string();
    }
    for (;;) {
      if (stopping_) break;
      conn->idle = true;
      bhttp::request_parser<bhttp::string_body> parser;
      parser.header_limit(static_cast<std::uint32_t>(opts_.header_limit));
      parser.body_limit(opts_.body_limit);
      stream.expires_after(std::chrono::milliseconds(opts_.idle_timeout));
      auto [rec, rn] = co_await bhttp::async_read_header(stream, buffer, parser, net::as_tuple(net::use_awaitable));
      conn->idle = false;
      int early_status = 0;
      if (!rec && !parser.is_done()) {
        stream.expires_after(std::chrono::milliseconds(opts_.read_timeout));
        auto [bec, bn] = co_await bhttp::async_read(stream, buffer, parser, net::as_tuple(net::use_awaitable));
        rec = bec;
      }
      if (rec == bhttp::error::end_of_stream || rec == net::error::operation_aborted ||
          rec == beast::error::timeout || rec == net::error::connection_reset || rec == net::error::eof)
        break;
      if (rec == bhttp::error::body_limit) early_status = 413;
      else if (rec == bhttp::error::header_limit) early_status = 431;
      else if (rec) early_status = 400;

      const auto started = std::chrono::steady_clock::now();
      Response res;
      std::string route_name = "invalid";
      Request req;
      req.request_id = NextRequestId();
      bool keep_alive = false;
      unsigned version = 11;
      bool head = false;
      if (early_status) {
        const Error e = early_status == 413   ? Error{ErrorCode::kPayloadTooLarge, "The request body is too large.", {}, 0}
                        : early_status == 431 ? Error{ErrorCode::kHeadersTooLarge, "The request headers are too large.", {}, 0}
                                              : Error::Invalid("The request could not be read.");
        res = Problem(e);
      } else {
        auto& msg = parser.get();
        version = msg.version();
        keep_alive = msg.keep_alive() && !stopping_;
        detail::ReadRequest(msg, peer, opts_.trust_proxy, req);
        head = req.method == Method::kHead;
        if (version >= 11 && msg[bhttp::field::host].empty()) {
          // HTTP/1.1 requires Host (RFC 9112 3.2).
          res = Problem(Error::Invalid("The request has no Host header."));
          keep_alive = false;
        } else if (opts_.live && websocket::is_upgrade(msg) && req.path == opts_.live_path) {
          // Built before the co_await: GCC 12 destroys temporaries in a co_await
          // expression twice.
          auto authorize = AuthorizeLive(req);
          Status refused = co_await std::move(authorize);
          if (refused.ok()) {
            if (opts_.access_log)
              log::Info("live_open", {{"request_id", req.request_id}, {"client", req.client_ip}});
            // Built before the co_await: GCC 12 destroys temporaries in a co_await
            // expression twice.
            auto serve = detail::ServeLive(conn, stream, std::move(msg),
                                           *req.principal, opts_,
                                           [this](Request& r) { return RunRequest(r); });
            co_await std::move(serve);
            co_return;
          }
          const ErrorCode code = refused.error().code;
          res = code == ErrorCode::kPermissionDenied ? Problem(Error::Forbidden("This origin may not open a live connection."))
                : code == ErrorCode::kUnavailable || code == ErrorCode::kRateLimited ? Problem(refused.error())
                                                    : Problem(Error::Unauthenticated("Please sign in."));
          route_name = opts_.live_path;
          keep_alive = false;
        } else if (req.path.empty() || req.path.front() != '/') {
          res = Problem(Error::Invalid("The request target must be a path."));
        } else {
          auto dispatch = Dispatch(req, route_name);
          res = co_await std::move(dispatch);
        }
      }
      const bool api = Routed(req.path);
      if (opts_.messages && res.content_type == "application/problem+json")
        opts_.messages->Localize(res, opts_.messages->Pick(req.Header("accept-language")));
      res.With("X-Request-Id", req.request_id);
      const int status = res.status;
      auto out = ToBeast(std::move(res), version, keep_alive, head, opts_.secure, api || early_status != 0);
      stream.expires_after(std::chrono::milliseconds(opts_.read_timeout));
      auto [wec, wn] = co_await bhttp::async_write(stream, out, net::as_tuple(net::use_awaitable));
      const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      metrics_.Observe(route_name, MethodName(req.method), status, seconds);
      if (opts_.access_log) {
        log::Info("http_request", {{"request_id", req.request_id},
                                   {"method", MethodName(req.method)},
                                   {"route", route_name},
                                   {"status", std::int64_t{status}},
                                   {"ms", seconds * 1000.0},
                                   {"bytes", static_cast<std::int64_t>(wn)},
                                   {"client", req.client_ip}});
      }
      if (early_status && !wec) {
        // Lingering close: the client may still be sending the body we refused. Stop
        // writing, then read and discard for a moment so that it sees our answer
        // instead of a connection reset.
        stream.socket().shutdown(tcp::socket::shutdown_send, ec);
        stream.expires_after(std::chrono::seconds(2));
        std::array<char, 16384> sink;
        for (std::size_t drained = 0; drained < opts_.body_limit * 4;) {
          auto [dec, dn] = co_await stream.async_read_some(net::buffer(sink), net::as_tuple(net::use_awaitable));
          if (dec) break;
          drained += dn;
        }
      }
      if (wec || !keep_alive || early_status) break;
    }
    stream.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream.socket().close(ec);
  }

  ServerOptions opts_;
  const Router& router_;
  const StaticFiles& files_;
  Services services_;
  Metrics& metrics_;
  UnitOfWork unit_;
  int threads_;
  net::thread_pool compute_;  // Work::kCompute steps
  std::atomic<int> compute_waiting_{0};
  std::atomic<std::int64_t> compute_refused_{0};
  net::io_context ioc_;
  tcp::acceptor acceptor_;
  net::signal_set signals_;
  std::atomic<bool> stopping_{false};
  std::uint16_t port_ = 0;  // bound port, set by Bind
  std::atomic<int> open_{0};
  std::atomic<std::int64_t> pool_timeouts_{0};
  std::mutex conns_mu_;
  std::unordered_map<Connection*, std::weak_ptr<Connection>> conns_;  // GUARDED_BY(conns_mu_)
  std::unordered_map<std::string, int> by_address_;                   // GUARDED_BY(conns_mu_): open per client address
  std::atomic<std::int64_t> accept_failures_{0}, accept_failed_logged_{-1'000'000};
  std::atomic<std::int64_t> refusals_{0}, refused_logged_{-1'000'000};
  net::strand<net::io_context::executor_type> control_{net::make_strand(ioc_)};  // shutdown steps
  std::shared_ptr<net::steady_timer> grace_timer_;                    // touched on control_ only
};

Server::Server(ServerOptions options, const Router& router, const StaticFiles& files, Services services)
    : impl_(std::make_unique<Impl>(std::move(options), router, files, services)) {}
Server::~Server() = default;
Result<std::uint16_t> Server::Bind() { return impl_->Bind(); }
void Server::Run() { impl_->Run(); }
void Server::Stop() { impl_->Stop(); }

}  // namespace rk::http
