#include "features/learn/routes.hpp"

#include "platform/http/json.hpp"

namespace rk::learn {
namespace {

using http::Request;
using http::Response;
namespace json = boost::json;

Result<Response> List(Context& ctx, Request&) {
  json::array out;
  for (const Article& a : ctx.library.all()) out.push_back(json::object{{"slug", a.slug}, {"title", a.title}});
  return http::Json(200, json::object{{"articles", std::move(out)}});
}

Result<Response> Get(Context& ctx, Request& req) {
  const Article* a = ctx.library.Find(req.Param("slug"));
  if (!a) return Error::NotFound("There is no such article.");
  return http::Json(200, json::object{{"slug", a->slug}, {"title", a->title}, {"html", a->html}});
}

}  // namespace

void RegisterRoutes(http::Router& router, Context& ctx) {
  http::RouteTable t(router, ctx);
  t.Add(http::Method::kGet, "/api/v1/articles", http::Policy::Public(), http::Work::kNone, List);
  t.Add(http::Method::kGet, "/api/v1/articles/{slug}", http::Policy::Public(), http::Work::kNone, Get);
}

}  // namespace rk::learn
