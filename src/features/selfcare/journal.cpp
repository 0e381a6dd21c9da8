#include "features/selfcare/journal.hpp"

#include "features/selfcare/repo.hpp"
#include "features/selfcare/selfcare.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/http/json.hpp"

namespace rk::selfcare {
namespace {

using http::Json;
using http::Request;
using http::Response;
namespace json = boost::json;

// The same answer for an entry that does not exist, is another person's, or is not
// shared with the asker: nobody learns that an entry they may not read is there.
Error NoSuchEntry() { return Error::NotFound("There is no such entry."); }

json::value OptTime(const std::optional<Millis>& t) { return t ? json::value(FormatRfc3339(*t)) : json::value(nullptr); }

// Whether `e` is shared with the couple the author is in now (an entry shared with an
// earlier couple is not).
bool SharedNow(const repo::JournalEntry& e, const Request& req) {
  const auto& couple = req.principal->couple;
  return couple && e.shared_couple_id == couple->id;
}

// What the author and a partner both see of an entry: the whole body, or an excerpt in
// lists.
json::object CommonJson(const repo::JournalEntry& e, bool whole) {
  json::object o{{"id", e.id},
                 {"title", e.title},
                 {"created_at", FormatRfc3339(e.created_at)},
                 {"updated_at", FormatRfc3339(e.updated_at)}};
  if (whole) o["body"] = e.body;
  else o["excerpt"] = Excerpt(e.body);
  return o;
}

// An entry as its author sees it: also whether it is shared now.
json::object OwnJson(const repo::JournalEntry& e, const Request& req, bool whole) {
  const bool shared = SharedNow(e, req);
  json::object o = CommonJson(e, whole);
  o["shared"] = shared;
  o["shared_at"] = shared ? OptTime(e.shared_at) : json::value(nullptr);
  return o;
}

// An entry as the partner it is shared with sees it.
json::object SharedJson(const repo::JournalEntry& e, bool whole) {
  json::object o = CommonJson(e, whole);
  o["shared_at"] = OptTime(e.shared_at);
  return o;
}

// "before" (an entry id from next_before), or "" for the first page.
Result<std::string> BeforeQuery(const Request& req) {
  std::string before = req.QueryParam("before").value_or("");
  if (before.size() > 64)
    return Error::Invalid("before must be an entry id.", {{"before", "invalid", "Use next_before from the previous page."}});
  return before;
}

json::object Page(json::array items, const std::vector<repo::JournalEntry>& entries, int limit) {
  const bool full = static_cast<int>(entries.size()) == limit;
  return {{"entries", std::move(items)}, {"next_before", full ? json::value(entries.back().id) : json::value(nullptr)}};
}

Result<Response> Create(Context& ctx, Request& req) {
  RK_ASSIGN_OR_RETURN(auto body, http::ParseObject(req, {"title", "body"}));
  http::Fields f(body);
  auto title = f.String("title", false, 0, kTitleMax);
  auto text = f.String("body", true, 1, kBodyMax);
  RK_TRY(f.Finish());
  const repo::JournalEntry e{crypto::NewId(req.now), title.value_or(""), *text, {}, {}, req.now, req.now};
  RK_TRY(repo::InsertJournal(req.db(), ctx.sealer, req.user_id(), e));
  return Json(201, OwnJson(e, req, true));
}

Result<Response> List(Context& ctx, Request& req) {
  RK_ASSIGN_OR_RETURN(const int limit, http::IntQuery(req, "limit", 20, 1, 100));
  RK_ASSIGN_OR_RETURN(const std::string before, BeforeQuery(req));
  RK_ASSIGN_OR_RETURN(auto entries, repo::ListJournal(req.db(), ctx.sealer, req.user_id(), before, limit));
  json::array out;
  for (const auto& e : entries) out.push_back(OwnJson(e, req, false));
  return Json(200, Page(std::move(out), entries, limit));
}

Result<Response> Read(Context& ctx, Request& req) {
  RK_ASSIGN_OR_RETURN(auto e, repo::FindJournal(req.db(), ctx.sealer, req.user_id(), std::string(req.Param("id"))));
  if (!e) return NoSuchEntry();
  return Json(200, OwnJson(*e, req, true));
}

Result<Response> Edit(Context& ctx, Request& req) {
  const std::string id(req.Param("id"));
  RK_ASSIGN_OR_RETURN(auto body, http::ParseObject(req, {"title", "body"}));
  http::Fields f(body);
  auto title = f.String("title", false, 0, kTitleMax);
  auto text = f.String("body", false, 1, kBodyMax);
  RK_TRY(f.Finish());
  if (!title && !text) return Error::Invalid("Send a new title, a new body or both.");
  RK_ASSIGN_OR_RETURN(const bool saved, repo::UpdateJournal(req.db(), ctx.sealer, req.user_id(), id, title, text, req.now));
  if (!saved) return NoSuchEntry();
  RK_ASSIGN_OR_RETURN(auto e, repo::FindJournal(req.db(), ctx.sealer, req.user_id(), id));
  if (!e) return NoSuchEntry();
  return Json(200, OwnJson(*e, req, true));
}

Result<Response> Delete(Context&, Request& req) {
  RK_ASSIGN_OR_RETURN(const bool deleted, repo::DeleteJournal(req.db(), req.user_id(), std::string(req.Param("id"))));
  if (!deleted) return NoSuchEntry();
  return Response::NoContent();
}

// Shares the entry with the partner (share) or stops sharing it.
Result<Response> SetShared(Context& ctx, Request& req, bool share) {
  const std::string id(req.Param("id"));
  RK_ASSIGN_OR_RETURN(auto e, repo::FindJournal(req.db(), ctx.sealer, req.user_id(), id));
  if (!e) return NoSuchEntry();
  const auto& couple = req.principal->couple;
  if (share && !couple) return Error::Conflict("You are not in a couple yet, so there is nobody to share this with.");
  const std::optional<std::string> with = share ? std::optional<std::string>(couple->id) : std::nullopt;
  RK_ASSIGN_OR_RETURN(const bool saved, repo::SetJournalShared(req.db(), req.user_id(), id, with, req.now));
  if (!saved) return NoSuchEntry();
  RK_ASSIGN_OR_RETURN(e, repo::FindJournal(req.db(), ctx.sealer, req.user_id(), id));
  if (!e) return NoSuchEntry();
  return Json(200, OwnJson(*e, req, true));
}
Result<Response> Share(Context& ctx, Request& req) { return SetShared(ctx, req, true); }
Result<Response> Unshare(Context& ctx, Request& req) { return SetShared(ctx, req, false); }

// The partner's entries shared with this couple. Not in a couple, a partner who shared
// nothing, and a partner who has entries but shared none all give the same empty list.
Result<Response> SharedWithMe(Context& ctx, Request& req) {
  RK_ASSIGN_OR_RETURN(const int limit, http::IntQuery(req, "limit", 20, 1, 100));
  RK_ASSIGN_OR_RETURN(const std::string before, BeforeQuery(req));
  const auto& couple = req.principal->couple;
  std::vector<repo::JournalEntry> entries;
  if (couple && couple->partner) {
    RK_ASSIGN_OR_RETURN(entries, repo::SharedJournal(req.db(), ctx.sealer, couple->partner->user_id, couple->id, before,
                                                     limit));
  }
  json::array out;
  for (const auto& e : entries) out.push_back(SharedJson(e, false));
  return Json(200, Page(std::move(out), entries, limit));
}

Result<Response> ReadShared(Context& ctx, Request& req) {
  const auto& couple = req.principal->couple;
  if (!couple || !couple->partner) return NoSuchEntry();
  RK_ASSIGN_OR_RETURN(auto e, repo::FindSharedJournal(req.db(), ctx.sealer, couple->partner->user_id, couple->id,
                                                      std::string(req.Param("id"))));
  if (!e) return NoSuchEntry();
  return Json(200, SharedJson(*e, true));
}

// Search, only when the author asks: their own entries are opened here, one request at
// a time, and matched without case or accents. There is no index: nothing of an entry is
// stored in plain text, and the query is neither stored nor logged (the access log names
// the route, not the query string). The sealed text is read first; opening and matching
// run on the compute pool with no connection held, for at most kScanMax entries
// (kScanBytes of text) per request. When there are more, the answer says so and where
// to go on.
Result<Response> Search(Context& ctx, Request& req) {
  const std::optional<std::string> q = req.QueryParam("q");
  if (q && CodePoints(*q).value_or(0) > kQueryMax)
    return Error::Invalid("Search for at most 100 characters.", {{"q", "too_long", "Use at most 100 characters."}});
  const std::optional<std::string> query = q ? PrepareQuery(*q) : std::nullopt;
  if (!query) return Error::Invalid("Type what to look for.", {{"q", "required", "Type a word or two."}});
  RK_ASSIGN_OR_RETURN(const std::string before, BeforeQuery(req));
  const std::string key = req.user_id();
  if (int wait = ctx.searches.RetryAfter(key, req.now); wait > 0)
    return Error::RateLimited("That was a lot of searching in a short time. Please wait a moment.", wait);
  ctx.searches.Hit(key, req.now);
  RK_ASSIGN_OR_RETURN(auto page, repo::ListJournalSealed(req.db(), req.user_id(), before, kScanMax, kScanBytes));
  return req.Then(http::Work::kCompute, [&ctx, page = std::move(page), query = *query](Request&) -> Result<Response> {
    json::array results;
    for (repo::JournalEntry e : page.entries) {
      RK_TRY(repo::OpenJournal(ctx.sealer, e));
      std::optional<std::string> snippet = MatchSnippet(e.body, query);
      if (!snippet && !MatchSnippet(e.title, query)) continue;
      results.push_back(json::object{{"id", e.id},
                                     {"title", e.title},
                                     {"snippet", snippet ? *snippet : Excerpt(e.body)},
                                     {"created_at", FormatRfc3339(e.created_at)},
                                     {"updated_at", FormatRfc3339(e.updated_at)}});
    }
    const std::size_t scanned = page.entries.size();
    return Json(200, json::object{{"results", std::move(results)},
                                  {"scanned", scanned},
                                  {"limit_reached", page.more},
                                  {"next_before", page.more ? json::value(page.entries.back().id) : json::value(nullptr)}});
  });
}

}  // namespace

void RegisterJournalRoutes(http::Router& router, Context& ctx) {
  using http::Method;
  using http::Policy;
  using http::Work;
  http::RouteTable t(router, ctx);
  // The author's routes resolve their couple when they have one, to say whether an entry
  // is shared with it; another person's entry is "not found" on every one of them.
  t.Add(Method::kPost, "/api/v1/journal/entries", Policy::SignedInWithCouple(), Work::kWrite, Create);
  t.Add(Method::kGet, "/api/v1/journal/entries", Policy::SignedInWithCouple(), Work::kRead, List);
  t.Add(Method::kGet, "/api/v1/journal/entries/{id}", Policy::SignedInWithCouple(), Work::kRead, Read);
  t.Add(Method::kPatch, "/api/v1/journal/entries/{id}", Policy::SignedInWithCouple(), Work::kWrite, Edit);
  t.Add(Method::kDelete, "/api/v1/journal/entries/{id}", Policy::SignedInWithCouple(), Work::kWrite, Delete);
  t.Add(Method::kPut, "/api/v1/journal/entries/{id}/share", Policy::SignedInWithCouple(), Work::kWrite, Share);
  t.Add(Method::kDelete, "/api/v1/journal/entries/{id}/share", Policy::SignedInWithCouple(), Work::kWrite, Unshare);
  // A later step of a request has no connection, so search takes no couple (it needs none).
  t.Add(Method::kGet, "/api/v1/journal/search", Policy::SignedIn(), Work::kRead, Search);
  t.Add(Method::kGet, "/api/v1/journal/shared", Policy::SignedInWithCouple(), Work::kRead, SharedWithMe);
  t.Add(Method::kGet, "/api/v1/journal/shared/{id}", Policy::SignedInWithCouple(), Work::kRead, ReadShared);
}

}  // namespace rk::selfcare
