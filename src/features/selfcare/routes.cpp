#include "features/selfcare/routes.hpp"

#include "features/accounts/people.hpp"
#include "features/selfcare/journal.hpp"
#include "features/selfcare/repo.hpp"
#include "features/selfcare/selfcare.hpp"
#include "platform/base/timezone.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/http/json.hpp"

namespace rk::selfcare {
namespace {

using http::Json;
using http::Request;
using http::Response;
namespace json = boost::json;

// Days as the API writes them; the furthest day a range may name.
std::string DayText(std::int64_t day) { return Date::FromDayNumber(day).ToString(); }
constexpr std::int64_t kLastDay = 2932896;  // 9999-12-31

Error NoSuchEntry() { return Error::NotFound("There is no such entry."); }

// Today in the person's own time zone.
Result<std::int64_t> Today(const Request& req) {
  RK_ASSIGN_OR_RETURN(auto person, accounts::FindPerson(req.db(), req.user_id()));
  RK_ASSIGN_OR_RETURN(auto zone, TimeZone::Load(person ? person->time_zone : "UTC"));
  return LocalDate(req.now, *zone).DayNumber();
}

json::object EntryJson(const repo::Entry& e) {
  return {{"id", e.id},
          {"date", DayText(e.day)},
          {"kind", e.kind},
          {"label", e.kind == kOwnKind ? json::value(e.label) : json::value(nullptr)},
          {"minutes", e.minutes},
          {"mood", e.mood},
          {"energy", e.energy},
          {"note", e.note.empty() ? json::value(nullptr) : json::value(e.note)},
          {"created_at", FormatRfc3339(e.created_at)},
          {"updated_at", FormatRfc3339(e.updated_at)}};
}

// What a request may say about a log entry; on a create every number and the kind are
// required, on an edit nothing is.
struct EntryInput {
  std::optional<std::string> kind, label, note, date;
  std::optional<std::int64_t> minutes, mood, energy;
  bool empty() const { return !kind && !label && !note && !date && !minutes && !mood && !energy; }
};

EntryInput ReadEntry(http::Fields& f, bool create) {
  EntryInput in;
  in.kind = f.String("kind", create, 1, 20);
  if (in.kind && !IsKind(*in.kind)) {
    f.Add("kind", "unknown_kind", "Choose exercise, meditation, journaling, friends, rest or one of your own.");
    in.kind.reset();
  }
  in.label = f.String("label", false, 1, kLabelMax);
  in.minutes = f.Int("minutes", create, kMinutesMin, kMinutesMax);
  in.mood = f.Int("mood", create, kScaleMin, kScaleMax);
  in.energy = f.Int("energy", create, kScaleMin, kScaleMax);
  in.note = f.String("note", false, 0, kNoteMax);
  in.date = f.String("date", false, 1, 32);
  return in;
}

// Applies `in` to `e`, recording what does not fit together (a label without an own
// kind, a date outside the window) in `f`.
void Apply(const EntryInput& in, const DayWindow& window, repo::Entry& e, http::Fields& f) {
  if (in.kind) e.kind = *in.kind;
  if (in.label) e.label = *in.label;
  if (e.kind != kOwnKind) {
    if (in.label) f.Add("label", "not_own", "Only an activity of your own (kind \"own\") has a label.");
    e.label.clear();
  } else if (e.label.empty()) {
    f.Add("label", "required", "Name your activity in a few words.");
  }
  if (in.minutes) e.minutes = static_cast<int>(*in.minutes);
  if (in.mood) e.mood = static_cast<int>(*in.mood);
  if (in.energy) e.energy = static_cast<int>(*in.energy);
  if (in.note) e.note = *in.note;
  if (in.date) {
    const auto date = Date::Parse(*in.date);
    if (!date) f.Add("date", "invalid", "Use a date like 2026-03-01.");
    else if (date->DayNumber() > window.latest) f.Add("date", "future", "This day has not come yet.");
    else if (date->DayNumber() < window.earliest) f.Add("date", "too_old", "Log days from the last year only.");
    else e.day = date->DayNumber();
  }
}

Result<json::object> ParseEntryBody(const Request& req) {
  return http::ParseObject(req, {"kind", "label", "minutes", "mood", "energy", "note", "date"});
}

Result<Response> CreateEntry(Context& ctx, Request& req) {
  RK_ASSIGN_OR_RETURN(auto body, ParseEntryBody(req));
  http::Fields f(body);
  const EntryInput in = ReadEntry(f, true);
  RK_ASSIGN_OR_RETURN(const std::int64_t today, Today(req));
  repo::Entry e{crypto::NewId(req.now), today, {}, {}, 0, 0, 0, {}, req.now, req.now};
  Apply(in, LogWindow(today), e, f);
  RK_TRY(f.Finish());
  RK_TRY(repo::InsertEntry(req.db(), ctx.sealer, req.user_id(), e));
  return Json(201, EntryJson(e));
}

// A day from the query string ("from", "to"), or `fallback` when absent.
Result<std::int64_t> DayQuery(const Request& req, std::string_view name, std::int64_t fallback) {
  const auto text = req.QueryParam(name);
  if (!text) return fallback;
  const auto date = Date::Parse(*text);
  if (!date)
    return Error::Invalid("Dates look like 2026-03-01.", {{std::string(name), "invalid", "Use a date like 2026-03-01."}});
  return date->DayNumber();
}

// The list's cursor, "DATE.ID": where the previous page ended.
std::string CursorText(const repo::Entry& e) { return DayText(e.day) + "." + e.id; }
Result<std::optional<repo::EntryCursor>> CursorQuery(const Request& req) {
  const auto text = req.QueryParam("before");
  if (!text) return std::optional<repo::EntryCursor>();
  const auto dot = text->find('.');
  const auto date = dot == std::string::npos ? std::nullopt : Date::Parse(text->substr(0, dot));
  if (!date || text->size() - dot - 1 > 64)
    return Error::Invalid("before must be the next_before of an earlier page.",
                          {{"before", "invalid", "Use next_before from the previous page."}});
  return std::optional<repo::EntryCursor>(repo::EntryCursor{date->DayNumber(), text->substr(dot + 1)});
}

Result<Response> ListEntries(Context& ctx, Request& req) {
  RK_ASSIGN_OR_RETURN(const int limit, http::IntQuery(req, "limit", 50, 1, 200));
  RK_ASSIGN_OR_RETURN(const std::int64_t from, DayQuery(req, "from", 0));
  RK_ASSIGN_OR_RETURN(const std::int64_t to, DayQuery(req, "to", kLastDay));
  if (from > to)
    return Error::Invalid("The range ends before it starts.", {{"to", "before_from", "Choose a day on or after from."}});
  RK_ASSIGN_OR_RETURN(const auto after, CursorQuery(req));
  RK_ASSIGN_OR_RETURN(const std::int64_t today, Today(req));
  RK_ASSIGN_OR_RETURN(auto entries, repo::ListEntries(req.db(), ctx.sealer, req.user_id(), from, to, after, limit));
  json::array out;
  for (const auto& e : entries) out.push_back(EntryJson(e));
  const bool full = static_cast<int>(entries.size()) == limit;
  return Json(200, json::object{{"today", DayText(today)},
                                {"entries", std::move(out)},
                                {"next_before", full ? json::value(CursorText(entries.back())) : json::value(nullptr)}});
}

Result<Response> EditEntry(Context& ctx, Request& req) {
  const std::string id(req.Param("id"));
  RK_ASSIGN_OR_RETURN(auto body, ParseEntryBody(req));
  http::Fields f(body);
  const EntryInput in = ReadEntry(f, false);
  if (f.ok() && in.empty()) return Error::Invalid("Send at least one field to change.");
  // Lock, then read: an edit and a delete of one entry end as one or the other.
  RK_ASSIGN_OR_RETURN(const bool locked, repo::LockEntry(req.db(), req.user_id(), id));
  if (!locked) return NoSuchEntry();
  RK_ASSIGN_OR_RETURN(auto current, repo::FindEntry(req.db(), ctx.sealer, req.user_id(), id));
  if (!current) return NoSuchEntry();
  RK_ASSIGN_OR_RETURN(const std::int64_t today, Today(req));
  repo::Entry e = *current;
  Apply(in, LogWindow(today), e, f);
  RK_TRY(f.Finish());
  e.updated_at = req.now;
  RK_ASSIGN_OR_RETURN(const bool saved, repo::UpdateEntry(req.db(), ctx.sealer, req.user_id(), e));
  if (!saved) return NoSuchEntry();
  return Json(200, EntryJson(e));
}

Result<Response> DeleteEntry(Context&, Request& req) {
  RK_ASSIGN_OR_RETURN(const bool deleted, repo::DeleteEntry(req.db(), req.user_id(), std::string(req.Param("id"))));
  if (!deleted) return NoSuchEntry();
  return Response::NoContent();
}

}  // namespace

Result<std::int64_t> Reseal(db::Connection& c, const crypto::Sealer& s) { return repo::Reseal(c, s); }

Status EraseAuthor(db::Connection& c, const std::string& user_id, Millis) { return repo::DeleteAllOf(c, user_id); }

void RegisterRoutes(http::Router& router, Context& ctx) {
  using http::Method;
  using http::Policy;
  using http::Work;
  http::RouteTable t(router, ctx);
  // The log is its author's alone: no route shows another person's entry.
  t.Add(Method::kPost, "/api/v1/selfcare/entries", Policy::SignedIn(), Work::kWrite, CreateEntry);
  t.Add(Method::kGet, "/api/v1/selfcare/entries", Policy::SignedIn(), Work::kRead, ListEntries);
  t.Add(Method::kPatch, "/api/v1/selfcare/entries/{id}", Policy::SignedIn(), Work::kWrite, EditEntry);
  t.Add(Method::kDelete, "/api/v1/selfcare/entries/{id}", Policy::SignedIn(), Work::kWrite, DeleteEntry);
  RegisterJournalRoutes(router, ctx);
}

}  // namespace rk::selfcare
