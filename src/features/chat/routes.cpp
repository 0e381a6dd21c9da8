#include "features/chat/routes.hpp"

#include "features/chat/repo.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/http/json.hpp"

namespace rk::chat {
namespace {

using http::Json;
using http::Request;
using http::Response;
namespace json = boost::json;

// The live protocol's chat.send says the same (src/platform/live/protocol.json).
constexpr std::size_t kMessageMax = 1500;

// A message as `viewer` sees it: the same shape in the API and in live frames.
live::Message MessageView(const repo::Message& m, const std::string& viewer) {
  return {m.id, m.author_id == viewer ? "me" : "partner", m.text, FormatRfc3339(m.created_at)};
}
json::object MessageJson(const repo::Message& m, const std::string& viewer) {
  return live::FieldsToJson(MessageView(m, viewer));
}

Result<Response> Post(Context& ctx, Request& req) {
  RK_ASSIGN_OR_RETURN(auto body, http::ParseObject(req, {"text"}));
  http::Fields f(body);
  auto text = f.String("text", true, 1, kMessageMax);
  RK_TRY(f.Finish());
  const http::CoupleRef& couple = req.couple();
  repo::Message m{crypto::NewId(req.now), couple.me.user_id, *text, req.now};
  RK_TRY(repo::InsertMessage(req.db(), ctx.sealer, couple.id, m));
  // To every connection of both partners, each seeing whose it is, after the commit: a
  // live frame never announces an unsaved message.
  for (const http::Member* to : {&couple.me, couple.partner ? &*couple.partner : nullptr}) {
    if (!to) continue;
    http::PublishAfterCommit(ctx.live, req, to->user_id, live::ChatMessage{MessageView(m, to->user_id)});
  }
  return Json(201, MessageJson(m, couple.me.user_id));
}

Result<Response> List(Context& ctx, Request& req) {
  RK_ASSIGN_OR_RETURN(const int limit, http::IntQuery(req, "limit", 50, 1, 200));
  const std::string before = req.QueryParam("before").value_or("");
  if (before.size() > 64) return Error::Invalid("before must be a message id.", {{"before", "invalid", "Use a message id."}});
  const http::CoupleRef& couple = req.couple();
  RK_ASSIGN_OR_RETURN(auto messages, repo::Messages(req.db(), ctx.sealer, couple.id, before, limit));
  json::array out;
  for (const auto& m : messages) out.push_back(MessageJson(m, couple.me.user_id));
  json::object o{{"messages", std::move(out)}};
  std::optional<std::string> partner_read;
  if (couple.partner) {
    RK_ASSIGN_OR_RETURN(partner_read, repo::ReadUpTo(req.db(), couple.id, couple.partner->user_id));
  }
  o["partner_read_up_to"] = partner_read ? json::value(*partner_read) : json::value(nullptr);
  return Json(200, o);
}

Result<Response> MarkRead(Context& ctx, Request& req) {
  RK_ASSIGN_OR_RETURN(auto body, http::ParseObject(req, {"up_to"}));
  http::Fields f(body);
  auto up_to = f.String("up_to", true, 1, 64);
  RK_TRY(f.Finish());
  const http::CoupleRef& couple = req.couple();
  RK_ASSIGN_OR_RETURN(bool exists, repo::MessageExists(req.db(), couple.id, *up_to));
  if (!exists) return Error::NotFound("There is no such message.");
  RK_TRY(repo::MarkRead(req.db(), couple.id, couple.me.user_id, *up_to));
  if (couple.partner)
    http::PublishAfterCommit(ctx.live, req, couple.partner->user_id, live::ChatRead{*up_to});
  return Response::NoContent();
}

}  // namespace

Result<std::int64_t> Reseal(db::Connection& c, const crypto::Sealer& s) { return repo::Reseal(c, s); }

Status EraseAuthor(db::Connection& c, const std::string& user_id, Millis) { return repo::DeleteByAuthor(c, user_id); }

void RegisterRoutes(http::Router& router, Context& ctx) {
  using http::Method;
  using http::Policy;
  using http::Work;
  http::RouteTable t(router, ctx);
  t.Add(Method::kPost, "/api/v1/chat/messages", Policy::CoupleMember(), Work::kWrite, Post);
  t.Add(Method::kGet, "/api/v1/chat/messages", Policy::CoupleMember(), Work::kRead, List);
  t.Add(Method::kPost, "/api/v1/chat/read", Policy::CoupleMember(), Work::kWrite, MarkRead);
  // chat.send on a live connection is the same request as POST /api/v1/chat/messages,
  // acknowledged with the new message's id.
  if (ctx.live)
    ctx.live->On<live::ChatSend>([](const live::ChatSend& frame) {
      return live::Forward{"POST", "/api/v1/chat/messages", json::serialize(json::object{{"text", frame.text}}), "id"};
    });
}

}  // namespace rk::chat
