#pragma once
// Features name the live layer as http::Live in their contexts; it lives in
// platform/live (protocol, hub, publishing), apart from the HTTP server.

#include "platform/live/live.hpp"

namespace rk::http {

using Live = live::Live;

}  // namespace rk::http
