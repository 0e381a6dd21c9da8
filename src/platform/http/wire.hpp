#pragma once
// Private to platform/http (it brings Beast): how the server reads a parsed HTTP/1.1
// request into a Request. server.cpp uses it; so does the http_request fuzz target.

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include <string>

#include "platform/http/http.hpp"

namespace rk::http::detail {

// Fills `req` from `msg`: the method, the target split at its first '?' into path and
// query, the headers with lowercased names, the client's address (`peer`, or the last
// X-Forwarded-For hop when `trust_proxy`), and the body, moved out of `msg`.
void ReadRequest(boost::beast::http::request<boost::beast::http::string_body>& msg, const std::string& peer,
                 bool trust_proxy, Request& req);

}  // namespace rk::http::detail
