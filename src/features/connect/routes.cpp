#include "features/connect/routes.hpp"

#include "features/connect/repo.hpp"
#include "features/couples/access.hpp"
#include "platform/base/files.hpp"
#include "platform/base/timezone.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/http/json.hpp"

namespace rk::connect {
namespace {

using http::Json;
using http::Problem;
using http::Request;
using http::Response;
namespace json = boost::json;

constexpr std::size_t kAnswerMax = 2000, kNoteMax = 4000;
// The live protocol's chat.send says the same (src/platform/live/protocol.json).
constexpr std::size_t kMessageMax = 1500;
// Connect content is English for now; the files carry a language map for more.
const std::string& T(const Texts& t) {
  static const std::string kEmpty;
  if (auto it = t.find("en"); it != t.end()) return it->second;
  return t.empty() ? kEmpty : t.begin()->second;
}

// Today's day number in the couple's time zone.
Result<std::int64_t> Today(const couples::CoupleAccess& couple, Millis now) {
  RK_ASSIGN_OR_RETURN(auto zone, TimeZone::Load(couple.time_zone));
  return LocalDate(now, *zone).DayNumber();
}

Result<bool> BothOptedIn(db::Connection& c, const couples::CoupleAccess& couple) {
  RK_ASSIGN_OR_RETURN(bool me, repo::OptedIn(c, couple.me.user_id));
  if (!couple.partner) return false;
  RK_ASSIGN_OR_RETURN(bool them, repo::OptedIn(c, couple.partner->user_id));
  return me && them;
}

// The couple's question for `day`, choosing and storing it the first time.
Result<const Question*> EnsureQuestion(Context& ctx, db::Connection& c, const couples::CoupleAccess& couple, std::int64_t day) {
  RK_ASSIGN_OR_RETURN(auto existing, repo::DailyQuestion(c, couple.couple_id, day));
  if (!existing) {
    RK_ASSIGN_OR_RETURN(bool both, BothOptedIn(c, couple));
    const auto eligible = EligibleQuestions(ctx.content, both);
    const std::int64_t n = static_cast<std::int64_t>(eligible.size());
    RK_ASSIGN_OR_RETURN(auto recent, repo::QuestionsBetween(c, couple.couple_id, day - (n - 1), day));
    RK_TRY(repo::ChooseDailyQuestion(c, couple.couple_id, day, PickQuestion(couple.couple_id, day, eligible, recent)));
    RK_ASSIGN_OR_RETURN(existing, repo::DailyQuestion(c, couple.couple_id, day));
  }
  const Question* q = existing ? ctx.content.FindQuestion(*existing) : nullptr;
  if (!q) return Error::Internal("The question for this day is no longer in the catalogue.");
  return q;
}

// The day as `couple.me` sees it. `q` is the day's question (from EnsureQuestion or the
// history list), so this does not look it up again.
Result<json::object> DailyJson(Context& ctx, db::Connection& c, const couples::CoupleAccess& couple, std::int64_t day,
                               const Question* q) {
  RK_ASSIGN_OR_RETURN(auto answers, repo::DailyAnswers(c, ctx.sealer, couple.couple_id, day));
  DailyAnswers both;
  json::object mine_at, partner_at;
  for (const auto& a : answers) {
    if (a.user_id == couple.me.user_id) both.mine = a.text;
    else both.partner = a.text;
  }
  const DailyView v = ViewDaily(both);
  json::object o{{"date", Date::FromDayNumber(day).ToString()},
                 {"question", json::object{{"id", q->id}, {"text", T(q->text)}, {"theme", q->theme}, {"depth", q->depth}}},
                 {"partner_answered", v.partner_answered},
                 {"revealed", v.revealed}};
  o["mine"] = v.mine ? json::value(*v.mine) : json::value(nullptr);
  o["partner"] = v.partner ? json::value(*v.partner) : json::value(nullptr);
  return o;
}

// Tells the partner's open connections that something of theirs changed; the client
// then reloads through the API, under the same rules as any read. Never used for
// anything private to the sender (private notes, desire answers).
template <class Frame>
void NotifyPartner(Context& ctx, const couples::CoupleAccess& couple, const Frame& frame) {
  if (!ctx.live || !couple.partner) return;
  ctx.live->Publish(couple.partner->user_id, frame);
}

template <class F>
Response WithCouple(Context& ctx, const Request& req, F f) {
  auto conn = ctx.db.Acquire().value();
  auto couple = couples::RequireCouple(*conn, req.user_id());
  if (!couple.ok()) return Problem(couple.error());
  Result<Response> r = f(*conn, *couple);
  if (!r.ok()) return Problem(r.error());
  return std::move(r).value();
}

Response GetDaily(Context& ctx, Request& req) {
  return WithCouple(ctx, req, [&](db::Connection& c, const couples::CoupleAccess& couple) -> Result<Response> {
    RK_ASSIGN_OR_RETURN(std::int64_t today, Today(couple, ctx.now()));
    RK_ASSIGN_OR_RETURN(const Question* q, EnsureQuestion(ctx, c, couple, today));
    RK_ASSIGN_OR_RETURN(json::object o, DailyJson(ctx, c, couple, today, q));
    return Json(200, o);
  });
}

Response AnswerDaily(Context& ctx, Request& req) {
  auto body = http::ParseObject(req, {"text"});
  if (!body.ok()) return Problem(body.error());
  http::Fields f(*body);
  auto text = f.String("text", true, 1, kAnswerMax);
  const auto date = Date::Parse(req.Param("date"));
  if (!date) f.Add("date", "invalid", "Use a date like 2026-11-21.");
  if (Status s = f.Finish(); !s.ok()) return Problem(s.error());
  return WithCouple(ctx, req, [&](db::Connection& c, const couples::CoupleAccess& couple) -> Result<Response> {
    RK_ASSIGN_OR_RETURN(std::int64_t today, Today(couple, ctx.now()));
    const std::int64_t day = date->DayNumber();
    if (day > today) return Error::Invalid("That day has not begun yet.", {{"date", "future", "You can answer today's question."}});
    if (day < today - 1)
      return Error::Invalid("That question has closed.", {{"date", "closed", "You can answer today's question, or yesterday's."}});
    RK_TRY(c.Begin());
    auto done = [&]() -> Result<json::object> {
      RK_ASSIGN_OR_RETURN(const Question* q, EnsureQuestion(ctx, c, couple, day));
      RK_ASSIGN_OR_RETURN(auto answers, repo::DailyAnswers(c, ctx.sealer, couple.couple_id, day));
      if (answers.size() >= 2) return Error::Conflict("You have both answered, so the answers are revealed and locked.");
      RK_TRY(repo::PutDailyAnswer(c, ctx.sealer, couple.couple_id, day, couple.me.user_id, *text, ctx.now()));
      return DailyJson(ctx, c, couple, day, q);
    }();
    if (!done.ok()) {
      (void)c.Rollback();
      return std::move(done).error();
    }
    RK_TRY(c.Commit());
    NotifyPartner(ctx, couple, live::DailyChanged{});
    return Json(200, *done);
  });
}

Response DailyHistory(Context& ctx, Request& req) {
  auto limit_or = http::IntQuery(req, "limit", 30, 1, 365);
  if (!limit_or.ok()) return Problem(limit_or.error());
  const int limit = *limit_or;
  return WithCouple(ctx, req, [&](db::Connection& c, const couples::CoupleAccess& couple) -> Result<Response> {
    RK_ASSIGN_OR_RETURN(std::int64_t today, Today(couple, ctx.now()));
    RK_ASSIGN_OR_RETURN(auto days, repo::DailyHistory(c, couple.couple_id, today, limit));
    json::array out;
    for (const auto& [day, qid] : days) {
      const Question* q = ctx.content.FindQuestion(qid);
      if (!q) continue;  // a question since removed from the catalogue
      RK_ASSIGN_OR_RETURN(json::object o, DailyJson(ctx, c, couple, day, q));
      out.push_back(std::move(o));
    }
    return Json(200, json::object{{"days", std::move(out)}});
  });
}

// --- desire map ---

Response ListDesires(Context& ctx, Request& req) {
  auto conn = ctx.db.Acquire().value();
  auto opted = repo::OptedIn(*conn, req.user_id());
  if (!opted.ok()) return Problem(opted.error());
  json::array categories;
  for (const DesireCategory& cat : ctx.content.categories) {
    if (cat.sexual && !*opted) continue;
    json::array items;
    for (const DesireItem& i : ctx.content.items)
      if (i.category == cat.id && Visible(i, *opted))
        items.push_back(json::object{{"id", i.id}, {"text", T(i.text)}, {"sexual", i.sexual}});
    if (!items.empty())
      categories.push_back(json::object{{"id", cat.id}, {"title", T(cat.title)}, {"sexual", cat.sexual}, {"items", std::move(items)}});
  }
  return Json(200, json::object{{"categories", std::move(categories)}});
}

Result<const DesireItem*> VisibleItem(Context& ctx, db::Connection& c, const Request& req) {
  const DesireItem* item = ctx.content.FindItem(req.Param("item"));
  RK_ASSIGN_OR_RETURN(bool opted, repo::OptedIn(c, req.user_id()));
  if (!item || !Visible(*item, opted)) return Error::NotFound("There is no such item.");
  return item;
}

Response PutMine(Context& ctx, Request& req) {
  auto body = http::ParseObject(req, {"answer"});
  if (!body.ok()) return Problem(body.error());
  http::Fields f(*body);
  auto answer = f.String("answer", true, 1, 8);
  const auto desire = answer ? ParseDesire(*answer) : std::nullopt;
  if (answer && !desire) f.Add("answer", "invalid", "Choose yes, maybe or no.");
  if (Status s = f.Finish(); !s.ok()) return Problem(s.error());
  return WithCouple(ctx, req, [&](db::Connection& c, const couples::CoupleAccess& couple) -> Result<Response> {
    RK_ASSIGN_OR_RETURN(const DesireItem* item, VisibleItem(ctx, c, req));
    RK_TRY(repo::PutDesire(c, ctx.sealer, couple.couple_id, couple.me.user_id, item->id, *desire));
    return Json(200, json::object{{"item", item->id}, {"answer", DesireName(*desire)}});
  });
}

Response DeleteMine(Context& ctx, Request& req) {
  return WithCouple(ctx, req, [&](db::Connection& c, const couples::CoupleAccess& couple) -> Result<Response> {
    RK_ASSIGN_OR_RETURN(const DesireItem* item, VisibleItem(ctx, c, req));
    RK_TRY(repo::DeleteDesire(c, couple.couple_id, couple.me.user_id, item->id));
    return Response::NoContent();
  });
}

Response ListMine(Context& ctx, Request& req) {
  return WithCouple(ctx, req, [&](db::Connection& c, const couples::CoupleAccess& couple) -> Result<Response> {
    RK_ASSIGN_OR_RETURN(bool opted, repo::OptedIn(c, couple.me.user_id));
    RK_ASSIGN_OR_RETURN(auto mine, repo::Desires(c, ctx.sealer, couple.couple_id, couple.me.user_id));
    json::object answers;
    for (const auto& [id, d] : mine)
      if (const DesireItem* item = ctx.content.FindItem(id); item && Visible(*item, opted)) answers[id] = DesireName(d);
    return Json(200, json::object{{"answers", std::move(answers)}});
  });
}

Response ListMatches(Context& ctx, Request& req) {
  return WithCouple(ctx, req, [&](db::Connection& c, const couples::CoupleAccess& couple) -> Result<Response> {
    json::array out;
    if (couple.partner) {
      RK_ASSIGN_OR_RETURN(bool me, repo::OptedIn(c, couple.me.user_id));
      RK_ASSIGN_OR_RETURN(bool them, repo::OptedIn(c, couple.partner->user_id));
      RK_ASSIGN_OR_RETURN(auto mine, repo::Desires(c, ctx.sealer, couple.couple_id, couple.me.user_id));
      RK_ASSIGN_OR_RETURN(auto theirs, repo::Desires(c, ctx.sealer, couple.couple_id, couple.partner->user_id));
      for (const std::string& id : Matches(ctx.content, mine, theirs, me, them)) {
        const DesireItem* item = ctx.content.FindItem(id);
        out.push_back(json::object{{"id", id}, {"text", T(item->text)}, {"category", item->category}});
      }
    }
    return Json(200, json::object{{"matches", std::move(out)}});
  });
}

// --- guided conversations ---

json::object GuideJson(const Guide& g) {
  json::array steps;
  for (const GuideStep& s : g.steps)
    steps.push_back(json::object{{"speaker", s.speaker}, {"minutes", s.minutes}, {"prompt", T(s.prompt)}, {"listener", T(s.listener)}});
  return {{"id", g.id}, {"title", T(g.title)}, {"description", T(g.description)}, {"steps", std::move(steps)}};
}

Response ListGuides(Context& ctx, Request&) {
  json::array out;
  for (const Guide& g : ctx.content.guides) out.push_back(GuideJson(g));
  return Json(200, json::object{{"guides", std::move(out)}});
}

Result<json::object> ConversationJson(Context& ctx, db::Connection& c, const couples::CoupleAccess& couple,
                                      const repo::Conversation& v) {
  const Guide* g = ctx.content.FindGuide(v.guide_id);
  json::object o{{"id", v.id},
                 {"guide", v.guide_id},
                 {"title", g ? T(g->title) : v.guide_id},
                 {"status", v.status},
                 {"step", v.step},
                 {"steps_total", g ? g->steps.size() : 0},
                 {"started_by", v.started_by == couple.me.user_id ? "me" : "partner"},
                 {"started_at", FormatRfc3339(v.started_at)}};
  o["finished_at"] = v.finished_at ? json::value(FormatRfc3339(*v.finished_at)) : json::value(nullptr);
  if (g && v.step >= 0 && v.step < static_cast<int>(g->steps.size())) {
    const GuideStep& s = g->steps[static_cast<std::size_t>(v.step)];
    const std::string turn = s.speaker == "both" ? "both" : ((s.speaker == "starter") == (v.started_by == couple.me.user_id) ? "me" : "partner");
    o["current"] = json::object{{"speaker", s.speaker}, {"turn", turn}, {"minutes", s.minutes}, {"prompt", T(s.prompt)},
                                {"listener", T(s.listener)}};
  }
  RK_ASSIGN_OR_RETURN(auto notes, repo::NotesFor(c, ctx.sealer, v.id, couple.me.user_id));
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

Result<repo::Conversation> LoadConversation(db::Connection& c, const couples::CoupleAccess& couple, const Request& req) {
  RK_ASSIGN_OR_RETURN(auto v, repo::FindConversation(c, couple.couple_id, std::string(req.Param("id"))));
  if (!v) return Error::NotFound("There is no such conversation.");
  return std::move(*v);
}

Response StartConversation(Context& ctx, Request& req) {
  auto body = http::ParseObject(req, {"guide"});
  if (!body.ok()) return Problem(body.error());
  http::Fields f(*body);
  auto guide = f.String("guide", true, 1, 64);
  if (guide && !ctx.content.FindGuide(*guide)) f.Add("guide", "unknown", "There is no such conversation guide.");
  if (Status s = f.Finish(); !s.ok()) return Problem(s.error());
  return WithCouple(ctx, req, [&](db::Connection& c, const couples::CoupleAccess& couple) -> Result<Response> {
    RK_ASSIGN_OR_RETURN(auto active, repo::ActiveConversation(c, couple.couple_id));
    if (active) return Error::Conflict("You already have a conversation going. Finish it first.");
    repo::Conversation v{crypto::NewId(ctx.now()), couple.couple_id, *guide, couple.me.user_id, "active", 0, ctx.now(), std::nullopt};
    RK_TRY(repo::InsertConversation(c, v));
    RK_ASSIGN_OR_RETURN(json::object o, ConversationJson(ctx, c, couple, v));
    NotifyPartner(ctx, couple, live::ConversationChanged{v.id});
    return Json(201, o);
  });
}

Response ListConversations(Context& ctx, Request& req) {
  return WithCouple(ctx, req, [&](db::Connection& c, const couples::CoupleAccess& couple) -> Result<Response> {
    RK_ASSIGN_OR_RETURN(auto all, repo::Conversations(c, couple.couple_id, 100));
    json::array out;
    for (const auto& v : all) {
      RK_ASSIGN_OR_RETURN(json::object o, ConversationJson(ctx, c, couple, v));
      out.push_back(std::move(o));
    }
    return Json(200, json::object{{"conversations", std::move(out)}});
  });
}

Response GetConversation(Context& ctx, Request& req) {
  return WithCouple(ctx, req, [&](db::Connection& c, const couples::CoupleAccess& couple) -> Result<Response> {
    RK_ASSIGN_OR_RETURN(auto v, LoadConversation(c, couple, req));
    RK_ASSIGN_OR_RETURN(json::object o, ConversationJson(ctx, c, couple, v));
    return Json(200, o);
  });
}

Response MoveConversation(Context& ctx, Request& req) {
  auto body = http::ParseObject(req, {"from", "to"});
  if (!body.ok()) return Problem(body.error());
  http::Fields f(*body);
  auto from = f.Int("from", true, 0, 1000);
  auto to = f.Int("to", true, 0, 1000);
  if (from && to && std::abs(*to - *from) != 1) f.Add("to", "invalid", "Move one step forward or back.");
  if (Status s = f.Finish(); !s.ok()) return Problem(s.error());
  return WithCouple(ctx, req, [&](db::Connection& c, const couples::CoupleAccess& couple) -> Result<Response> {
    RK_ASSIGN_OR_RETURN(auto v, LoadConversation(c, couple, req));
    const Guide* g = ctx.content.FindGuide(v.guide_id);
    if (!g || *to >= static_cast<std::int64_t>(g->steps.size()))
      return Error::Invalid("There is no such step.", {{"to", "range", "That step does not exist."}});
    RK_ASSIGN_OR_RETURN(std::int64_t moved, repo::MoveStep(c, v.id, static_cast<int>(*from), static_cast<int>(*to)));
    if (moved == 0) return Error::Conflict("Your partner already moved on. Here is where you both are now.");
    v.step = static_cast<int>(*to);
    RK_ASSIGN_OR_RETURN(json::object o, ConversationJson(ctx, c, couple, v));
    NotifyPartner(ctx, couple, live::ConversationChanged{v.id});
    return Json(200, o);
  });
}

Response AddNote(Context& ctx, Request& req) {
  auto body = http::ParseObject(req, {"text", "shared"});
  if (!body.ok()) return Problem(body.error());
  http::Fields f(*body);
  auto text = f.String("text", true, 1, kNoteMax);
  auto shared = f.Bool("shared", true);
  if (Status s = f.Finish(); !s.ok()) return Problem(s.error());
  return WithCouple(ctx, req, [&](db::Connection& c, const couples::CoupleAccess& couple) -> Result<Response> {
    RK_ASSIGN_OR_RETURN(auto v, LoadConversation(c, couple, req));
    repo::Note n{crypto::NewId(ctx.now()), couple.me.user_id, *text, *shared, ctx.now()};
    RK_TRY(repo::InsertNote(c, ctx.sealer, v.id, n));
    if (n.shared) NotifyPartner(ctx, couple, live::ConversationChanged{v.id});
    return Json(201, json::object{{"id", n.id}, {"author", "me"}, {"text", n.text}, {"shared", n.shared},
                                  {"created_at", FormatRfc3339(n.created_at)}});
  });
}

Response FinishConversation(Context& ctx, Request& req) {
  return WithCouple(ctx, req, [&](db::Connection& c, const couples::CoupleAccess& couple) -> Result<Response> {
    RK_ASSIGN_OR_RETURN(auto v, LoadConversation(c, couple, req));
    RK_TRY(repo::Finish(c, v.id, ctx.now()));
    RK_ASSIGN_OR_RETURN(auto fresh, LoadConversation(c, couple, req));
    RK_ASSIGN_OR_RETURN(json::object o, ConversationJson(ctx, c, couple, fresh));
    NotifyPartner(ctx, couple, live::ConversationChanged{v.id});
    return Json(200, o);
  });
}

// --- chat ---

// A message as `viewer` sees it: the same shape in the API and in live frames.
live::Message MessageView(const repo::Message& m, const std::string& viewer) {
  return {m.id, m.author_id == viewer ? "me" : "partner", m.text, FormatRfc3339(m.created_at)};
}
json::object MessageJson(const repo::Message& m, const std::string& viewer) {
  return live::FieldsToJson(MessageView(m, viewer));
}

// Sends `frame(viewer)` to every connection of both partners.
template <class F>
void PublishToCouple(Context& ctx, const couples::CoupleAccess& couple, F frame) {
  if (!ctx.live) return;
  ctx.live->Publish(couple.me.user_id, frame(couple.me.user_id));
  if (couple.partner) ctx.live->Publish(couple.partner->user_id, frame(couple.partner->user_id));
}

// Stores a message from `couple.me` and sends it to both partners' connections.
Result<repo::Message> StoreMessage(Context& ctx, db::Connection& c, const couples::CoupleAccess& couple,
                                   const std::string& text) {
  repo::Message m{crypto::NewId(ctx.now()), couple.me.user_id, text, ctx.now()};
  RK_TRY(repo::InsertMessage(c, ctx.sealer, couple.couple_id, m));
  // Committed first, then published: a live frame never announces an unsaved message.
  PublishToCouple(ctx, couple, [&](const std::string& viewer) { return live::ChatMessage{MessageView(m, viewer)}; });
  return m;
}

Response PostMessage(Context& ctx, Request& req) {
  auto body = http::ParseObject(req, {"text"});
  if (!body.ok()) return Problem(body.error());
  http::Fields f(*body);
  auto text = f.String("text", true, 1, kMessageMax);
  if (Status s = f.Finish(); !s.ok()) return Problem(s.error());
  return WithCouple(ctx, req, [&](db::Connection& c, const couples::CoupleAccess& couple) -> Result<Response> {
    RK_ASSIGN_OR_RETURN(repo::Message m, StoreMessage(ctx, c, couple, *text));
    return Json(201, MessageJson(m, couple.me.user_id));
  });
}

// chat.send on a live connection: the same checks and the same path as PostMessage;
// acknowledged with the new message's id.
Result<std::optional<std::string>> SendMessage(Context& ctx, const live::Caller& caller, const live::ChatSend& frame) {
  const json::object body{{"text", frame.text}};
  http::Fields f(body);
  auto text = f.String("text", true, 1, kMessageMax);
  RK_TRY(f.Finish());
  // Its own connection until the request pipeline provides one.
  RK_ASSIGN_OR_RETURN(auto conn, ctx.db.Acquire(5000, db::Mode::kWrite));
  RK_ASSIGN_OR_RETURN(auto couple, couples::RequireCouple(*conn, caller.user_id));
  RK_ASSIGN_OR_RETURN(repo::Message m, StoreMessage(ctx, *conn, couple, *text));
  return std::optional<std::string>(m.id);
}

Response ListMessages(Context& ctx, Request& req) {
  auto limit_or = http::IntQuery(req, "limit", 50, 1, 200);
  if (!limit_or.ok()) return Problem(limit_or.error());
  const int limit = *limit_or;
  const std::string before = req.QueryParam("before").value_or("");
  if (before.size() > 64) return Problem(Error::Invalid("before must be a message id.", {{"before", "invalid", "Use a message id."}}));
  return WithCouple(ctx, req, [&](db::Connection& c, const couples::CoupleAccess& couple) -> Result<Response> {
    RK_ASSIGN_OR_RETURN(auto messages, repo::Messages(c, ctx.sealer, couple.couple_id, before, limit));
    json::array out;
    for (const auto& m : messages) out.push_back(MessageJson(m, couple.me.user_id));
    json::object o{{"messages", std::move(out)}};
    std::optional<std::string> partner_read;
    if (couple.partner) {
      RK_ASSIGN_OR_RETURN(partner_read, repo::ReadUpTo(c, couple.couple_id, couple.partner->user_id));
    }
    o["partner_read_up_to"] = partner_read ? json::value(*partner_read) : json::value(nullptr);
    return Json(200, o);
  });
}

Response MarkRead(Context& ctx, Request& req) {
  auto body = http::ParseObject(req, {"up_to"});
  if (!body.ok()) return Problem(body.error());
  http::Fields f(*body);
  auto up_to = f.String("up_to", true, 1, 64);
  if (Status s = f.Finish(); !s.ok()) return Problem(s.error());
  return WithCouple(ctx, req, [&](db::Connection& c, const couples::CoupleAccess& couple) -> Result<Response> {
    RK_ASSIGN_OR_RETURN(bool exists, repo::MessageExists(c, couple.couple_id, *up_to));
    if (!exists) return Error::NotFound("There is no such message.");
    RK_TRY(repo::MarkRead(c, couple.couple_id, couple.me.user_id, *up_to));
    if (ctx.live && couple.partner)
      ctx.live->Publish(couple.partner->user_id, live::ChatRead{*up_to});
    return Response::NoContent();
  });
}

}  // namespace

Result<Content> LoadContent(const std::string& dir) {
  Content content;
  struct File {
    const char* name;
    Status (*parse)(std::string_view, std::string_view, Content&);
  };
  for (const File& f : {File{"questions.json", ParseQuestions}, File{"desires.json", ParseDesires},
                        File{"conversations.json", ParseGuides}}) {
    const std::string path = dir + "/" + f.name;
    auto text = ReadFile(path);
    if (!text) return Error::Invalid(path + ": cannot be read");
    RK_TRY(f.parse(*text, path, content));
  }
  return content;
}

void RegisterRoutes(http::Router& router, Context& ctx) {
  using http::Access;
  using http::Method;
  http::RouteTable t(router, ctx);
  t.Add(Method::kGet, "/api/v1/connect/daily", Access::kSession, GetDaily);
  t.Add(Method::kPut, "/api/v1/connect/daily/{date}/answer", Access::kSession, AnswerDaily);
  t.Add(Method::kGet, "/api/v1/connect/daily/history", Access::kSession, DailyHistory);
  t.Add(Method::kGet, "/api/v1/connect/desires", Access::kSession, ListDesires);
  t.Add(Method::kGet, "/api/v1/connect/desires/mine", Access::kSession, ListMine);
  t.Add(Method::kGet, "/api/v1/connect/desires/matches", Access::kSession, ListMatches);
  t.Add(Method::kPut, "/api/v1/connect/desires/{item}/mine", Access::kSession, PutMine);
  t.Add(Method::kDelete, "/api/v1/connect/desires/{item}/mine", Access::kSession, DeleteMine);
  t.Add(Method::kGet, "/api/v1/connect/conversations/guides", Access::kSession, ListGuides);
  t.Add(Method::kPost, "/api/v1/connect/conversations", Access::kSession, StartConversation);
  t.Add(Method::kGet, "/api/v1/connect/conversations", Access::kSession, ListConversations);
  t.Add(Method::kGet, "/api/v1/connect/conversations/{id}", Access::kSession, GetConversation);
  t.Add(Method::kPost, "/api/v1/connect/conversations/{id}/step", Access::kSession, MoveConversation);
  t.Add(Method::kPost, "/api/v1/connect/conversations/{id}/notes", Access::kSession, AddNote);
  t.Add(Method::kPost, "/api/v1/connect/conversations/{id}/finish", Access::kSession, FinishConversation);
  t.Add(Method::kPost, "/api/v1/connect/chat/messages", Access::kSession, PostMessage);
  t.Add(Method::kGet, "/api/v1/connect/chat/messages", Access::kSession, ListMessages);
  t.Add(Method::kPost, "/api/v1/connect/chat/read", Access::kSession, MarkRead);
  if (ctx.live)
    ctx.live->On<live::ChatSend>(
        [&ctx](const live::Caller& caller, const live::ChatSend& frame) { return SendMessage(ctx, caller, frame); });
}

}  // namespace rk::connect
