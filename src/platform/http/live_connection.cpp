#include "platform/http/live_connection.hpp"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

#include <chrono>
#include <deque>

#include "platform/base/clock.hpp"
#include "platform/live/channel.hpp"
#include "platform/log/log.hpp"

namespace rk::http::detail {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace websocket = beast::websocket;

namespace {

// How long a closing connection may take to finish its close handshake (a client that
// stopped reading never answers) before its socket is simply closed.
constexpr auto kCloseTimeout = std::chrono::seconds(10);

// One WebSocket connection. Its state is touched on the connection's strand only; Send
// and Close post there from any thread.
class LiveConnection final : public live::Sink, public std::enable_shared_from_this<LiveConnection> {
 public:
  LiveConnection(std::shared_ptr<void> owner, beast::tcp_stream& stream, const ServerOptions& opts, Principal principal,
                 RequestRunner run)
      : owner_(std::move(owner)),
        ws_(stream),
        opts_(opts),
        close_timer_(stream.get_executor()),
        principal_(std::move(principal)),
        run_(std::move(run)) {}

  void Send(live::FramePtr frame) override {
    net::post(ws_.get_executor(), [self = shared_from_this(), frame = std::move(frame)]() mutable {
      self->Enqueue(std::move(frame));
    });
  }
  void Close(live::CloseCode code) override {
    net::post(ws_.get_executor(), [self = shared_from_this(), code] { self->BeginClose(code); });
  }
  // Called by the channel on this strand: runs the request beside the read loop, so the
  // connection keeps reading (and other requests wait for a database connection without
  // holding a thread).
  void Forward(std::optional<std::string> id, live::Forward request) override {
    net::co_spawn(ws_.get_executor(), RunForward(shared_from_this(), std::move(id), std::move(request)), net::detached);
  }

  net::awaitable<void> Run(bhttp::request<bhttp::string_body> req) {
    std::optional<std::string> partner;
    if (principal_.couple && principal_.couple->partner) partner = principal_.couple->partner->user_id;
    live::Caller caller{principal_.user_id, principal_.session_id, std::move(partner)};
    beast::get_lowest_layer(ws_).expires_never();  // the WebSocket keeps its own timeouts
    ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
    ws_.set_option(websocket::stream_base::decorator(
        [](websocket::response_type& res) { res.set(bhttp::field::server, "rekindle"); }));
    // Over the limit, Beast itself answers with close code 1009 (too big).
    ws_.read_message_max(opts_.live_message_max);
    auto [aec] = co_await ws_.async_accept(req, net::as_tuple(net::use_awaitable));
    if (aec) co_return;
    {
      live::Channel channel(*opts_.live, std::move(caller), *this, opts_.live_limits, SystemClock::Instance());
      channel_ = &channel;
      channel.Open(weak_from_this());
      beast::flat_buffer buffer;
      for (;;) {
        auto [ec, n] = co_await ws_.async_read(buffer, net::as_tuple(net::use_awaitable));
        if (ec) break;
        if (ws_.got_text()) {
          channel.OnText(std::string_view(static_cast<const char*>(buffer.data().data()), buffer.size()));
        } else {
          BeginClose(live::CloseCode::kUnsupportedData);
        }
        buffer.consume(buffer.size());
      }
      channel_ = nullptr;  // answers of requests still running are dropped
    }  // the channel leaves the hub here
    finished_ = true;
    queue_.clear();
    close_timer_.cancel();
    beast::error_code ec;
    beast::get_lowest_layer(ws_).socket().close(ec);
  }

 private:
  void Enqueue(live::FramePtr frame) {
    if (closing_ || finished_) return;
    if (queue_.size() >= opts_.live_queue_limit) {
      log::Warn("live_slow_client_dropped", {{"queued", static_cast<std::int64_t>(queue_.size())}});
      BeginClose(live::CloseCode::kTryAgainLater);
      return;
    }
    queue_.push_back(std::move(frame));
    StartWriting();
  }

  // Stops sending frames and says goodbye with `code` once the write in progress (if
  // any) is done. A peer that does not finish the close handshake in time is cut off.
  void BeginClose(live::CloseCode code) {
    if (closing_ || finished_) return;
    closing_ = true;
    close_code_ = code;
    queue_.clear();
    log::Debug("live_closing", {{"code", static_cast<std::int64_t>(code)}});
    close_timer_.expires_after(kCloseTimeout);
    close_timer_.async_wait([self = shared_from_this()](const beast::error_code& ec) {
      if (ec) return;
      beast::error_code ignored;
      beast::get_lowest_layer(self->ws_).socket().close(ignored);
    });
    StartWriting();
  }

  void StartWriting() {
    if (writing_) return;
    writing_ = true;
    net::co_spawn(ws_.get_executor(), WriteLoop(shared_from_this()), net::detached);
  }

  static net::awaitable<void> RunForward(std::shared_ptr<LiveConnection> self, std::optional<std::string> id,
                                        live::Forward forward) {
    Request req;
    req.method = forward.method == "POST" ? Method::kPost : forward.method == "PUT" ? Method::kPut
                 : forward.method == "DELETE" ? Method::kDelete : forward.method == "PATCH" ? Method::kPatch
                                                : Method::kGet;
    req.path = forward.path;
    req.body = forward.body;
    req.headers = {{"content-type", "application/json"}};
    req.principal = self->principal_;
    req.principal->couple.reset();  // resolved afresh by the route's policy
    req.request_id = "live-" + self->principal_.session_id.substr(0, 8);
    auto run = self->run_(req);  // see server.cpp on GCC 12
    Response res = co_await std::move(run);
    if (self->channel_) self->channel_->Answer(id, forward, res.status, res.body);
  }

  static net::awaitable<void> WriteLoop(std::shared_ptr<LiveConnection> self) {
    while (!self->queue_.empty() && !self->closing_ && !self->finished_) {
      live::FramePtr frame = self->queue_.front();
      self->queue_.pop_front();
      self->ws_.text(true);
      auto [ec, n] = co_await self->ws_.async_write(net::buffer(*frame), net::as_tuple(net::use_awaitable));
      if (ec) {
        self->finished_ = true;
        break;
      }
    }
    if (self->closing_ && !self->finished_ && !self->close_sent_) {
      self->close_sent_ = true;
      const websocket::close_reason reason(static_cast<std::uint16_t>(self->close_code_));
      co_await self->ws_.async_close(reason, net::as_tuple(net::use_awaitable));
    }
    self->writing_ = false;
  }

  std::shared_ptr<void> owner_;  // keeps the stream alive
  websocket::stream<beast::tcp_stream&> ws_;
  const ServerOptions& opts_;
  net::steady_timer close_timer_;
  std::deque<live::FramePtr> queue_;
  bool writing_ = false;
  bool closing_ = false;
  bool close_sent_ = false;
  bool finished_ = false;
  live::CloseCode close_code_ = live::CloseCode::kNormal;
  const Principal principal_;
  RequestRunner run_;
  live::Channel* channel_ = nullptr;  // while Run's channel lives
};

}  // namespace

net::awaitable<void> ServeLive(std::shared_ptr<void> owner, beast::tcp_stream& stream,
                               bhttp::request<bhttp::string_body> req, Principal principal, const ServerOptions& opts,
                               RequestRunner run_request) {
  auto connection = std::make_shared<LiveConnection>(std::move(owner), stream, opts, std::move(principal),
                                                     std::move(run_request));
  auto run = connection->Run(std::move(req));  // see server.cpp on GCC 12
  co_await std::move(run);
}

}  // namespace rk::http::detail
