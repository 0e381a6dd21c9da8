#include "features/video/routes.hpp"

#include <boost/json.hpp>

#include <algorithm>

#include "features/booking/booking.hpp"
#include "features/booking/sessions.hpp"
#include "features/couples/access.hpp"
#include "features/therapists/directory.hpp"
#include "features/video/repo.hpp"
#include "platform/http/json.hpp"

namespace rk::video {
namespace {

using http::Json;
using http::Request;
using http::Response;
namespace json = boost::json;

struct Participant {
  std::string user_id;
  std::string name;
  std::string_view role;  // kTherapist | kPartner
};

// A session's call as one of its participants sees it.
struct Call {
  booking::Booked session;
  std::vector<Participant> people;  // the therapist first
  std::size_t me = 0;  // the asker's place in people
  const Participant& Me() const { return people[me]; }
  booking::CallWindow window = booking::CallWindow::kNotYet;
  bool therapist_approved = false;  // a suspended or lapsed therapist holds no session
};

// The one authorisation of this feature: the session `{id}` with the asker among its
// participants. Anyone else, and any session not booked, gets the same 404, so whether
// a session exists never leaks. A therapist needs their second factor, as everywhere.
Result<Call> LoadCall(const Request& req) {
  const Error none = Error::NotFound("There is no such session.");
  const std::string id(req.Param("id"));
  if (id.empty() || id.size() > 64) return none;
  RK_ASSIGN_OR_RETURN(auto b, booking::FindBooked(req.db(), id));
  if (!b) return none;
  Call call;
  call.session = std::move(*b);
  RK_ASSIGN_OR_RETURN(auto therapist, therapists::directory::Find(req.db(), call.session.therapist_id));
  call.people.push_back({call.session.therapist_id, therapist ? therapist->profile.full_name : std::string(), kTherapist});
  call.therapist_approved = therapist && therapists::IsMatchable(therapist->status, therapist->verified_until, req.now);
  // The couple as it is now: someone who left it is no longer in its sessions.
  RK_ASSIGN_OR_RETURN(auto members, couples::CurrentMembers(req.db(), call.session.couple_id));
  for (const http::Member& m : members)
    if (call.session.kind == booking::kJoint || m.user_id == call.session.attendee_id)
      call.people.push_back({m.user_id, m.display_name, kPartner});
  const auto mine = std::find_if(call.people.begin(), call.people.end(),
                                 [&](const Participant& p) { return p.user_id == req.user_id(); });
  if (mine == call.people.end()) return none;
  call.me = static_cast<std::size_t>(mine - call.people.begin());
  if (call.Me().role == kTherapist && !req.principal->second_factor)
    return Error{ErrorCode::kPermissionDenied,
                 "Set up your second factor first.",
                 {{"second_factor", "required", "Set up an authenticator app for this account."}},
                 0};
  call.window = booking::CallWindowAt(call.session.starts_at, call.session.ends_at, req.now);
  return call;
}

// The same, and the call open now.
Result<Call> OpenCall(const Request& req) {
  RK_ASSIGN_OR_RETURN(Call call, LoadCall(req));
  if (call.window == booking::CallWindow::kNotYet)
    return Error::Conflict("This call opens 10 minutes before the session starts.");
  if (call.window == booking::CallWindow::kOver) return Error::Conflict("This session is over.");
  if (!call.therapist_approved)
    return Error::Conflict("This session cannot be held now: the therapist is not approved to see people at the moment.");
  return call;
}

std::string_view StateOf(const std::vector<repo::Presence>& presence, const std::string& user_id) {
  for (const repo::Presence& p : presence)
    if (p.user_id == user_id) return p.state;
  return kAbsent;
}

Result<Response> View(Context& ctx, const Request& req, const Call& call) {
  RK_ASSIGN_OR_RETURN(auto presence, repo::ForBooking(req.db(), call.session.id));
  json::array people;
  for (const Participant& p : call.people) {
    json::value since = nullptr;
    for (const repo::Presence& r : presence)
      if (r.user_id == p.user_id) since = r.joined_at;
    people.push_back(json::object{{"id", p.user_id},
                                  {"name", p.name},
                                  {"role", &p == &call.Me() ? std::string_view("me") : p.role},
                                  {"state", StateOf(presence, p.user_id)},
                                  {"since", since}});
  }
  json::array servers;
  for (const IceServer& s : IceServers(ctx.ice, req.user_id(), call.session.ends_at)) {
    json::array urls;
    for (const std::string& u : s.urls) urls.push_back(json::string(u));
    json::object o{{"urls", std::move(urls)}};
    if (!s.username.empty()) {
      o["username"] = s.username;
      o["credential"] = s.credential;
    }
    servers.push_back(std::move(o));
  }
  return Json(200, json::object{{"id", call.session.id},
                                {"kind", call.session.kind},
                                {"starts_at", call.session.starts_at},
                                {"ends_at", call.session.ends_at},
                                {"my_role", call.Me().role},
                                {"participants", std::move(people)},
                                {"ice_servers", std::move(servers)},
                                {"ice_transport_policy", ctx.ice.relay_only ? "relay" : "all"}});
}

// Tells every other participant's connections, once the change is saved, to re-read the call.
void AnnounceAfterCommit(Context& ctx, Request& req, const Call& call) {
  if (!ctx.live) return;
  std::vector<std::string> to;
  for (const Participant& p : call.people)
    if (&p != &call.Me()) to.push_back(p.user_id);
  req.AfterCommit([live = ctx.live, to = std::move(to), frame = live::CallState{call.session.id}] {
    for (const std::string& user : to) live->Relay(user, frame);
  });
}

Result<Response> Get(Context& ctx, Request& req) {
  RK_ASSIGN_OR_RETURN(Call call, OpenCall(req));
  return View(ctx, req, call);
}

Result<Response> Join(Context& ctx, Request& req) {
  RK_ASSIGN_OR_RETURN(Call call, OpenCall(req));
  RK_ASSIGN_OR_RETURN(auto presence, repo::ForBooking(req.db(), call.session.id));
  const std::string_view state = StateOnJoin(call.Me().role, StateOf(presence, call.Me().user_id));
  RK_TRY(repo::Join(req.db(), call.session.id, call.Me().user_id, state, req.now));
  AnnounceAfterCommit(ctx, req, call);
  return View(ctx, req, call);
}

Result<Response> Admit(Context& ctx, Request& req) {
  RK_ASSIGN_OR_RETURN(auto body, http::ParseObject(req, {"person"}));
  http::Fields f(body);
  auto person = f.String("person", true, 1, 64);
  RK_TRY(f.Finish());
  RK_ASSIGN_OR_RETURN(Call call, OpenCall(req));
  if (call.Me().role != kTherapist) return Error::Forbidden("Only the therapist can let people in.");
  const auto it = std::find_if(call.people.begin(), call.people.end(),
                               [&](const Participant& p) { return p.user_id == *person && p.role == kPartner; });
  if (it == call.people.end())
    return Error::Invalid("Name someone in this session.", {{"person", "unknown", "Name someone in this session."}});
  RK_ASSIGN_OR_RETURN(auto presence, repo::ForBooking(req.db(), call.session.id));
  const std::string_view state = StateOf(presence, *person);
  if (!CanAdmit(state)) return Error::Conflict("They aren't waiting to come in.");
  if (state == kWaiting) {
    RK_ASSIGN_OR_RETURN(bool admitted, repo::Admit(req.db(), call.session.id, *person, req.now));
    if (!admitted) return Error::Conflict("They aren't waiting to come in.");
    AnnounceAfterCommit(ctx, req, call);
  }
  return View(ctx, req, call);
}

// Leaving works whenever the call is the person's, open or not: it only ever takes them out.
Result<Response> Leave(Context& ctx, Request& req) {
  RK_ASSIGN_OR_RETURN(Call call, LoadCall(req));
  RK_TRY(repo::Leave(req.db(), call.session.id, call.Me().user_id, req.now));
  AnnounceAfterCommit(ctx, req, call);
  return Response::NoContent();
}

Result<Response> Signal(Context& ctx, Request& req) {
  // Counted per sender before anything is read: a flood costs the server little and
  // takes nothing from anyone else.
  if (const int wait = ctx.signals.RetryAfter(req.user_id(), req.now); wait > 0)
    return Error::RateLimited("Too many call messages at once; slow down.", wait);
  ctx.signals.Hit(req.user_id(), req.now);
  RK_ASSIGN_OR_RETURN(auto body, http::ParseObject(req, {"to", "payload"}));
  http::Fields f(body);
  auto to = f.String("to", true, 1, 64, false);
  const json::value* payload = body.if_contains("payload");
  if (!payload) f.Add("payload", "required", "Send the call message as payload.");
  else if (!payload->is_object()) f.Add("payload", "invalid", "A call message is a JSON object.");
  else if (json::serialize(*payload).size() > kMaxPayloadBytes)
    f.Add("payload", "too_long", "A call message must be at most 12288 bytes.");
  RK_TRY(f.Finish());
  RK_ASSIGN_OR_RETURN(Call call, OpenCall(req));
  RK_ASSIGN_OR_RETURN(auto presence, repo::ForBooking(req.db(), call.session.id));
  if (StateOf(presence, call.Me().user_id) != kAdmitted) return Error::Conflict("You aren't in the call yet.");
  const bool in_call = *to != call.Me().user_id &&
                       std::any_of(call.people.begin(), call.people.end(), [&](const Participant& p) {
                         return p.user_id == *to;
                       }) &&
                       StateOf(presence, *to) == kAdmitted;
  if (!in_call) return Error::Conflict("They aren't in the call.");
  // Ephemeral: to the recipient's connections only, never stored.
  if (ctx.live) ctx.live->Relay(*to, live::CallSignal{call.session.id, call.Me().user_id, *payload});
  return Response::NoContent();
}

// An id as one path segment: anything but letters, digits, '-' and '_' percent-encoded,
// so a frame's session can never reach another route.
std::string PathSegment(std::string_view s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_') {
      out.push_back(static_cast<char>(c));
    } else {
      out += {'%', hex[c >> 4], hex[c & 15]};
    }
  }
  return out;
}

}  // namespace

void RegisterRoutes(http::Router& router, Context& ctx) {
  using http::Method;
  using http::Policy;
  using http::Work;
  http::RouteTable t(router, ctx);
  // Participants are the therapist and partners alike: the policy is signing in, and
  // LoadCall decides who is in the session.
  t.Add(Method::kGet, "/api/v1/video/sessions/{id}", Policy::SignedIn(), Work::kRead, Get);
  t.Add(Method::kPost, "/api/v1/video/sessions/{id}/join", Policy::SignedIn(), Work::kWrite, Join);
  t.Add(Method::kPost, "/api/v1/video/sessions/{id}/admit", Policy::SignedIn(), Work::kWrite, Admit);
  t.Add(Method::kPost, "/api/v1/video/sessions/{id}/leave", Policy::SignedIn(), Work::kWrite, Leave);
  t.Add(Method::kPost, "/api/v1/video/sessions/{id}/signal", Policy::SignedIn(), Work::kRead, Signal);
  // call.signal on a live connection is the same request as POST .../signal.
  if (ctx.live)
    ctx.live->On<live::CallSignalSend>([](const live::CallSignalSend& frame) {
      return live::Forward{"POST", "/api/v1/video/sessions/" + PathSegment(frame.session) + "/signal",
                           json::serialize(json::object{{"to", frame.to}, {"payload", frame.payload}}), ""};
    });
}

}  // namespace rk::video
