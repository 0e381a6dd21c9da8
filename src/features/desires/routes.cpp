#include "features/desires/routes.hpp"

#include "features/accounts/people.hpp"
#include "features/desires/repo.hpp"
#include "platform/http/json.hpp"

namespace rk::desires {
namespace {

using content::English;
using http::Json;
using http::Request;
using http::Response;
namespace json = boost::json;

Result<Response> ListItems(Context& ctx, Request& req) {
  RK_ASSIGN_OR_RETURN(bool opted, accounts::OptedInToSexualContent(req.db(), req.user_id()));
  json::array categories;
  for (const Category& cat : ctx.content.categories) {
    if (cat.sexual && !opted) continue;
    json::array items;
    for (const Item& i : ctx.content.items)
      if (i.category == cat.id && Visible(i, opted))
        items.push_back(json::object{{"id", i.id}, {"text", English(i.text)}, {"sexual", i.sexual}});
    if (!items.empty())
      categories.push_back(json::object{{"id", cat.id}, {"title", English(cat.title)}, {"sexual", cat.sexual}, {"items", std::move(items)}});
  }
  return Json(200, json::object{{"categories", std::move(categories)}});
}

// The one authorisation function for items: one the person may see, or 404.
Result<const Item*> VisibleItem(Context& ctx, const Request& req) {
  const Item* item = ctx.content.FindItem(req.Param("item"));
  RK_ASSIGN_OR_RETURN(bool opted, accounts::OptedInToSexualContent(req.db(), req.user_id()));
  if (!item || !Visible(*item, opted)) return Error::NotFound("There is no such item.");
  return item;
}

Result<Response> PutMine(Context& ctx, Request& req) {
  RK_ASSIGN_OR_RETURN(auto body, http::ParseObject(req, {"answer"}));
  http::Fields f(body);
  auto answer = f.String("answer", true, 1, 8);
  const auto desire = answer ? ParseDesire(*answer) : std::nullopt;
  if (answer && !desire) f.Add("answer", "invalid", "Choose yes, maybe or no.");
  RK_TRY(f.Finish());
  RK_ASSIGN_OR_RETURN(const Item* item, VisibleItem(ctx, req));
  RK_TRY(repo::PutDesire(req.db(), ctx.sealer, req.couple().id, req.user_id(), item->id, *desire));
  return Json(200, json::object{{"item", item->id}, {"answer", DesireName(*desire)}});
}

Result<Response> DeleteMine(Context& ctx, Request& req) {
  RK_ASSIGN_OR_RETURN(const Item* item, VisibleItem(ctx, req));
  RK_TRY(repo::DeleteDesire(req.db(), req.couple().id, req.user_id(), item->id));
  return Response::NoContent();
}

Result<Response> ListMine(Context& ctx, Request& req) {
  RK_ASSIGN_OR_RETURN(bool opted, accounts::OptedInToSexualContent(req.db(), req.user_id()));
  RK_ASSIGN_OR_RETURN(auto mine, repo::Desires(req.db(), ctx.sealer, req.couple().id, req.user_id()));
  json::object answers;
  for (const auto& [id, d] : mine)
    if (const Item* item = ctx.content.FindItem(id); item && Visible(*item, opted)) answers[id] = DesireName(d);
  return Json(200, json::object{{"answers", std::move(answers)}});
}

Result<Response> ListMatches(Context& ctx, Request& req) {
  const http::CoupleRef& couple = req.couple();
  db::Connection& c = req.db();
  json::array out;
  if (couple.partner) {
    RK_ASSIGN_OR_RETURN(bool me, accounts::OptedInToSexualContent(c, couple.me.user_id));
    RK_ASSIGN_OR_RETURN(bool them, accounts::OptedInToSexualContent(c, couple.partner->user_id));
    RK_ASSIGN_OR_RETURN(auto mine, repo::Desires(c, ctx.sealer, couple.id, couple.me.user_id));
    RK_ASSIGN_OR_RETURN(auto theirs, repo::Desires(c, ctx.sealer, couple.id, couple.partner->user_id));
    for (const std::string& id : Matches(ctx.content, mine, theirs, me, them)) {
      const Item* item = ctx.content.FindItem(id);
      out.push_back(json::object{{"id", id}, {"text", English(item->text)}, {"category", item->category}});
    }
  }
  return Json(200, json::object{{"matches", std::move(out)}});
}

}  // namespace

Result<std::int64_t> Reseal(db::Connection& c, const crypto::Sealer& s) { return repo::Reseal(c, s); }

void RegisterRoutes(http::Router& router, Context& ctx) {
  using http::Method;
  using http::Policy;
  using http::Work;
  http::RouteTable t(router, ctx);
  t.Add(Method::kGet, "/api/v1/desires", Policy::SignedIn(), Work::kRead, ListItems);
  t.Add(Method::kGet, "/api/v1/desires/mine", Policy::CoupleMember(), Work::kRead, ListMine);
  t.Add(Method::kGet, "/api/v1/desires/matches", Policy::CoupleMember(), Work::kRead, ListMatches);
  t.Add(Method::kPut, "/api/v1/desires/{item}/mine", Policy::CoupleMember(), Work::kWrite, PutMine);
  t.Add(Method::kDelete, "/api/v1/desires/{item}/mine", Policy::CoupleMember(), Work::kWrite, DeleteMine);
}

}  // namespace rk::desires
