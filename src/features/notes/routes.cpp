#include "features/notes/routes.hpp"

#include "platform/crypto/crypto.hpp"
#include "platform/db/reseal.hpp"
#include "platform/http/json.hpp"

namespace rk::notes {
namespace {

using http::Fields;
using http::Json;
using http::Request;
using http::Response;
namespace json = boost::json;

constexpr std::size_t kNoteMax = 20000;  // characters
constexpr int kListMax = 500;

std::string TextContext(const std::string& id) { return "therapist_notes:" + id + ":text"; }

struct Note {
  std::string id, relationship_id, text;
  Millis created_at = 0, updated_at = 0;
};

json::object NoteJson(const Note& n) {
  return {{"id", n.id}, {"couple", n.relationship_id}, {"text", n.text}, {"created_at", n.created_at},
          {"updated_at", n.updated_at}};
}

// The therapist's notes, newest first: of one care relationship, or (empty) all of them.
Result<std::vector<Note>> Notes(Context& ctx, Request& req, const std::string& relationship_id) {
  RK_ASSIGN_OR_RETURN(auto rows,
                      req.db().Query("SELECT id, relationship_id, text, created_at, updated_at FROM therapist_notes WHERE "
                                     "therapist_id = ? AND (? = '' OR relationship_id = ?) ORDER BY id DESC LIMIT ?",
                                     {req.user_id(), relationship_id, relationship_id, std::int64_t{kListMax}}));
  std::vector<Note> out;
  for (const auto& r : rows) {
    RK_ASSIGN_OR_RETURN(std::string text, ctx.sealer.Open(r.Text(2), TextContext(r.Text(0))));
    out.push_back({r.Text(0), r.Text(1), std::move(text), r.Int(3), r.Int(4)});
  }
  return out;
}

Result<Response> List(Context& ctx, Request& req) {
  RK_ASSIGN_OR_RETURN(auto notes, Notes(ctx, req, req.care().relationship_id));
  json::array out;
  for (const Note& n : notes) out.push_back(NoteJson(n));
  return Json(200, json::object{{"notes", std::move(out)}});
}

Result<std::string> ReadText(Request& req) {
  RK_ASSIGN_OR_RETURN(auto body, http::ParseObject(req, {"text"}));
  Fields f(body);
  auto text = f.String("text", true, 1, kNoteMax);
  RK_TRY(f.Finish());
  return *text;
}

Result<Response> Create(Context& ctx, Request& req) {
  RK_ASSIGN_OR_RETURN(std::string text, ReadText(req));
  Note n{crypto::NewId(req.now), req.care().relationship_id, std::move(text), req.now, req.now};
  RK_TRY(req.db().Exec("INSERT INTO therapist_notes (id, relationship_id, therapist_id, text, created_at, updated_at) "
                       "VALUES (?, ?, ?, ?, ?, ?)",
                       {n.id, n.relationship_id, req.user_id(), ctx.sealer.Seal(n.text, TextContext(n.id)), n.created_at,
                        n.updated_at}));
  return Json(201, NoteJson(n));
}

Result<Response> Update(Context& ctx, Request& req) {
  RK_ASSIGN_OR_RETURN(std::string text, ReadText(req));
  const std::string id(req.Param("note"));
  RK_ASSIGN_OR_RETURN(auto row, req.db().QueryOne("UPDATE therapist_notes SET text = ?, updated_at = ? WHERE id = ? AND "
                                                  "relationship_id = ? AND therapist_id = ? RETURNING created_at",
                                                  {ctx.sealer.Seal(text, TextContext(id)), req.now, id,
                                                   req.care().relationship_id, req.user_id()}));
  if (!row) return Error::NotFound("There is no such note.");
  return Json(200, NoteJson(Note{id, req.care().relationship_id, std::move(text), row->Int(0), req.now}));
}

Result<Response> Delete(Context&, Request& req) {
  RK_ASSIGN_OR_RETURN(std::int64_t n, req.db().Exec("DELETE FROM therapist_notes WHERE id = ? AND relationship_id = ? AND "
                                                    "therapist_id = ?",
                                                    {std::string(req.Param("note")), req.care().relationship_id,
                                                     req.user_id()}));
  if (n == 0) return Error::NotFound("There is no such note.");
  return Response::NoContent();
}

// Every note the therapist wrote, for their own records system: one JSON file.
Result<Response> Export(Context& ctx, Request& req) {
  RK_ASSIGN_OR_RETURN(auto notes, Notes(ctx, req, ""));
  json::array out;
  for (const Note& n : notes) out.push_back(NoteJson(n));
  Response r = Json(200, json::object{{"exported_at", req.now}, {"notes", std::move(out)}});
  r.With("Content-Disposition", "attachment; filename=\"notes.json\"");
  r.With("Cache-Control", "no-store");
  return r;
}

}  // namespace

void RegisterRoutes(http::Router& router, Context& ctx) {
  using http::Method;
  using http::Policy;
  using http::Work;
  http::RouteTable t(router, ctx);
  // The couple's therapist, while in care and after it ended: notes are theirs to keep.
  const Policy mine = Policy::TherapistOfCouple("");
  t.Add(Method::kGet, "/api/v1/therapist/couples/{id}/notes", mine, Work::kRead, List);
  t.Add(Method::kPost, "/api/v1/therapist/couples/{id}/notes", mine, Work::kWrite, Create);
  t.Add(Method::kPut, "/api/v1/therapist/couples/{id}/notes/{note}", mine, Work::kWrite, Update);
  t.Add(Method::kDelete, "/api/v1/therapist/couples/{id}/notes/{note}", mine, Work::kWrite, Delete);
  t.Add(Method::kGet, "/api/v1/therapist/notes/export", Policy::Therapist(), Work::kRead, Export);
}

Result<std::int64_t> Reseal(db::Connection& c, const crypto::Sealer& s) {
  const db::SealedColumn columns[] = {
      {"SELECT id, text FROM therapist_notes", "UPDATE therapist_notes SET text = ? WHERE id = ? AND text = ?",
       [](const db::Row& r) { return TextContext(r.Text(0)); }},
  };
  return db::ResealColumns(c, s, columns);
}

}  // namespace rk::notes
