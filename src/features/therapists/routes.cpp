#include "features/therapists/routes.hpp"

#include "features/therapists/repo.hpp"
#include "platform/base/timezone.hpp"
#include "platform/http/json.hpp"
#include "platform/log/log.hpp"

namespace rk::therapists {
namespace {

using http::Fields;
using http::Json;
using http::Request;
using http::Response;
namespace json = boost::json;

json::array Array(const std::vector<std::string>& v) {
  json::array out;
  for (const std::string& s : v) out.push_back(json::string(s));
  return out;
}

// The profile as its therapist sees it: ProfileJson (review.hpp) and the currency its
// fee is in (care.currency; the fee is in its minor units).
json::object OwnProfileJson(const Context& ctx, const Stored& s) {
  json::object o = ProfileJson(s);
  o["currency"] = ctx.currency;
  return o;
}
// A list whose entries come from a vocabulary.
std::optional<std::vector<std::string>> ReadWords(Fields& f, std::string_view name, std::span<const std::string_view> words) {
  auto list = f.Strings(name, false, kListMax, 40);
  if (!list) return list;
  for (const std::string& w : *list) {
    if (!InVocabulary(words, w)) {
      f.Add(std::string(name), "unknown", "Choose from the listed options.");
      return std::nullopt;
    }
  }
  return list;
}

// Reads a whole profile (every field optional: a draft may be unfinished).
Result<Profile> ReadProfile(const json::object& body) {
  Fields f(body);
  Profile p;
  if (auto v = f.String("full_name", false, 0, kNameMax)) p.full_name = *v;
  if (auto v = f.String("credential", false, 0, 40)) {
    if (v->empty() || InVocabulary(kCredentials, *v)) p.credential = *v;
    else f.Add("credential", "unknown", "Choose from the listed options.");
  }
  if (auto v = f.String("licence_number", false, 0, kLicenceMax)) p.licence_number = *v;
  if (auto v = f.String("licensing_body", false, 0, kBodyMax)) p.licensing_body = *v;
  if (auto v = f.Strings("jurisdictions", false, kListMax, 6)) {
    for (const std::string& text : *v) {
      if (auto place = ParsePlace(text)) p.jurisdictions.push_back(*place);
      else f.Add("jurisdictions", "invalid", "Write each place as a country code (DE) or a region code (US-CA).");
    }
  }
  if (auto v = f.Strings("languages", false, kListMax, 8)) {
    for (const std::string& tag : *v) {
      const bool ok = IsLanguageTag(tag);
      if (ok) p.languages.push_back(tag);
      else f.Add("languages", "invalid", "Use language codes such as en or es.");
    }
  }
  if (auto v = ReadWords(f, "modalities", kModalities)) p.modalities = *v;
  if (auto v = ReadWords(f, "specialties", kSpecialties)) p.specialties = *v;
  if (auto v = ReadWords(f, "approaches", kApproaches)) p.approaches = *v;
  if (auto v = f.String("gender", false, 0, 20)) {
    if (InVocabulary(kGenders, *v)) p.gender = *v;
    else f.Add("gender", "unknown", "Choose from the listed options.");
  }
  if (auto v = f.String("bio", false, 0, kBioMax)) p.bio = *v;
  if (auto v = f.Int("fee", false, 0, kFeeMax)) p.fee = *v;
  if (auto v = f.Int("session_minutes", false, 15, 180)) p.session_minutes = static_cast<int>(*v);
  if (auto v = f.Int("capacity", false, 0, kCapacityMax)) p.capacity = static_cast<int>(*v);
  if (auto v = f.String("time_zone", false, 1, 64)) {
    if (IsKnownTimeZone(*v)) p.time_zone = *v;
    else f.Add("time_zone", "unknown_time_zone", "Choose a time zone from the list, such as Europe/Berlin.");
  }
  if (auto v = f.Int("cancel_hours", false, 0, 14 * 24)) p.cancel_hours = static_cast<int>(*v);
  if (auto v = f.Int("reschedule_hours", false, 0, 14 * 24)) p.reschedule_hours = static_cast<int>(*v);
  RK_TRY(f.Finish());
  return p;
}

// An empty draft for a therapist who has not written anything yet.
Stored EmptyDraft(const std::string& user_id) {
  Stored s;
  s.user_id = user_id;
  s.status = std::string(kDraft);
  return s;
}

Result<Stored> LoadOwn(const Request& req) {
  RK_ASSIGN_OR_RETURN(auto found, repo::Find(req.db(), req.user_id()));
  return found ? std::move(*found) : EmptyDraft(req.user_id());
}

Result<Response> GetOwnProfile(Context& ctx, Request& req) {
  RK_ASSIGN_OR_RETURN(Stored s, LoadOwn(req));
  return Json(200, OwnProfileJson(ctx, s));
}

// Writes the whole profile. What an operator verified (credential, licence, body,
// jurisdictions) sends an approved profile back to them; the rest changes at once.
Result<Response> PutOwnProfile(Context& ctx, Request& req) {
  RK_ASSIGN_OR_RETURN(auto body, http::ParseObject(req, {"full_name", "credential", "licence_number", "licensing_body",
                                                         "jurisdictions", "languages", "modalities", "specialties",
                                                         "approaches", "gender", "bio", "fee", "session_minutes",
                                                         "capacity", "time_zone", "cancel_hours", "reschedule_hours"}));
  RK_ASSIGN_OR_RETURN(Profile p, ReadProfile(body));
  RK_ASSIGN_OR_RETURN(auto found, repo::Find(req.db(), req.user_id()));
  const bool licence_changed = found && ChangesLicence(found->profile, p);
  const bool reverify = licence_changed && found->status == kApproved;
  if (reverify) RK_TRY(CheckComplete(p));
  RK_TRY(repo::SaveProfile(req.db(), req.user_id(), p, found ? found->status : kDraft, req.now));
  if (reverify) RK_TRY(repo::SetSubmitted(req.db(), req.user_id(), req.now));
  // Suspended, it stays so; but a check recorded before the change no longer counts when
  // an operator reinstates it (a check counts from the last submission on).
  if (licence_changed && found->status == kSuspended) RK_TRY(repo::MarkResubmitted(req.db(), req.user_id(), req.now));
  RK_ASSIGN_OR_RETURN(Stored s, LoadOwn(req));
  return Json(200, OwnProfileJson(ctx, s));
}

// A draft (or a refused profile, changed) goes to the operators.
Result<Response> SubmitOwnProfile(Context& ctx, Request& req) {
  RK_ASSIGN_OR_RETURN(auto found, repo::Find(req.db(), req.user_id()));
  if (!found) return Error::Conflict("Write your profile first.");
  if (found->status != kDraft && found->status != kRefused)
    return Error::Conflict("Your profile is with the operators already.");
  RK_TRY(CheckComplete(found->profile));
  RK_TRY(repo::SetSubmitted(req.db(), req.user_id(), req.now));
  req.AfterCommit([id = req.user_id()] { log::Info("therapist_submitted", {{"user_id", id}}); });
  RK_ASSIGN_OR_RETURN(Stored s, LoadOwn(req));
  return Json(200, OwnProfileJson(ctx, s));
}

Result<Response> PutAvailability(Context& ctx, Request& req) {
  RK_ASSIGN_OR_RETURN(auto body, http::ParseObject(req, {"hours", "days_off"}));
  std::vector<Hours> hours;
  std::vector<std::string> days;
  std::vector<FieldError> errors;
  if (const json::value* v = body.if_contains("hours")) {
    if (!v->is_array()) errors.push_back({"hours", "type", "This must be a list of windows."});
    else {
      for (const json::value& item : v->as_array()) {
        const json::object* o = item.if_object();
        auto num = [&](std::string_view key) -> int {
          const json::value* x = o ? o->if_contains(key) : nullptr;
          return x && x->is_int64() && x->as_int64() >= -1 && x->as_int64() <= 24 * 60 ? static_cast<int>(x->as_int64()) : -1;
        };
        hours.push_back({num("weekday"), num("start_minute"), num("end_minute")});
      }
    }
  }
  Fields f(body);
  if (auto v = f.Strings("days_off", false, kDaysOffMax, 10)) {
    for (const std::string& d : *v) {
      if (Date::Parse(d)) days.push_back(d);
      else f.Add("days_off", "invalid", "Write each day as YYYY-MM-DD.");
    }
  }
  RK_TRY(f.Finish());
  if (!errors.empty()) return Error::Invalid("Some hours are not right.", std::move(errors));
  RK_TRY(CheckHours(hours));
  std::sort(days.begin(), days.end());
  RK_ASSIGN_OR_RETURN(auto found, repo::Find(req.db(), req.user_id()));
  if (!found) return Error::Conflict("Write your profile first.");
  RK_TRY(repo::SaveAvailability(req.db(), req.user_id(), hours, days, req.now));
  RK_ASSIGN_OR_RETURN(Stored s, LoadOwn(req));
  return Json(200, OwnProfileJson(ctx, s));
}

// The photo is the request's body, as image/jpeg or image/png; what is kept is checked
// by its structure and has its metadata removed.
Result<Response> PutPhoto(Context&, Request& req) {
  const std::string_view type = req.Header("content-type");
  if (type != "image/jpeg" && type != "image/png")
    return Error{ErrorCode::kUnsupportedMediaType, "Send the photo as image/jpeg or image/png.", {}, 0};
  RK_ASSIGN_OR_RETURN(Photo photo, CleanPhoto(req.body));
  RK_ASSIGN_OR_RETURN(auto found, repo::Find(req.db(), req.user_id()));
  if (!found) return Error::Conflict("Write your profile first.");
  RK_TRY(repo::SetPhoto(req.db(), req.user_id(), photo, req.now));
  return Json(200, json::object{{"has_photo", true}, {"width", photo.width}, {"height", photo.height}});
}

Result<Response> DeletePhoto(Context&, Request& req) {
  RK_TRY(repo::SetPhoto(req.db(), req.user_id(), std::nullopt, req.now));
  return Response::NoContent();
}

// A therapist's photo: for the therapist, an operator, or anyone signed in once the
// profile is matchable. Served as exactly what it is, never sniffed, never run.
Result<Response> GetPhoto(Context&, Request& req) {
  const std::string id(req.Param("id"));
  const http::Principal& me = *req.principal;
  bool allowed = id == me.user_id || (me.Has(http::Role::kOperator) && me.second_factor);
  if (!allowed) {
    RK_ASSIGN_OR_RETURN(allowed, repo::IsMatchableNow(req.db(), id, req.now));
  }
  if (!allowed) return Error::NotFound("There is no such photo.");
  RK_ASSIGN_OR_RETURN(auto photo, repo::FindPhoto(req.db(), id));
  if (!photo) return Error::NotFound("There is no such photo.");
  Response r{200, photo->content_type, std::move(photo->bytes), {}};
  r.With("Content-Security-Policy", "default-src 'none'; sandbox");
  r.With("Content-Disposition", "inline");
  r.With("Cache-Control", "private, max-age=300");
  return r;
}

}  // namespace

http::json::object ProfileJson(const Stored& s) {
  const Profile& p = s.profile;
  json::array places, hours;
  for (const Place& place : p.jurisdictions) places.push_back(json::string(FormatPlace(place)));
  for (const Hours& h : s.hours)
    hours.push_back(json::object{{"weekday", h.weekday}, {"start_minute", h.start_minute}, {"end_minute", h.end_minute}});
  return {{"status", s.status},
          {"decision_reason", s.decision_reason},
          {"verified_until", s.verified_until ? json::value(*s.verified_until) : json::value(nullptr)},
          {"full_name", p.full_name},
          {"credential", p.credential},
          {"licence_number", p.licence_number},
          {"licensing_body", p.licensing_body},
          {"jurisdictions", std::move(places)},
          {"languages", Array(p.languages)},
          {"modalities", Array(p.modalities)},
          {"specialties", Array(p.specialties)},
          {"approaches", Array(p.approaches)},
          {"gender", p.gender},
          {"bio", p.bio},
          {"fee", p.fee},
          {"session_minutes", p.session_minutes},
          {"capacity", p.capacity},
          {"time_zone", p.time_zone},
          {"cancel_hours", p.cancel_hours},
          {"reschedule_hours", p.reschedule_hours},
          {"hours", std::move(hours)},
          {"days_off", Array(s.days_off)},
          {"has_photo", s.has_photo}};
}

void RegisterRoutes(http::Router& router, Context& ctx) {
  using http::Method;
  using http::Policy;
  using http::Work;
  http::RouteTable t(router, ctx);
  t.Add(Method::kGet, "/api/v1/therapist/profile", Policy::Therapist(), Work::kRead, GetOwnProfile);
  t.Add(Method::kPut, "/api/v1/therapist/profile", Policy::Therapist(), Work::kWrite, PutOwnProfile);
  t.Add(Method::kPost, "/api/v1/therapist/profile/submit", Policy::Therapist(), Work::kWrite, SubmitOwnProfile);
  t.Add(Method::kPut, "/api/v1/therapist/availability", Policy::Therapist(), Work::kWrite, PutAvailability);
  t.Add(Method::kPut, "/api/v1/therapist/photo", Policy::Therapist(), Work::kWrite, PutPhoto);
  t.Add(Method::kDelete, "/api/v1/therapist/photo", Policy::Therapist(), Work::kWrite, DeletePhoto);
  t.Add(Method::kGet, "/api/v1/therapists/{id}/photo", Policy::SignedIn(), Work::kRead, GetPhoto);
}

}  // namespace rk::therapists
