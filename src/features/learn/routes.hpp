#pragma once
// Learn over HTTP: the list of articles and one article as HTML.

#include "features/learn/learn.hpp"
#include "platform/http/http.hpp"

namespace rk::learn {

struct Context {
  const Library& library;
};

void RegisterRoutes(http::Router& router, Context& ctx);

}  // namespace rk::learn
