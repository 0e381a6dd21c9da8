#include "features/room/routes.hpp"

#include <algorithm>
#include <map>

#include "features/accounts/people.hpp"
#include "features/care/relationships.hpp"
#include "features/room/repo.hpp"
#include "features/room/room.hpp"
#include "features/therapists/therapists.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/http/json.hpp"

namespace rk::room {
namespace {

using http::Fields;
using http::Json;
using http::Request;
using http::Response;
namespace json = boost::json;

// A room as one person in it sees it.
struct View {
  std::string relationship_id;
  std::string therapist_id;
  bool open = false;
  std::vector<http::Member> partners;  // the couple's partners (for a parted couple: those with a private thread)
  std::string viewer;
  bool therapist = false;  // the viewer is the therapist
  // Names looked up beyond the partners' (the therapist's), once per request.
  mutable std::map<std::string, std::string> names;

  std::vector<std::string> PartnerIds() const {
    std::vector<std::string> out;
    for (const auto& m : partners) out.push_back(m.user_id);
    return out;
  }
  // The thread key from its name in the path: "joint", a partner's "private", or (for
  // the therapist) a partner's id. kNotFound when the viewer is not in it.
  Result<std::string> Key(std::string_view name) const {
    std::string key = name == kJoint ? std::string(kJoint)
                      : !therapist && name == kPrivate ? viewer
                      : therapist ? std::string(name) : std::string();
    const auto members = Members(key, therapist_id, PartnerIds());
    if (key.empty() || std::find(members.begin(), members.end(), viewer) == members.end())
      return Error::NotFound("There is no such thread.");
    return key;
  }
  // Thread `key` as person `who` names it.
  std::string NameFor(const std::string& key, const std::string& who) const {
    if (key == kJoint || who == therapist_id) return key;
    return std::string(kPrivate);
  }
  std::string Role(const std::string& who) const {
    if (who == viewer) return "me";
    if (who == therapist_id) return "therapist";
    return "partner";
  }
};

Result<std::string> DisplayName(Request& req, const View& v, const std::string& who) {
  for (const auto& m : v.partners)
    if (m.user_id == who) return m.display_name;
  if (auto known = v.names.find(who); known != v.names.end()) return known->second;
  RK_ASSIGN_OR_RETURN(auto p, accounts::FindPerson(req.db(), who));
  return v.names[who] = p ? p->display_name : std::string();
}

// The couple's room: their accepted care, or the last that ended after being accepted.
Result<View> CoupleView(Request& req) {
  const http::CoupleRef& couple = req.couple();
  RK_ASSIGN_OR_RETURN(auto r, care::LatestAccepted(req.db(), couple.id));
  if (!r) return Error::NotFound("You have no room with a therapist yet.");
  View v{r->id, r->therapist_id, r->status == care::kAccepted, {couple.me}, req.user_id(), false, {}};
  if (couple.partner) v.partners.push_back(*couple.partner);
  return v;
}

// The therapist's room with the couple of the path's {id} (the policy resolved it).
Result<View> TherapistView(Request& req) {
  const http::CareRef& care = req.care();
  View v{care.relationship_id, req.user_id(), care.open, care.partners, req.user_id(), true, {}};
  if (v.partners.empty()) {
    RK_ASSIGN_OR_RETURN(auto threads, repo::PrivateThreads(req.db(), care.relationship_id));
    for (const std::string& id : threads) {
      RK_ASSIGN_OR_RETURN(auto p, accounts::FindPerson(req.db(), id));
      v.partners.push_back({id, p ? p->display_name : std::string()});
    }
  }
  return v;
}

// Partners read and write only after acknowledging the policy (some version to read,
// the current one to write).
Status CanRead(Request& req, const View& v) {
  if (v.therapist) return {};
  RK_ASSIGN_OR_RETURN(auto acked, repo::Acknowledged(req.db(), v.relationship_id, v.viewer));
  if (acked) return {};
  return NotAcknowledged();
}

Status CheckWrite(Request& req, const View& v) {
  RK_ASSIGN_OR_RETURN(auto policy, repo::FindPolicy(req.db(), v.therapist_id));
  std::optional<std::int64_t> acked;
  if (!v.therapist) {
    RK_ASSIGN_OR_RETURN(acked, repo::Acknowledged(req.db(), v.relationship_id, v.viewer));
  }
  return CanWrite(v.open, policy ? std::optional(policy->version) : std::nullopt, v.therapist, acked);
}

json::value PolicyJson(const std::optional<repo::Policy>& p) {
  if (!p) return nullptr;
  return json::object{{"version", p->version}, {"text", p->text}, {"updated_at", p->updated_at}};
}

Result<Response> Overview(Context&, Request& req, const View& v) {
  RK_ASSIGN_OR_RETURN(auto policy, repo::FindPolicy(req.db(), v.therapist_id));
  RK_ASSIGN_OR_RETURN(std::string therapist_name, DisplayName(req, v, v.therapist_id));
  json::object out{{"relationship_id", v.relationship_id},
                   {"open", v.open},
                   {"therapist", json::object{{"display_name", therapist_name}}},
                   {"policy", PolicyJson(policy)}};
  std::vector<std::string> keys{std::string(kJoint)};
  if (v.therapist) {
    for (const auto& m : v.partners) keys.push_back(m.user_id);
    json::array acks;
    for (const auto& m : v.partners) {
      RK_ASSIGN_OR_RETURN(auto a, repo::Acknowledged(req.db(), v.relationship_id, m.user_id));
      acks.push_back(json::object{{"id", m.user_id}, {"display_name", m.display_name},
                                  {"acknowledged_version", a ? json::value(*a) : json::value(nullptr)}});
    }
    out["partners"] = std::move(acks);
  } else {
    keys.push_back(v.viewer);
    RK_ASSIGN_OR_RETURN(auto a, repo::Acknowledged(req.db(), v.relationship_id, v.viewer));
    out["acknowledged_version"] = a ? json::value(*a) : json::value(nullptr);
  }
  json::array threads;
  for (const std::string& key : keys) {
    RK_ASSIGN_OR_RETURN(std::int64_t unread, repo::Unread(req.db(), v.relationship_id, key, v.viewer));
    json::object t{{"id", v.NameFor(key, v.viewer)}, {"unread", unread}};
    if (v.therapist && key != kJoint) {
      RK_ASSIGN_OR_RETURN(t["display_name"], DisplayName(req, v, key));
    }
    threads.push_back(std::move(t));
  }
  out["threads"] = std::move(threads);
  return Json(200, out);
}

Result<json::object> MessageJson(Request& req, const View& v, const repo::Message& m) {
  RK_ASSIGN_OR_RETURN(std::string name, DisplayName(req, v, m.author_id));
  json::object o{{"id", m.id}, {"author", v.Role(m.author_id)}, {"author_name", name}, {"created_at", m.created_at}};
  if (m.attachment_type) {
    o["text"] = "";
    o["attachment"] = json::object{{"name", m.text}, {"type", *m.attachment_type}, {"size", m.attachment_size}};
  } else {
    o["text"] = m.text;
    o["attachment"] = nullptr;
  }
  return o;
}

// Tells every member of thread `key` (the writer's other tabs included) to reload it.
void Announce(Context& ctx, Request& req, const View& v, const std::string& key) {
  for (const std::string& who : Members(key, v.therapist_id, v.PartnerIds()))
    http::PublishAfterCommit(ctx.live, req, who, live::RoomChanged{v.relationship_id, v.NameFor(key, who)});
}

Result<Response> ListMessages(Context& ctx, Request& req, const View& v) {
  RK_ASSIGN_OR_RETURN(std::string key, v.Key(req.Param("thread")));
  RK_TRY(CanRead(req, v));
  RK_ASSIGN_OR_RETURN(const int limit, http::IntQuery(req, "limit", 50, 1, 200));
  const std::string before = req.QueryParam("before").value_or("");
  if (before.size() > 64) return Error::Invalid("before must be a message id.", {{"before", "invalid", "Use a message id."}});
  RK_ASSIGN_OR_RETURN(auto messages, repo::Messages(req.db(), ctx.sealer, v.relationship_id, key, before, limit));
  json::array out;
  for (const auto& m : messages) {
    RK_ASSIGN_OR_RETURN(json::object o, MessageJson(req, v, m));
    out.push_back(std::move(o));
  }
  // How far each other member has read: read receipts, within the thread only.
  RK_ASSIGN_OR_RETURN(auto reads, repo::Reads(req.db(), v.relationship_id, key));
  json::array read;
  for (const auto& [who, up_to] : reads) {
    if (who == v.viewer) continue;
    RK_ASSIGN_OR_RETURN(std::string name, DisplayName(req, v, who));
    read.push_back(json::object{{"role", v.Role(who)}, {"display_name", name}, {"up_to", up_to}});
  }
  return Json(200, json::object{{"thread", v.NameFor(key, v.viewer)}, {"open", v.open}, {"messages", std::move(out)},
                                {"read", std::move(read)}});
}

Result<Response> Store(Context& ctx, Request& req, const View& v, const std::string& key, repo::Message m,
                       const std::optional<std::string>& attachment) {
  m.id = crypto::NewId(req.now);
  m.thread = key;
  m.author_id = v.viewer;
  m.created_at = req.now;
  const std::optional<std::string> private_to = key == kJoint ? std::nullopt : std::optional(key);
  RK_TRY(repo::InsertMessage(req.db(), ctx.sealer, v.relationship_id, private_to, m, attachment));
  // The writer has read what they wrote.
  RK_TRY(repo::MarkRead(req.db(), v.relationship_id, key, v.viewer, m.id));
  Announce(ctx, req, v, key);
  RK_ASSIGN_OR_RETURN(json::object o, MessageJson(req, v, m));
  return Json(201, o);
}

Result<Response> PostMessage(Context& ctx, Request& req, const View& v) {
  RK_ASSIGN_OR_RETURN(std::string key, v.Key(req.Param("thread")));
  RK_ASSIGN_OR_RETURN(auto body, http::ParseObject(req, {"text"}));
  Fields f(body);
  auto text = f.String("text", true, 1, kMessageMax);
  RK_TRY(f.Finish());
  RK_TRY(CheckWrite(req, v));
  repo::Message m;
  m.text = *text;
  return Store(ctx, req, v, key, std::move(m), std::nullopt);
}

// The attachment is the request's body; its kind is told by its bytes. Images are kept
// without their metadata (a phone's photo can say where it was taken).
Result<Response> PostAttachment(Context& ctx, Request& req, const View& v) {
  RK_ASSIGN_OR_RETURN(std::string key, v.Key(req.Param("thread")));
  const std::string_view type = req.Header("content-type");
  if (type != "application/pdf" && type != "image/jpeg" && type != "image/png")
    return Error{ErrorCode::kUnsupportedMediaType, "Attach a PDF, a JPEG or a PNG.", {}, 0};
  RK_TRY(CheckWrite(req, v));
  RK_ASSIGN_OR_RETURN(Kind kind, Sniff(req.body));
  repo::Message m;
  m.text = CleanName(req.QueryParam("name").value_or("attachment"));
  std::string bytes;
  if (kind == Kind::kImage) {
    RK_ASSIGN_OR_RETURN(therapists::Photo photo, therapists::CleanPhoto(req.body));
    m.attachment_type = photo.content_type;
    bytes = std::move(photo.bytes);
  } else {
    m.attachment_type = "application/pdf";
    bytes = req.body;
  }
  m.attachment_size = static_cast<std::int64_t>(bytes.size());
  return Store(ctx, req, v, key, std::move(m), bytes);
}

Result<Response> MarkRead(Context& ctx, Request& req, const View& v) {
  RK_ASSIGN_OR_RETURN(std::string key, v.Key(req.Param("thread")));
  RK_ASSIGN_OR_RETURN(auto body, http::ParseObject(req, {"up_to"}));
  Fields f(body);
  auto up_to = f.String("up_to", true, 1, 64);
  RK_TRY(f.Finish());
  RK_TRY(CanRead(req, v));
  RK_ASSIGN_OR_RETURN(auto m, repo::FindMessage(req.db(), ctx.sealer, v.relationship_id, *up_to));
  if (!m || m->thread != key) return Error::NotFound("There is no such message.");
  RK_ASSIGN_OR_RETURN(bool moved, repo::MarkRead(req.db(), v.relationship_id, key, v.viewer, *up_to));
  // Only news is announced: a page that marks what it shows on every reload does not set
  // off another reload elsewhere.
  if (moved) Announce(ctx, req, v, key);
  return Response::NoContent();
}

// An attachment, for the members of its thread: served as exactly what it is, never
// sniffed, never run, never cached.
Result<Response> GetAttachment(Context& ctx, Request& req, const View& v) {
  RK_ASSIGN_OR_RETURN(auto m, repo::FindMessage(req.db(), ctx.sealer, v.relationship_id, std::string(req.Param("message"))));
  if (!m || !m->attachment_type) return Error::NotFound("There is no such attachment.");
  const auto members = Members(m->thread, v.therapist_id, v.PartnerIds());
  if (std::find(members.begin(), members.end(), v.viewer) == members.end())
    return Error::NotFound("There is no such attachment.");
  RK_TRY(CanRead(req, v));
  RK_ASSIGN_OR_RETURN(auto bytes, repo::Attachment(req.db(), ctx.sealer, m->id));
  if (!bytes) return Error::NotFound("There is no such attachment.");
  Response r{200, *m->attachment_type, std::move(*bytes), {}};
  r.With("Content-Security-Policy", "default-src 'none'; sandbox");
  const bool pdf = *m->attachment_type == "application/pdf";
  r.With("Content-Disposition", std::string(pdf ? "attachment" : "inline") + "; filename=\"" +
                                    (pdf ? "attachment.pdf" : "image") + "\"");
  r.With("Cache-Control", "no-store");
  return r;
}

// --- the couple's side --------------------------------------------------------------------

template <Result<Response> (*F)(Context&, Request&, const View&)>
Result<Response> AsPartner(Context& ctx, Request& req) {
  RK_ASSIGN_OR_RETURN(View v, CoupleView(req));
  return F(ctx, req, v);
}
template <Result<Response> (*F)(Context&, Request&, const View&)>
Result<Response> AsTherapist(Context& ctx, Request& req) {
  RK_ASSIGN_OR_RETURN(View v, TherapistView(req));
  return F(ctx, req, v);
}

// A partner acknowledges the version of the policy they read (409 if it changed since).
Result<Response> Acknowledge(Context& ctx, Request& req) {
  RK_ASSIGN_OR_RETURN(auto body, http::ParseObject(req, {"version"}));
  Fields f(body);
  auto version = f.Int("version", true, 1, std::int64_t{1} << 40);
  RK_TRY(f.Finish());
  RK_ASSIGN_OR_RETURN(View v, CoupleView(req));
  RK_ASSIGN_OR_RETURN(auto policy, repo::FindPolicy(req.db(), v.therapist_id));
  if (!policy || policy->version != *version)
    return Error::Conflict("The policy has changed since you read it; read it again.");
  RK_TRY(repo::Acknowledge(req.db(), v.relationship_id, v.viewer, *version, req.now));
  return Overview(ctx, req, v);
}

// --- the therapist's policy ---------------------------------------------------------------

Result<Response> GetPolicy(Context&, Request& req) {
  RK_ASSIGN_OR_RETURN(auto policy, repo::FindPolicy(req.db(), req.user_id()));
  return Json(200, json::object{{"policy", PolicyJson(policy)}});
}

// Each change is a new version: partners read and acknowledge it again before writing.
Result<Response> PutPolicy(Context&, Request& req) {
  RK_ASSIGN_OR_RETURN(auto body, http::ParseObject(req, {"text"}));
  Fields f(body);
  auto text = f.String("text", true, 1, kPolicyMax);
  RK_TRY(f.Finish());
  RK_ASSIGN_OR_RETURN(auto current, repo::FindPolicy(req.db(), req.user_id()));
  if (current && current->text == *text) return Json(200, json::object{{"policy", PolicyJson(current)}});
  RK_ASSIGN_OR_RETURN(repo::Policy p, repo::SavePolicy(req.db(), req.user_id(), *text, req.now));
  return Json(200, json::object{{"policy", PolicyJson(p)}});
}

}  // namespace

void RegisterRoutes(http::Router& router, Context& ctx) {
  using http::Method;
  using http::Policy;
  using http::Work;
  http::RouteTable t(router, ctx);
  t.Add(Method::kGet, "/api/v1/room", Policy::CoupleMember(), Work::kRead, AsPartner<Overview>);
  t.Add(Method::kPost, "/api/v1/room/acknowledge", Policy::CoupleMember(), Work::kWrite, Acknowledge);
  t.Add(Method::kGet, "/api/v1/room/threads/{thread}/messages", Policy::CoupleMember(), Work::kRead,
        AsPartner<ListMessages>);
  t.Add(Method::kPost, "/api/v1/room/threads/{thread}/messages", Policy::CoupleMember(), Work::kWrite,
        AsPartner<PostMessage>);
  t.Add(Method::kPost, "/api/v1/room/threads/{thread}/attachments", Policy::CoupleMember(), Work::kWrite,
        AsPartner<PostAttachment>);
  t.Add(Method::kPost, "/api/v1/room/threads/{thread}/read", Policy::CoupleMember(), Work::kWrite, AsPartner<MarkRead>);
  t.Add(Method::kGet, "/api/v1/room/attachments/{message}", Policy::CoupleMember(), Work::kRead, AsPartner<GetAttachment>);

  t.Add(Method::kGet, "/api/v1/therapist/room-policy", Policy::Therapist(), Work::kRead, GetPolicy);
  t.Add(Method::kPut, "/api/v1/therapist/room-policy", Policy::Therapist(), Work::kWrite, PutPolicy);
  const Policy mine = Policy::TherapistOfCouple("");
  t.Add(Method::kGet, "/api/v1/therapist/couples/{id}/room", mine, Work::kRead, AsTherapist<Overview>);
  t.Add(Method::kGet, "/api/v1/therapist/couples/{id}/room/threads/{thread}/messages", mine, Work::kRead,
        AsTherapist<ListMessages>);
  t.Add(Method::kPost, "/api/v1/therapist/couples/{id}/room/threads/{thread}/messages", mine, Work::kWrite,
        AsTherapist<PostMessage>);
  t.Add(Method::kPost, "/api/v1/therapist/couples/{id}/room/threads/{thread}/attachments", mine, Work::kWrite,
        AsTherapist<PostAttachment>);
  t.Add(Method::kPost, "/api/v1/therapist/couples/{id}/room/threads/{thread}/read", mine, Work::kWrite,
        AsTherapist<MarkRead>);
  t.Add(Method::kGet, "/api/v1/therapist/couples/{id}/room/attachments/{message}", mine, Work::kRead,
        AsTherapist<GetAttachment>);
}

Result<std::int64_t> Reseal(db::Connection& c, const crypto::Sealer& s) { return repo::Reseal(c, s); }

}  // namespace rk::room
