#pragma once
// Learn over HTTP: the list of articles and one article as HTML.

#include <map>
#include <string>

#include "features/learn/learn.hpp"
#include "platform/http/http.hpp"
#include "platform/http/static_files.hpp"

namespace rk::learn {

struct Context {
  const Library& library;
  // The list (under "") and each article (under its slug) as served: articles never
  // change while the server runs, so RegisterRoutes builds and compresses them once.
  std::map<std::string, http::FixedBody, std::less<>> served = {};
};

void RegisterRoutes(http::Router& router, Context& ctx);

}  // namespace rk::learn
