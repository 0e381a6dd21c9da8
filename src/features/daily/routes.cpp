#include "features/daily/routes.hpp"

#include <algorithm>

#include "features/accounts/people.hpp"
#include "features/daily/repo.hpp"
#include "platform/base/timezone.hpp"
#include "platform/http/json.hpp"

namespace rk::daily {
namespace {

using http::Json;
using http::Request;
using http::Response;
namespace json = boost::json;

constexpr std::size_t kAnswerMax = 2000;

// Today's day number in the couple's time zone.
Result<std::int64_t> Today(const http::CoupleRef& couple, Millis now) {
  RK_ASSIGN_OR_RETURN(auto zone, TimeZone::Load(couple.time_zone));
  return LocalDate(now, *zone).DayNumber();
}

Result<bool> BothOptedIn(db::Connection& c, const http::CoupleRef& couple) {
  if (!couple.partner) return false;
  for (const std::string& id : {couple.me.user_id, couple.partner->user_id}) {
    RK_ASSIGN_OR_RETURN(bool opted, accounts::OptedInToSexualContent(c, id));
    if (!opted) return false;
  }
  return true;
}

// The couple's question for `day`, choosing and storing it the first time.
Result<const Question*> EnsureQuestion(Context& ctx, db::Connection& c, const http::CoupleRef& couple, std::int64_t day) {
  RK_ASSIGN_OR_RETURN(auto existing, repo::DailyQuestion(c, couple.id, day));
  if (!existing) {
    RK_ASSIGN_OR_RETURN(bool both, BothOptedIn(c, couple));
    const auto eligible = EligibleQuestions(ctx.content, both);
    const std::int64_t n = static_cast<std::int64_t>(eligible.size());
    RK_ASSIGN_OR_RETURN(auto recent, repo::QuestionsBetween(c, couple.id, day - (n - 1), day));
    RK_TRY(repo::ChooseDailyQuestion(c, couple.id, day, PickQuestion(couple.id, day, eligible, recent)));
    RK_ASSIGN_OR_RETURN(existing, repo::DailyQuestion(c, couple.id, day));
  }
  const Question* q = existing ? ctx.content.FindQuestion(*existing) : nullptr;
  if (!q) return Error::Internal("The question for this day is no longer in the catalogue.");
  return q;
}

// The day as `couple.me` sees it. `q` is the day's question (from EnsureQuestion or the
// history list), so this does not look it up again.
Result<json::object> DayJson(Context& ctx, db::Connection& c, const http::CoupleRef& couple, std::int64_t day,
                             const Question* q) {
  RK_ASSIGN_OR_RETURN(auto answers, repo::DailyAnswers(c, ctx.sealer, couple.id, day));
  Answers both;
  for (const auto& a : answers) {
    if (a.user_id == couple.me.user_id) both.mine = a.text;
    else both.partner = a.text;
  }
  const View v = ViewDaily(both);
  json::object o{{"date", Date::FromDayNumber(day).ToString()},
                 {"question", json::object{{"id", q->id}, {"text", content::English(q->text)}, {"theme", q->theme},
                                           {"depth", q->depth}}},
                 {"partner_answered", v.partner_answered},
                 {"revealed", v.revealed}};
  o["mine"] = v.mine ? json::value(*v.mine) : json::value(nullptr);
  o["partner"] = v.partner ? json::value(*v.partner) : json::value(nullptr);
  return o;
}

// Reads today's question; only the first reader of the day goes on to a writing step
// that chooses and stores it (so the everyday read never queues for SQLite's writer).
Result<Response> GetToday(Context& ctx, Request& req) {
  const http::CoupleRef& couple = req.couple();
  RK_ASSIGN_OR_RETURN(std::int64_t today, Today(couple, req.now));
  RK_ASSIGN_OR_RETURN(auto existing, repo::DailyQuestion(req.db(), couple.id, today));
  if (const Question* q = existing ? ctx.content.FindQuestion(*existing) : nullptr) {
    RK_ASSIGN_OR_RETURN(json::object o, DayJson(ctx, req.db(), couple, today, q));
    return Json(200, o);
  }
  return req.Then(http::Work::kWrite, [&ctx](Request& req) -> Result<Response> {
    const http::CoupleRef& couple = req.couple();
    RK_ASSIGN_OR_RETURN(std::int64_t today, Today(couple, req.now));
    RK_ASSIGN_OR_RETURN(const Question* q, EnsureQuestion(ctx, req.db(), couple, today));
    RK_ASSIGN_OR_RETURN(json::object o, DayJson(ctx, req.db(), couple, today, q));
    return Json(200, o);
  });
}

// The day is locked while answering, so a partner's answer and this one are read and
// written one after the other: the reveal and its lock hold under concurrency.
Result<Response> Answer(Context& ctx, Request& req) {
  RK_ASSIGN_OR_RETURN(auto body, http::ParseObject(req, {"text"}));
  http::Fields f(body);
  auto text = f.String("text", true, 1, kAnswerMax);
  const auto date = Date::Parse(req.Param("date"));
  if (!date) f.Add("date", "invalid", "Use a date like 2026-11-21.");
  RK_TRY(f.Finish());
  const http::CoupleRef& couple = req.couple();
  db::Connection& c = req.db();
  RK_ASSIGN_OR_RETURN(std::int64_t today, Today(couple, req.now));
  const std::int64_t day = date->DayNumber();
  RK_TRY(CheckAnswerWindow(day, today));
  RK_ASSIGN_OR_RETURN(const Question* q, EnsureQuestion(ctx, c, couple, day));
  RK_TRY(repo::LockDay(c, couple.id, day));
  RK_ASSIGN_OR_RETURN(auto answers, repo::DailyAnswers(c, ctx.sealer, couple.id, day));
  RK_TRY(CheckNotLocked(answers.size()));
  const bool first = std::none_of(answers.begin(), answers.end(),
                                  [&](const repo::DailyAnswer& a) { return a.user_id == couple.me.user_id; });
  RK_TRY(repo::PutDailyAnswer(c, ctx.sealer, couple.id, day, couple.me.user_id, *text, req.now));
  RK_ASSIGN_OR_RETURN(json::object o, DayJson(ctx, c, couple, day, q));
  // The partner hears of a first answer only (it changes what they see: "answered", or
  // the reveal); edits before the reveal change nothing they can see, so they say nothing
  // — not even when.
  if (couple.partner && first)
    http::PublishAfterCommit(ctx.live, req, couple.partner->user_id, live::DailyChanged{});
  return Json(200, o);
}

Result<Response> History(Context& ctx, Request& req) {
  RK_ASSIGN_OR_RETURN(const int limit, http::IntQuery(req, "limit", 30, 1, 365));
  const http::CoupleRef& couple = req.couple();
  RK_ASSIGN_OR_RETURN(std::int64_t today, Today(couple, req.now));
  RK_ASSIGN_OR_RETURN(auto days, repo::DailyHistory(req.db(), couple.id, today, limit));
  json::array out;
  for (const auto& [day, qid] : days) {
    const Question* q = ctx.content.FindQuestion(qid);
    if (!q) continue;  // a question since removed from the catalogue
    RK_ASSIGN_OR_RETURN(json::object o, DayJson(ctx, req.db(), couple, day, q));
    out.push_back(std::move(o));
  }
  return Json(200, json::object{{"days", std::move(out)}});
}

}  // namespace

Result<std::int64_t> Reseal(db::Connection& c, const crypto::Sealer& s) { return repo::Reseal(c, s); }

void RegisterRoutes(http::Router& router, Context& ctx) {
  using http::Method;
  using http::Policy;
  using http::Work;
  http::RouteTable t(router, ctx);
  // Reading today's question chooses it the first time (a second, writing step).
  t.Add(Method::kGet, "/api/v1/daily", Policy::CoupleMember(), Work::kWrite, GetToday, Work::kRead);
  t.Add(Method::kPut, "/api/v1/daily/{date}/answer", Policy::CoupleMember(), Work::kWrite, Answer);
  t.Add(Method::kGet, "/api/v1/daily/history", Policy::CoupleMember(), Work::kRead, History);
}

}  // namespace rk::daily
