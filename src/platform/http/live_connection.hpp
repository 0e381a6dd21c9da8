#pragma once
// Private to platform/http: included by server.cpp and live_connection.cpp only (it
// brings Beast). Serves one accepted WebSocket upgrade on /api/v1/live.

#include <boost/asio/awaitable.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include <functional>
#include <memory>

#include "platform/http/server.hpp"
#include "platform/live/live.hpp"

namespace rk::http::detail {

// Runs one request as a unit of work (the server's pipeline), for client frames that
// are requests (live::Forward). The request's principal is set already.
using RequestRunner = std::function<boost::asio::awaitable<Response>(Request&)>;

// Accepts the upgrade `req` on `stream` and serves the connection until it ends: frames
// from the client go to a live::Channel, frames for it come through the hub; frames that
// are requests run through `run` as `principal`. Ends with a WebSocket close frame whose
// code says why (live::CloseCode). `owner` keeps `stream` alive for as long as the
// connection needs it. REQUIRES: opts.live is set; runs on the stream's strand.
boost::asio::awaitable<void> ServeLive(std::shared_ptr<void> owner, boost::beast::tcp_stream& stream,
                                       boost::beast::http::request<boost::beast::http::string_body> req,
                                       Principal principal, const ServerOptions& opts, RequestRunner run);

}  // namespace rk::http::detail
