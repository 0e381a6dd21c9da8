#pragma once
// Features name the live layer as http::Live in their contexts; it lives in
// platform/live (protocol, hub, publishing), apart from the HTTP server.

#include <string>
#include <utility>

#include "platform/http/http.hpp"
#include "platform/live/live.hpp"

namespace rk::http {

using Live = live::Live;

// Publishes event `frame` to every connection of `user_id` once `req`'s unit of work
// has committed (never if it rolled back), so that a live event never announces what
// was not saved. Nothing when `live` is null.
template <live::EventFrame F>
void PublishAfterCommit(Live* live, Request& req, std::string user_id, F frame) {
  if (!live) return;
  req.AfterCommit([live, user = std::move(user_id), frame = std::move(frame)] { live->Publish(user, frame); });
}

}  // namespace rk::http
