#include "features/learn/routes.hpp"

#include "platform/http/json.hpp"

namespace rk::learn {
namespace {

using http::Request;
using http::Response;
namespace json = boost::json;

// Articles are public and the same for everyone: cached for a few minutes, then
// revalidated by ETag (a new version arrives with a new server).
constexpr const char* kArticleCaching = "public, max-age=300";

void BuildServed(Context& ctx) {
  json::array list;
  for (const Article& a : ctx.library.all()) {
    list.push_back(json::object{{"slug", a.slug}, {"title", a.title}});
    ctx.served.emplace(a.slug, http::FixedBody(json::serialize(json::object{{"slug", a.slug}, {"title", a.title}, {"html", a.html}}),
                                               kArticleCaching));
  }
  ctx.served.emplace("", http::FixedBody(json::serialize(json::object{{"articles", std::move(list)}}), kArticleCaching));
}

Result<Response> List(Context& ctx, Request& req) { return ctx.served.at("").Serve(req); }

Result<Response> Get(Context& ctx, Request& req) {
  const std::string_view slug = req.Param("slug");
  auto it = slug.empty() ? ctx.served.end() : ctx.served.find(slug);
  if (it == ctx.served.end()) return Error::NotFound("There is no such article.");
  return it->second.Serve(req);
}

}  // namespace

void RegisterRoutes(http::Router& router, Context& ctx) {
  BuildServed(ctx);
  http::RouteTable t(router, ctx);
  t.Add(http::Method::kGet, "/api/v1/articles", http::Policy::Public(), http::Work::kNone, List);
  t.Add(http::Method::kGet, "/api/v1/articles/{slug}", http::Policy::Public(), http::Work::kNone, Get);
}

}  // namespace rk::learn
