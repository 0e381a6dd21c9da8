#include "features/booking/routes.hpp"

#include <boost/json.hpp>

#include "features/accounts/people.hpp"
#include "features/booking/repo.hpp"
#include "features/care/relationships.hpp"
#include "features/couples/access.hpp"
#include "features/therapists/directory.hpp"
#include "platform/audit/audit.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/http/json.hpp"

namespace rk::booking {
namespace {

using http::Fields;
using http::Json;
using http::Request;
using http::Response;
namespace json = boost::json;

constexpr std::string_view kRemindJob = "booking.remind";
constexpr Millis kRemindBefore = kDay;
constexpr int kDefaultDays = 14;
// Sessions a person may have booked at once (together and their own alone): enough for
// weekly sessions and a few alone, too few to hold a therapist's weeks.
constexpr std::int64_t kMaxUpcoming = 8;

// The same words whatever keeps sessions together closed (docs/care.md).
Error JointUnavailable() { return Error::Conflict("Sessions together aren't available right now."); }

std::shared_ptr<const TimeZone> ZoneOr(const std::string& name) {
  auto z = TimeZone::Load(name);
  if (z.ok()) return *z;
  return *TimeZone::Load("UTC");
}

Availability AvailabilityOf(const therapists::Stored& t) {
  return {t.hours, t.days_off, t.profile.session_minutes};
}

// What booking needs of the couple: their accepted relationship and its therapist,
// approved and verified now.
struct CoupleCare {
  care::Relationship relationship;
  therapists::Stored therapist;
};

Result<CoupleCare> LoadCare(const Request& req) {
  RK_ASSIGN_OR_RETURN(auto r, care::CurrentRelationship(req.db(), req.couple().id));
  if (!r || r->status != care::kAccepted) return Error::Conflict("You can book once a therapist has taken you on.");
  RK_ASSIGN_OR_RETURN(auto t, therapists::directory::Find(req.db(), r->therapist_id));
  if (!t || !therapists::IsMatchable(t->status, t->verified_until, req.now))
    return Error::Conflict("Your therapist can't take bookings right now.");
  return CoupleCare{std::move(*r), std::move(*t)};
}

Result<std::string> MyZone(const Request& req) {
  RK_ASSIGN_OR_RETURN(auto me, accounts::FindPerson(req.db(), req.user_id()));
  return me ? me->time_zone : std::string("UTC");
}

// A session's therapist as its listing shows them: their name, and whether they may hold
// sessions now (approved and verified: a suspended or lapsed therapist's calls stay shut).
struct SessionTherapist {
  std::string name;
  bool can_meet = false;
};
SessionTherapist TherapistOf(const therapists::Stored& t, Millis now) {
  return {t.profile.full_name, therapists::IsMatchable(t.status, t.verified_until, now)};
}

json::object SessionJson(const Booking& b, const TimeZone& mine, const SessionTherapist& therapist, Millis now) {
  return {{"id", b.id},
          {"kind", b.kind},
          {"starts_at", b.starts_at},
          {"ends_at", b.ends_at},
          {"local_start", LocalText(b.starts_at, mine)},
          {"local_end", LocalText(b.ends_at, mine)},
          {"therapist_id", b.therapist_id},
          {"therapist_name", therapist.name},
          {"booked_by_me", false},
          {"call_open", therapist.can_meet && CallWindowAt(b.starts_at, b.ends_at, now) == CallWindow::kOpen}};
}

Status EnqueueReminder(db::Connection& c, const Booking& b, Millis now) {
  RK_TRY(jobs::Enqueue(c,
                       {.kind = std::string(kRemindJob),
                        .payload = json::serialize(json::object{{"booking_id", b.id}, {"starts_at", b.starts_at}}),
                        .due_at = std::max(now, b.starts_at - kRemindBefore),
                        .idempotency_key = b.id + ":" + std::to_string(b.starts_at)},
                       now));
  return {};
}

// ?days=N, 1 to kDaysAhead (default kDefaultDays).
Result<int> ReadDays(const Request& req) {
  auto d = req.QueryParam("days");
  if (!d) return kDefaultDays;
  const bool digits = !d->empty() && d->size() <= 2 &&
                      std::all_of(d->begin(), d->end(), [](char c) { return c >= '0' && c <= '9'; });
  if (!digits || std::stoi(*d) < 1 || std::stoi(*d) > kDaysAhead)
    return Error::Invalid("Ask for 1 to 60 days.", {{"days", "invalid", "Ask for 1 to 60 days."}});
  return std::stoi(*d);
}

// GET /api/v1/care/slots?days=N: the therapist's free slots for the next N days, in the
// asker's zone (and the therapist's).
Result<Response> GetSlots(Context&, Request& req) {
  RK_ASSIGN_OR_RETURN(int days, ReadDays(req));
  RK_ASSIGN_OR_RETURN(CoupleCare care, LoadCare(req));
  RK_ASSIGN_OR_RETURN(std::string my_zone_name, MyZone(req));
  const auto theirs = ZoneOr(care.therapist.profile.time_zone);
  const auto mine = ZoneOr(my_zone_name);
  const Millis to = req.now + days * kDay;
  RK_ASSIGN_OR_RETURN(auto busy, repo::BusyBetween(req.db(), care.therapist.user_id, req.now - kDay, to + kDay));
  json::array slots;
  for (Millis s : Slots(AvailabilityOf(care.therapist), *theirs, req.now, to, req.now, busy)) {
    slots.push_back(json::object{{"starts_at", s},
                                 {"ends_at", s + care.therapist.profile.session_minutes * kMinute},
                                 {"local_start", LocalText(s, *mine)},
                                 {"therapist_local_start", LocalText(s, *theirs)}});
  }
  return Json(200, json::object{{"time_zone", my_zone_name},
                                {"therapist_time_zone", care.therapist.profile.time_zone},
                                {"session_minutes", care.therapist.profile.session_minutes},
                                {"joint_available", care.relationship.joint_open_at.has_value()},
                                {"slots", std::move(slots)}});
}

// Books a session: together (either partner, once the therapist opened them) or alone.
Result<Response> PostBooking(Context&, Request& req) {
  RK_ASSIGN_OR_RETURN(auto body, http::ParseObject(req, {"starts_at", "kind"}));
  Fields f(body);
  auto starts_at = f.Int("starts_at", true, 0, std::int64_t{1} << 50);
  auto kind = f.String("kind", true, 1, 20);
  if (kind && *kind != kJoint && *kind != kIndividual) f.Add("kind", "unknown", "Choose a session together or alone.");
  RK_TRY(f.Finish());
  RK_ASSIGN_OR_RETURN(CoupleCare care, LoadCare(req));
  if (*kind == kJoint && !care.relationship.joint_open_at) return JointUnavailable();
  if (*starts_at > req.now + kDaysAhead * kDay) return Error::Conflict("Choose a time within the next 60 days.");
  RK_ASSIGN_OR_RETURN(std::int64_t upcoming, repo::CountUpcoming(req.db(), req.couple().id, req.user_id(), req.now));
  if (upcoming >= kMaxUpcoming)
    return Error::Conflict("You have as many sessions booked as you can have at once; cancel one to book another.");
  const therapists::Stored& t = care.therapist;
  RK_TRY(repo::LockTherapist(req.db(), t.user_id));
  RK_ASSIGN_OR_RETURN(auto busy, repo::BusyBetween(req.db(), t.user_id, *starts_at - 2 * kDay, *starts_at + 2 * kDay));
  if (!IsSlot(AvailabilityOf(t), *ZoneOr(t.profile.time_zone), *starts_at, req.now, busy))
    return Error::Conflict("This time isn't free any more; choose another.");
  Booking b;
  b.id = crypto::NewId(req.now);
  b.therapist_id = t.user_id;
  b.relationship_id = care.relationship.id;
  b.couple_id = req.couple().id;
  b.kind = *kind;
  b.attendee_id = *kind == kIndividual ? req.user_id() : std::string();
  b.booked_by = req.user_id();
  b.starts_at = *starts_at;
  b.ends_at = *starts_at + t.profile.session_minutes * kMinute;
  b.status = std::string(kBooked);
  b.created_at = req.now;
  RK_ASSIGN_OR_RETURN(bool inserted, repo::Insert(req.db(), b));
  if (!inserted) return Error::Conflict("This time isn't free any more; choose another.");
  RK_TRY(EnqueueReminder(req.db(), b, req.now));
  RK_ASSIGN_OR_RETURN(std::string zone, MyZone(req));
  json::object out = SessionJson(b, *ZoneOr(zone), TherapistOf(t, req.now), req.now);
  out["booked_by_me"] = true;
  return Json(201, out);
}

// Upcoming sessions the asker may see: the couple's together, and their own alone.
Result<Response> ListBookings(Context&, Request& req) {
  RK_ASSIGN_OR_RETURN(auto all, repo::ForCouple(req.db(), req.couple().id, req.user_id(), req.now, 200));
  RK_ASSIGN_OR_RETURN(std::string zone_name, MyZone(req));
  const auto zone = ZoneOr(zone_name);
  std::map<std::string, SessionTherapist> therapists;
  json::array out;
  for (const Booking& b : all) {
    if (!therapists.contains(b.therapist_id)) {
      RK_ASSIGN_OR_RETURN(auto t, therapists::directory::Find(req.db(), b.therapist_id));
      therapists[b.therapist_id] = t ? TherapistOf(*t, req.now) : SessionTherapist{};
    }
    json::object o = SessionJson(b, *zone, therapists[b.therapist_id], req.now);
    o["booked_by_me"] = b.booked_by == req.user_id();
    out.push_back(std::move(o));
  }
  return Json(200, json::object{{"time_zone", zone_name}, {"sessions", std::move(out)}});
}

// A session of the asker's couple that they may see, or 404 (another couple's, or the
// partner's session alone, look the same as none).
Result<Booking> VisibleBooking(const Request& req) {
  RK_ASSIGN_OR_RETURN(auto b, repo::Find(req.db(), std::string(req.Param("id"))));
  if (!b || b->couple_id != req.couple().id || !b->VisibleTo(req.user_id()) || b->status != kBooked)
    return Error::NotFound("There is no such session.");
  return std::move(*b);
}

Result<Response> CancelBooking(Context&, Request& req) {
  RK_ASSIGN_OR_RETURN(Booking b, VisibleBooking(req));
  RK_ASSIGN_OR_RETURN(auto t, therapists::directory::Find(req.db(), b.therapist_id));
  const int hours = t ? t->profile.cancel_hours : 24;
  if (!InWindow(b.starts_at, hours, req.now))
    return Error::Conflict("It's too late to cancel this session here; please tell your therapist.");
  RK_ASSIGN_OR_RETURN(bool cancelled, repo::Cancel(req.db(), b.id, req.user_id(), req.now));
  if (!cancelled) return Error::NotFound("There is no such session.");
  return Response::NoContent();
}

// Moves a session to another free slot, within the therapist's window.
Result<Response> MoveBooking(Context&, Request& req) {
  RK_ASSIGN_OR_RETURN(auto body, http::ParseObject(req, {"starts_at"}));
  Fields f(body);
  auto starts_at = f.Int("starts_at", true, 0, std::int64_t{1} << 50);
  RK_TRY(f.Finish());
  RK_ASSIGN_OR_RETURN(Booking b, VisibleBooking(req));
  RK_ASSIGN_OR_RETURN(CoupleCare care, LoadCare(req));
  const therapists::Stored& t = care.therapist;
  if (b.therapist_id != t.user_id) return Error::Conflict("This session is with a therapist you no longer see.");
  if (!InWindow(b.starts_at, t.profile.reschedule_hours, req.now))
    return Error::Conflict("It's too late to move this session here; please tell your therapist.");
  if (b.kind == kJoint && !care.relationship.joint_open_at) return JointUnavailable();
  if (*starts_at > req.now + kDaysAhead * kDay) return Error::Conflict("Choose a time within the next 60 days.");
  RK_TRY(repo::LockTherapist(req.db(), t.user_id));
  RK_ASSIGN_OR_RETURN(auto busy,
                      repo::BusyBetween(req.db(), t.user_id, *starts_at - 2 * kDay, *starts_at + 2 * kDay, b.id));
  if (!IsSlot(AvailabilityOf(t), *ZoneOr(t.profile.time_zone), *starts_at, req.now, busy))
    return Error::Conflict("This time isn't free any more; choose another.");
  const Millis ends_at = *starts_at + t.profile.session_minutes * kMinute;
  RK_ASSIGN_OR_RETURN(bool moved, repo::Move(req.db(), b.id, b.starts_at, *starts_at, ends_at));
  if (!moved) return Error::Conflict("This time isn't free any more; choose another.");
  b.starts_at = *starts_at;
  b.ends_at = ends_at;
  RK_TRY(EnqueueReminder(req.db(), b, req.now));
  RK_ASSIGN_OR_RETURN(std::string zone, MyZone(req));
  json::object out = SessionJson(b, *ZoneOr(zone), TherapistOf(t, req.now), req.now);
  out["booked_by_me"] = b.booked_by == req.user_id();
  return Json(200, out);
}

// --- the therapist's schedule ---------------------------------------------------------------

Result<Response> GetSchedule(Context&, Request& req) {
  RK_ASSIGN_OR_RETURN(int days, ReadDays(req));
  RK_ASSIGN_OR_RETURN(auto me, therapists::directory::Find(req.db(), req.user_id()));
  const std::string zone_name = me ? me->profile.time_zone : std::string("UTC");
  const auto zone = ZoneOr(zone_name);
  const bool can_meet = me && TherapistOf(*me, req.now).can_meet;
  RK_ASSIGN_OR_RETURN(auto sessions, repo::ForTherapist(req.db(), req.user_id(), req.now, req.now + days * kDay));
  std::map<std::string, std::vector<http::Member>> couples;
  json::array out;
  for (const Booking& b : sessions) {
    if (!couples.contains(b.couple_id)) {
      RK_ASSIGN_OR_RETURN(couples[b.couple_id], couples::CurrentMembers(req.db(), b.couple_id));
    }
    json::array who;
    for (const http::Member& m : couples[b.couple_id])
      if (b.kind == kJoint || m.user_id == b.attendee_id) who.push_back(json::string(m.display_name));
    out.push_back(json::object{{"id", b.id},
                               {"kind", b.kind},
                               {"relationship_id", b.relationship_id},
                               {"starts_at", b.starts_at},
                               {"ends_at", b.ends_at},
                               {"local_start", LocalText(b.starts_at, *zone)},
                               {"call_open", can_meet && CallWindowAt(b.starts_at, b.ends_at, req.now) == CallWindow::kOpen},
                               {"with", std::move(who)}});
  }
  return Json(200, json::object{{"time_zone", zone_name}, {"sessions", std::move(out)}});
}

// The therapist cancels a session, at any time before it starts. Audited.
Result<Response> TherapistCancel(Context&, Request& req) {
  RK_ASSIGN_OR_RETURN(auto b, repo::Find(req.db(), std::string(req.Param("id"))));
  if (!b || b->therapist_id != req.user_id() || b->status != kBooked) return Error::NotFound("There is no such session.");
  if (b->starts_at <= req.now) return Error::Conflict("This session has begun.");
  RK_ASSIGN_OR_RETURN(bool cancelled, repo::Cancel(req.db(), b->id, req.user_id(), req.now));
  if (!cancelled) return Error::NotFound("There is no such session.");
  RK_TRY(audit::Append(req.db(), {req.user_id(), "booking.cancel", "booking", b->id, "", req.request_id}, req.now));
  return Response::NoContent();
}

// A day before a session (or at once), an e-mail to whoever it is for, in their zone and
// language. Does nothing for a session cancelled or moved since (a moved one has its own
// job).
Status Remind(Context& ctx, db::Connection& c, const jobs::Job& job) {
  if (!ctx.mailer) return {};
  boost::system::error_code ec;
  json::value v = json::parse(job.payload, ec);
  const json::object* o = ec ? nullptr : v.if_object();
  if (!o || !o->contains("booking_id") || !o->at("booking_id").is_string() || !o->contains("starts_at") ||
      !o->at("starts_at").is_int64())
    return Error::Internal("booking: a reminder's payload is not readable");
  RK_ASSIGN_OR_RETURN(auto b, repo::Find(c, std::string(o->at("booking_id").as_string())));
  if (!b || b->status != kBooked || b->starts_at != o->at("starts_at").as_int64() || b->starts_at <= job.started_at)
    return {};
  RK_ASSIGN_OR_RETURN(auto members, couples::CurrentMembers(c, b->couple_id));
  for (const http::Member& m : members) {
    if (!b->VisibleTo(m.user_id)) continue;
    RK_ASSIGN_OR_RETURN(auto person, accounts::FindPerson(c, m.user_id));
    if (!person) continue;
    const std::string local = LocalText(b->starts_at, *ZoneOr(person->time_zone));
    RK_TRY(ctx.mailer->Enqueue(c,
                               {.to = "user:" + m.user_id,
                                .template_name = "session_reminder",
                                .vars = {{"date", local.substr(0, 10)},
                                         {"time", local.substr(11)},
                                         {"minutes", std::to_string((b->ends_at - b->starts_at) / kMinute)}},
                                .not_after = b->starts_at,
                                .idempotency_key = "session:" + b->id + ":" + std::to_string(b->starts_at) + ":" + m.user_id},
                               job.started_at));
  }
  return {};
}

}  // namespace

void RegisterRoutes(http::Router& router, Context& ctx) {
  using http::Method;
  using http::Policy;
  using http::Work;
  http::RouteTable t(router, ctx);
  t.Add(Method::kGet, "/api/v1/care/slots", Policy::CoupleMember(), Work::kRead, GetSlots);
  t.Add(Method::kPost, "/api/v1/care/bookings", Policy::CoupleMember(), Work::kWrite, PostBooking);
  t.Add(Method::kGet, "/api/v1/care/bookings", Policy::CoupleMember(), Work::kRead, ListBookings);
  t.Add(Method::kDelete, "/api/v1/care/bookings/{id}", Policy::CoupleMember(), Work::kWrite, CancelBooking);
  t.Add(Method::kPatch, "/api/v1/care/bookings/{id}", Policy::CoupleMember(), Work::kWrite, MoveBooking);
  t.Add(Method::kGet, "/api/v1/therapist/schedule", Policy::Therapist(), Work::kRead, GetSchedule);
  t.Add(Method::kPost, "/api/v1/therapist/bookings/{id}/cancel", Policy::Therapist(), Work::kWrite, TherapistCancel);
}

void RegisterJobs(jobs::Queue& queue, Context& ctx) {
  queue.Register(std::string(kRemindJob), [&ctx](db::Connection& c, const jobs::Job& job) { return Remind(ctx, c, job); });
}

}  // namespace rk::booking
