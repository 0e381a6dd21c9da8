#include "features/conversations/routes.hpp"

#include "features/conversations/repo.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/http/json.hpp"

namespace rk::conversations {
namespace {

using content::English;
using http::Json;
using http::Request;
using http::Response;
namespace json = boost::json;

constexpr std::size_t kNoteMax = 4000;

json::object GuideJson(const Guide& g) {
  json::array steps;
  for (const Step& s : g.steps)
    steps.push_back(json::object{{"speaker", s.speaker}, {"minutes", s.minutes}, {"prompt", English(s.prompt)},
                                 {"listener", English(s.listener)}});
  return {{"id", g.id}, {"title", English(g.title)}, {"description", English(g.description)}, {"steps", std::move(steps)}};
}

Result<Response> ListGuides(Context& ctx, Request&) {
  json::array out;
  for (const Guide& g : ctx.content.guides) out.push_back(GuideJson(g));
  return Json(200, json::object{{"guides", std::move(out)}});
}

// Tells the partner's open connections that a conversation changed; they reload it
// through the API. Never for anything private (private notes).
void NotifyPartner(Context& ctx, Request& req, const std::string& id) {
  if (!req.couple().partner) return;
  http::PublishAfterCommit(ctx.live, req, req.couple().partner->user_id, live::ConversationChanged{id});
}

Result<json::object> ConversationJson(Context& ctx, const Request& req, const repo::Conversation& v) {
  const http::CoupleRef& couple = req.couple();
  const Guide* g = ctx.content.FindGuide(v.guide_id);
  const bool i_started = v.started_by == couple.me.user_id;
  json::object o{{"id", v.id},
                 {"guide", v.guide_id},
                 {"title", g ? English(g->title) : v.guide_id},
                 {"status", v.status},
                 {"step", v.step},
                 {"steps_total", g ? g->steps.size() : 0},
                 {"started_by", i_started ? "me" : "partner"},
                 {"started_at", FormatRfc3339(v.started_at)}};
  o["finished_at"] = v.finished_at ? json::value(FormatRfc3339(*v.finished_at)) : json::value(nullptr);
  if (g && v.step >= 0 && v.step < static_cast<int>(g->steps.size())) {
    const Step& s = g->steps[static_cast<std::size_t>(v.step)];
    o["current"] = json::object{{"speaker", s.speaker}, {"turn", TurnAt(*g, v.step, i_started)}, {"minutes", s.minutes},
                                {"prompt", English(s.prompt)}, {"listener", English(s.listener)}};
  }
  RK_ASSIGN_OR_RETURN(auto notes, repo::NotesFor(req.db(), ctx.sealer, v.id, couple.me.user_id));
  json::array shared, mine;
  for (const auto& n : notes) {
    json::object note{{"id", n.id}, {"author", n.author_id == couple.me.user_id ? "me" : "partner"}, {"text", n.text},
                      {"created_at", FormatRfc3339(n.created_at)}};
    (n.shared ? shared : mine).push_back(std::move(note));
  }
  o["shared_notes"] = std::move(shared);
  o["my_notes"] = std::move(mine);
  return o;
}

// The one authorisation function for conversations: one of the request's couple, or 404.
Result<repo::Conversation> LoadConversation(const Request& req) {
  RK_ASSIGN_OR_RETURN(auto v, repo::FindConversation(req.db(), req.couple().id, std::string(req.Param("id"))));
  if (!v) return Error::NotFound("There is no such conversation.");
  return std::move(*v);
}

Result<Response> Start(Context& ctx, Request& req) {
  RK_ASSIGN_OR_RETURN(auto body, http::ParseObject(req, {"guide"}));
  http::Fields f(body);
  auto guide = f.String("guide", true, 1, 64);
  if (guide && !ctx.content.FindGuide(*guide)) f.Add("guide", "unknown", "There is no such conversation guide.");
  RK_TRY(f.Finish());
  const http::CoupleRef& couple = req.couple();
  const Error busy = Error::Conflict("You already have a conversation going. Finish it first.");
  RK_ASSIGN_OR_RETURN(auto active, repo::ActiveConversation(req.db(), couple.id));
  if (active) return busy;
  repo::Conversation v{crypto::NewId(req.now), couple.id, *guide, couple.me.user_id, "active", 0, req.now, std::nullopt};
  // The database allows one active conversation per couple: a partner who started one
  // at the same moment wins, and this request is refused the same way.
  if (Status s = repo::InsertConversation(req.db(), v); !s.ok())
    return s.error().code == ErrorCode::kConflict ? busy : s.error();
  RK_ASSIGN_OR_RETURN(json::object o, ConversationJson(ctx, req, v));
  NotifyPartner(ctx, req, v.id);
  return Json(201, o);
}

Result<Response> List(Context& ctx, Request& req) {
  RK_ASSIGN_OR_RETURN(auto all, repo::Conversations(req.db(), req.couple().id, 100));
  json::array out;
  for (const auto& v : all) {
    RK_ASSIGN_OR_RETURN(json::object o, ConversationJson(ctx, req, v));
    out.push_back(std::move(o));
  }
  return Json(200, json::object{{"conversations", std::move(out)}});
}

Result<Response> Get(Context& ctx, Request& req) {
  RK_ASSIGN_OR_RETURN(auto v, LoadConversation(req));
  RK_ASSIGN_OR_RETURN(json::object o, ConversationJson(ctx, req, v));
  return Json(200, o);
}

// Moves are optimistic: the step moves only from where the mover saw it, so when both
// partners press "next" at once, one moves it and the other learns it moved.
Result<Response> Move(Context& ctx, Request& req) {
  RK_ASSIGN_OR_RETURN(auto body, http::ParseObject(req, {"from", "to"}));
  http::Fields f(body);
  auto from = f.Int("from", true, 0, 1000);
  auto to = f.Int("to", true, 0, 1000);
  if (from && to && std::llabs(*to - *from) != 1) f.Add("to", "invalid", "Move one step forward or back.");
  RK_TRY(f.Finish());
  RK_ASSIGN_OR_RETURN(auto v, LoadConversation(req));
  const Guide* g = ctx.content.FindGuide(v.guide_id);
  if (!g) return Error::Invalid("There is no such step.", {{"to", "range", "That step does not exist."}});
  RK_TRY(CheckMove(*g, *from, *to));
  RK_ASSIGN_OR_RETURN(std::int64_t moved, repo::MoveStep(req.db(), v.id, static_cast<int>(*from), static_cast<int>(*to)));
  if (moved == 0) return Error::Conflict("Your partner already moved on. Here is where you both are now.");
  v.step = static_cast<int>(*to);
  RK_ASSIGN_OR_RETURN(json::object o, ConversationJson(ctx, req, v));
  NotifyPartner(ctx, req, v.id);
  return Json(200, o);
}

Result<Response> AddNote(Context& ctx, Request& req) {
  RK_ASSIGN_OR_RETURN(auto body, http::ParseObject(req, {"text", "shared"}));
  http::Fields f(body);
  auto text = f.String("text", true, 1, kNoteMax);
  auto shared = f.Bool("shared", true);
  RK_TRY(f.Finish());
  RK_ASSIGN_OR_RETURN(auto v, LoadConversation(req));
  repo::Note n{crypto::NewId(req.now), req.user_id(), *text, *shared, req.now};
  RK_TRY(repo::InsertNote(req.db(), ctx.sealer, v.id, n));
  if (n.shared) NotifyPartner(ctx, req, v.id);
  return Json(201, json::object{{"id", n.id}, {"author", "me"}, {"text", n.text}, {"shared", n.shared},
                                {"created_at", FormatRfc3339(n.created_at)}});
}

Result<Response> Finish(Context& ctx, Request& req) {
  RK_ASSIGN_OR_RETURN(auto v, LoadConversation(req));
  RK_TRY(repo::Finish(req.db(), v.id, req.now));
  RK_ASSIGN_OR_RETURN(auto fresh, LoadConversation(req));
  RK_ASSIGN_OR_RETURN(json::object o, ConversationJson(ctx, req, fresh));
  NotifyPartner(ctx, req, v.id);
  return Json(200, o);
}

}  // namespace

Result<std::int64_t> Reseal(db::Connection& c, const crypto::Sealer& s) { return repo::Reseal(c, s); }

Status EraseStarter(db::Connection& c, const std::string& user_id, Millis) { return repo::ForgetStarter(c, user_id); }

void RegisterRoutes(http::Router& router, Context& ctx) {
  using http::Method;
  using http::Policy;
  using http::Work;
  const Policy couple = Policy::CoupleMember();
  http::RouteTable t(router, ctx);
  t.Add(Method::kGet, "/api/v1/conversations/guides", Policy::SignedIn(), Work::kNone, ListGuides);
  t.Add(Method::kPost, "/api/v1/conversations", couple, Work::kWrite, Start);
  t.Add(Method::kGet, "/api/v1/conversations", couple, Work::kRead, List);
  t.Add(Method::kGet, "/api/v1/conversations/{id}", couple, Work::kRead, Get);
  t.Add(Method::kPost, "/api/v1/conversations/{id}/step", couple, Work::kWrite, Move);
  t.Add(Method::kPost, "/api/v1/conversations/{id}/notes", couple, Work::kWrite, AddNote);
  t.Add(Method::kPost, "/api/v1/conversations/{id}/finish", couple, Work::kWrite, Finish);
}

}  // namespace rk::conversations
