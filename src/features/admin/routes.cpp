#include "features/admin/routes.hpp"

#include <charconv>
#include <map>

#include "features/accounts/accounts.hpp"
#include "features/accounts/operator.hpp"
#include "features/admin/admin.hpp"
#include "features/therapists/review.hpp"
#include "platform/audit/audit.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/http/json.hpp"
#include "platform/log/log.hpp"

namespace rk::admin {
namespace {

using http::Fields;
using http::Json;
using http::Request;
using http::Response;
using therapists::Stored;
using therapists::Verification;
namespace json = boost::json;
namespace review = therapists::review;

constexpr std::string_view kStatuses[] = {therapists::kDraft, therapists::kSubmitted, therapists::kApproved,
                                          therapists::kRefused, therapists::kSuspended};

json::value OptJson(const std::optional<std::string>& v) { return v ? json::value(*v) : json::value(nullptr); }
json::value OptTime(const std::optional<Millis>& t) { return t ? json::value(FormatRfc3339(*t)) : json::value(nullptr); }

// --- effects every change shares ---------------------------------------------------------

// Appends what the operator did to the audit log, in the request's transaction.
Status Audit(Request& req, std::string action, std::string object_type, std::string object_id, std::string detail) {
  return audit::Append(req.db(),
                       {req.user_id(), std::move(action), std::move(object_type), std::move(object_id), std::move(detail),
                        req.request_id},
                       req.now);
}

// E-mails account `user_id` in their language once the request commits.
Status Mail(Context& ctx, Request& req, const std::string& user_id, std::string template_name, mail::Vars vars = {}) {
  RK_TRY(ctx.mailer->Enqueue(req.db(), {.to = "user:" + user_id, .template_name = std::move(template_name), .vars = std::move(vars)},
                             req.now));
  req.AfterCommit([&ctx] {
    if (ctx.wake_jobs) ctx.wake_jobs();
  });
  return {};
}

// --- therapists ------------------------------------------------------------------------

Result<Stored> LoadProfile(const Request& req) {
  RK_ASSIGN_OR_RETURN(auto found, review::Find(req.db(), std::string(req.Param("id"))));
  if (!found) return Error::NotFound("There is no such profile.");
  return std::move(*found);
}

json::object SummaryJson(const therapists::Summary& s, Millis now) {
  json::array places;
  for (const therapists::Place& p : s.jurisdictions) places.push_back(json::string(therapists::FormatPlace(p)));
  return {{"id", s.user_id},
          {"status", s.status},
          {"full_name", s.full_name},
          {"credential", s.credential},
          {"jurisdictions", std::move(places)},
          {"submitted_at", OptTime(s.submitted_at)},
          {"verified_until", OptJson(s.verified_until)},
          {"verification_ended", VerificationEnded(s.status, s.verified_until, now)}};
}

Result<Response> ListTherapists(Context&, Request& req) {
  const std::string status = req.QueryParam("status").value_or(std::string(therapists::kSubmitted));
  if (!therapists::InVocabulary(kStatuses, status))
    return Error::Invalid("Please correct the highlighted fields.",
                          {{"status", "unknown", "Choose draft, submitted, approved, refused or suspended."}});
  RK_ASSIGN_OR_RETURN(const int limit, http::IntQuery(req, "limit", 50, 1, 100));
  std::optional<therapists::PageKey> after;
  if (auto text = req.QueryParam("after")) {
    after = ParsePageKey(*text);
    if (!after) return Error::Invalid("Please correct the highlighted fields.", {{"after", "invalid", "Start from a page this list gave."}});
  }
  // One more than asked tells whether another page follows.
  RK_ASSIGN_OR_RETURN(auto rows, review::List(req.db(), status, after, limit + 1));
  json::value next = nullptr;
  if (rows.size() > static_cast<std::size_t>(limit)) {
    rows.resize(limit);
    next = json::string(FormatPageKey({rows.back().submitted_at.value_or(0), rows.back().user_id}));
  }
  json::array out;
  for (const therapists::Summary& s : rows) out.push_back(SummaryJson(s, req.now));
  return Json(200, json::object{{"status", status}, {"therapists", std::move(out)}, {"next", std::move(next)}});
}

// Everything an operator sees of one profile: what the therapist wrote, its status, the
// account's e-mail, and the verifications recorded (the newest since the last submission
// is the one an approval rests on: `current`).
Result<Response> Detail(Request& req, int status) {
  RK_ASSIGN_OR_RETURN(Stored s, LoadProfile(req));
  RK_ASSIGN_OR_RETURN(auto email, accounts::EmailOf(req.db(), s.user_id));
  RK_ASSIGN_OR_RETURN(auto verifications, review::Verifications(req.db(), s.user_id));
  const auto current = NewestSince(verifications, s.submitted_at);
  json::array list;
  for (const Verification& v : verifications)
    list.push_back(json::object{{"id", v.id},
                                {"licensing_body", v.licensing_body},
                                {"verified_on", v.verified_on},
                                {"reference", v.reference},
                                {"expires_on", v.expires_on},
                                {"recorded_at", FormatRfc3339(v.recorded_at)},
                                {"operator_id", v.operator_id},
                                {"current", current && current->id == v.id},
                                {"running", Running(v, req.now)}});
  json::object out = therapists::ProfileJson(s);
  out["id"] = s.user_id;
  out["email"] = OptJson(email);
  out["submitted_at"] = OptTime(s.submitted_at);
  out["decided_at"] = OptTime(s.decided_at);
  out["matchable"] = therapists::IsMatchable(s.status, s.verified_until, req.now);
  out["verification_ended"] = VerificationEnded(s.status, s.verified_until, req.now);
  out["verifications"] = std::move(list);
  return Json(status, out);
}

Result<Response> GetTherapist(Context&, Request& req) { return Detail(req, 200); }

Result<Response> RecordVerification(Context&, Request& req) {
  RK_ASSIGN_OR_RETURN(auto body, http::ParseObject(req, {"licensing_body", "verified_on", "reference", "expires_on"}));
  Fields f(body);
  auto licensing_body = f.String("licensing_body", true, 1, therapists::kBodyMax);
  auto reference = f.String("reference", true, 1, kReferenceMax);
  auto verified_on = f.String("verified_on", true, 1, 10);
  auto expires_on = f.String("expires_on", true, 1, 10);
  if (verified_on && expires_on)
    for (FieldError& e : CheckVerificationDates(*verified_on, *expires_on, req.now))
      f.Add(std::move(e.field), std::move(e.code), std::move(e.message));
  RK_TRY(f.Finish());
  RK_ASSIGN_OR_RETURN(Stored s, LoadProfile(req));
  if (s.status == therapists::kDraft) return Error::Conflict("This profile has not been submitted yet.");
  const Verification v{crypto::NewId(req.now), s.user_id, req.user_id(), *licensing_body, *verified_on, *reference,
                       *expires_on, req.now};
  RK_TRY(review::InsertVerification(req.db(), v));
  // A new check of an approved profile is its renewal: the profile runs until its end.
  if (s.status == therapists::kApproved) RK_TRY(review::Renew(req.db(), s.user_id, v.expires_on, req.now));
  RK_TRY(Audit(req, "therapist.verification", "therapist", s.user_id,
               v.licensing_body + ", ref. " + v.reference + ", checked " + v.verified_on + ", until " + v.expires_on));
  return Detail(req, 201);
}

// The verification an approval (or a reinstatement) rests on, or why there is none.
Result<Verification> ApprovalBasis(const Request& req, const Stored& s) {
  RK_ASSIGN_OR_RETURN(auto verifications, review::Verifications(req.db(), s.user_id));
  const auto basis = NewestSince(verifications, s.submitted_at);
  if (!basis) return Error::Conflict("Record how you checked the licence first.");
  if (!Running(*basis, req.now)) return Error::Conflict("The licence check you recorded has ended. Record a new one first.");
  return *basis;
}

// Reads the operator's reason for a refusal or a suspension.
Result<std::string> ReadReason(const Request& req) {
  RK_ASSIGN_OR_RETURN(auto body, http::ParseObject(req, {"reason"}));
  Fields f(body);
  auto reason = f.String("reason", true, 1, kReasonMax);
  RK_TRY(f.Finish());
  return std::move(*reason);
}

// What every decision does once its conditional UPDATE ran: 409 when it did not land
// (the profile was not in the status the decision starts from, or another operator
// decided first); else its audit entry, the therapist's e-mail (when `mail` names a
// template), a log line, and the profile as it is now.
struct Decided {
  std::string action;  // the audit entry's
  std::string detail;
  std::string mail;    // a template, or "" for none
  mail::Vars vars;
  std::string_view event;  // the log line's
};
Result<Response> Land(Context& ctx, Request& req, const std::string& id, bool landed, Error refused, Decided d) {
  if (!landed) return refused;
  RK_TRY(Audit(req, std::move(d.action), "therapist", id, std::move(d.detail)));
  if (!d.mail.empty()) RK_TRY(Mail(ctx, req, id, std::move(d.mail), std::move(d.vars)));
  req.AfterCommit([event = d.event, id, by = req.user_id()] { log::Info(event, {{"therapist_id", id}, {"by", by}}); });
  return Detail(req, 200);
}

Result<Response> Approve(Context& ctx, Request& req) {
  const Error refused = Error::Conflict("Only a submitted profile can be approved.");
  RK_ASSIGN_OR_RETURN(Stored s, LoadProfile(req));
  if (s.status != therapists::kSubmitted) return refused;
  RK_ASSIGN_OR_RETURN(Verification basis, ApprovalBasis(req, s));
  RK_ASSIGN_OR_RETURN(bool landed, review::Decide(req.db(), s.user_id, therapists::kSubmitted, therapists::kApproved, "",
                                                  basis.expires_on, req.now));
  return Land(ctx, req, s.user_id, landed, refused,
              {"therapist.approve", "verified until " + basis.expires_on, "profile_approved", {{"until", basis.expires_on}},
               "therapist_approved"});
}

// A refusal or a suspension: with the operator's reason, which the therapist reads with
// their profile (the e-mail only says there is a note). A suspended profile keeps its
// verification for a reinstatement.
Result<Response> DecideWithReason(Context& ctx, Request& req, std::string_view from, std::string_view to, Error refused,
                                  std::string action, std::string_view event) {
  RK_ASSIGN_OR_RETURN(const std::string reason, ReadReason(req));
  RK_ASSIGN_OR_RETURN(Stored s, LoadProfile(req));
  const auto until = to == therapists::kSuspended ? s.verified_until : std::nullopt;
  RK_ASSIGN_OR_RETURN(bool landed, review::Decide(req.db(), s.user_id, from, to, reason, until, req.now));
  return Land(ctx, req, s.user_id, landed, std::move(refused),
              {std::move(action), reason, "profile_decision", {}, event});
}

Result<Response> Refuse(Context& ctx, Request& req) {
  return DecideWithReason(ctx, req, therapists::kSubmitted, therapists::kRefused,
                          Error::Conflict("Only a submitted profile can be refused."), "therapist.refuse", "therapist_refused");
}

// An approved profile stops being matched at once.
Result<Response> Suspend(Context& ctx, Request& req) {
  return DecideWithReason(ctx, req, therapists::kApproved, therapists::kSuspended,
                          Error::Conflict("Only an approved profile can be suspended."), "therapist.suspend",
                          "therapist_suspended");
}

// A suspended profile is approved again while a verification runs, else it goes back to
// the operators' queue as submitted.
Result<Response> Reinstate(Context& ctx, Request& req) {
  const Error refused = Error::Conflict("Only a suspended profile can be reinstated.");
  RK_ASSIGN_OR_RETURN(Stored s, LoadProfile(req));
  if (s.status != therapists::kSuspended) return refused;
  auto basis = ApprovalBasis(req, s);
  if (!basis.ok() && basis.error().code != ErrorCode::kConflict) return std::move(basis).error();
  const std::string_view to = basis.ok() ? therapists::kApproved : therapists::kSubmitted;
  const std::optional<std::string> until = basis.ok() ? std::optional<std::string>(basis->expires_on) : std::nullopt;
  RK_ASSIGN_OR_RETURN(bool landed, review::Decide(req.db(), s.user_id, therapists::kSuspended, to, "", until, req.now));
  if (until)
    return Land(ctx, req, s.user_id, landed, refused,
                {"therapist.reinstate", "approved, verified until " + *until, "profile_approved", {{"until", *until}},
                 "therapist_reinstated"});
  return Land(ctx, req, s.user_id, landed, refused,
              {"therapist.reinstate", "submitted: no licence check runs", "", {}, "therapist_reinstated"});
}

// --- accounts ----------------------------------------------------------------------------

// A person lost their second factor and their recovery codes: after checking who is
// asking by a way the operator trusts, the factor goes, the person's sessions end, and
// they are told by e-mail. Nobody resets their own.
Result<Response> ResetSecondFactor(Context& ctx, Request& req) {
  RK_ASSIGN_OR_RETURN(auto body, http::ParseObject(req, {"email", "reason"}));
  Fields f(body);
  auto email = f.String("email", true, 1, 254);
  auto reason = f.String("reason", true, 1, kReasonMax);
  if (email && !accounts::NormalizeEmail(*email)) f.Add("email", "invalid", "Enter an e-mail address like name@example.org.");
  RK_TRY(f.Finish());
  RK_ASSIGN_OR_RETURN(auto id, accounts::FindAccountByEmail(req.db(), *email));
  if (!id) return Error::NotFound("There is no account with that e-mail address.");
  if (*id == req.user_id()) return Error::Forbidden("You cannot reset your own second factor. Another operator can.");
  RK_ASSIGN_OR_RETURN(bool reset, accounts::ResetSecondFactor(req.db(), *id));
  if (!reset) return Error::Conflict("This account has no second factor to reset.");
  RK_TRY(Audit(req, "account.second_factor_reset", "account", *id, *reason));
  RK_TRY(Mail(ctx, req, *id, "second_factor_reset", {{"time", accounts::FormatMailTime(req.now)}}));
  req.AfterCommit([&ctx, id = *id, by = req.user_id()] {
    if (ctx.live) ctx.live->CloseAll(id);
    log::Info("second_factor_reset", {{"user_id", id}, {"by", by}});
  });
  return Json(200, json::object{{"account_id", *id}});
}

// --- the audit log -----------------------------------------------------------------------

Result<Response> ListAudit(Context&, Request& req) {
  RK_ASSIGN_OR_RETURN(const int limit, http::IntQuery(req, "limit", 50, 1, 200));
  std::optional<std::int64_t> before;
  if (auto text = req.QueryParam("before")) {
    std::int64_t seq = 0;
    auto [ptr, ec] = std::from_chars(text->data(), text->data() + text->size(), seq);
    if (ec != std::errc() || ptr != text->data() + text->size() || seq < 1)
      return Error::Invalid("Please correct the highlighted fields.", {{"before", "invalid", "Start from an entry's number."}});
    before = seq;
  }
  const std::string object_type = req.QueryParam("object_type").value_or("");
  const std::string object_id = req.QueryParam("object_id").value_or("");
  if (object_type.empty() != object_id.empty() || object_type.size() > 40 || object_id.size() > 64)
    return Error::Invalid("Please correct the highlighted fields.",
                          {{"object_type", "invalid", "Name both the kind of object and its id, or neither."}});
  RK_ASSIGN_OR_RETURN(auto entries, audit::List(req.db(), before, limit, object_type, object_id));
  // Operators may know who acted: each actor's address, looked up once.
  std::map<std::string, json::value> emails;
  json::array out;
  for (const audit::Entry& e : entries) {
    auto [it, fresh] = emails.try_emplace(e.event.actor_id, nullptr);
    if (fresh && !e.event.actor_id.empty()) {
      RK_ASSIGN_OR_RETURN(auto email, accounts::EmailOf(req.db(), e.event.actor_id));
      it->second = OptJson(email);
    }
    out.push_back(json::object{{"seq", e.seq},
                               {"at", FormatRfc3339(e.at)},
                               {"actor_id", e.event.actor_id},
                               {"actor_email", it->second},
                               {"action", e.event.action},
                               {"object_type", e.event.object_type},
                               {"object_id", e.event.object_id},
                               {"detail", e.event.detail},
                               {"request_id", e.event.request_id},
                               {"hash", e.hash}});
  }
  json::value next = nullptr;
  if (entries.size() == static_cast<std::size_t>(limit) && entries.back().seq > 1) next = entries.back().seq;
  return Json(200, json::object{{"entries", std::move(out)}, {"next_before", std::move(next)}});
}

Result<Response> VerifyAudit(Context&, Request& req) {
  RK_ASSIGN_OR_RETURN(auto broken, audit::Verify(req.db()));
  return Json(200, json::object{{"intact", !broken.has_value()},
                                {"first_broken", broken ? json::value(*broken) : json::value(nullptr)},
                                {"checked_at", FormatRfc3339(req.now)}});
}

// --- the end of verifications ------------------------------------------------------------

// Whether the audit log already records `action` with `detail` for therapist `id`: each
// notice goes once per last day, whatever the job's schedule and however many servers.
Result<bool> Noticed(db::Connection& c, const std::string& id, std::string_view action, const std::string& detail) {
  std::optional<std::int64_t> before;
  for (;;) {
    RK_ASSIGN_OR_RETURN(auto entries, audit::List(c, before, 100, "therapist", id));
    for (const audit::Entry& e : entries)
      if (e.event.action == action && e.event.detail == detail) return true;
    if (entries.size() < 100) return false;
    before = entries.back().seq;
  }
}

Status SendExpiryNotices(Context& ctx, db::Connection& c, const jobs::Job& job) {
  const Millis now = job.started_at;
  const std::int64_t today = Today(now).DayNumber();
  RK_ASSIGN_OR_RETURN(auto ending, review::EndingBetween(c, Date::FromDayNumber(today - kNoticeDays).ToString(),
                                                         Date::FromDayNumber(today + kNoticeDays).ToString()));
  for (const review::Ending& e : ending) {
    const ExpiryNotice notice = ExpiryNoticeAt(e.verified_until, now);
    if (notice == ExpiryNotice::kNone) continue;
    const bool soon = notice == ExpiryNotice::kSoon;
    const std::string action = soon ? "therapist.verification_ending" : "therapist.verification_ended";
    const std::string detail = "verified until " + e.verified_until;
    RK_ASSIGN_OR_RETURN(bool sent, Noticed(c, e.user_id, action, detail));
    if (sent) continue;
    RK_TRY(audit::Append(c, {"", action, "therapist", e.user_id, detail, job.id}, now));
    RK_TRY(ctx.mailer->Enqueue(c,
                               {.to = "user:" + e.user_id,
                                .template_name = soon ? "verification_ending" : "verification_ended",
                                .vars = {{"until", e.verified_until}},
                                .idempotency_key = action + ":" + e.user_id + ":" + e.verified_until},
                               now));
  }
  return {};
}

}  // namespace

void RegisterRoutes(http::Router& router, Context& ctx) {
  using http::Method;
  using http::Policy;
  using http::Work;
  http::RouteTable t(router, ctx);
  t.Add(Method::kGet, "/api/v1/operator/therapists", Policy::Operator(), Work::kRead, ListTherapists);
  t.Add(Method::kGet, "/api/v1/operator/therapists/{id}", Policy::Operator(), Work::kRead, GetTherapist);
  t.Add(Method::kPost, "/api/v1/operator/therapists/{id}/verifications", Policy::Operator(), Work::kWrite,
        RecordVerification);
  t.Add(Method::kPost, "/api/v1/operator/therapists/{id}/approve", Policy::Operator(), Work::kWrite, Approve);
  t.Add(Method::kPost, "/api/v1/operator/therapists/{id}/refuse", Policy::Operator(), Work::kWrite, Refuse);
  t.Add(Method::kPost, "/api/v1/operator/therapists/{id}/suspend", Policy::Operator(), Work::kWrite, Suspend);
  t.Add(Method::kPost, "/api/v1/operator/therapists/{id}/reinstate", Policy::Operator(), Work::kWrite, Reinstate);
  t.Add(Method::kPost, "/api/v1/operator/accounts/second-factor-reset", Policy::Operator(), Work::kWrite,
        ResetSecondFactor);
  t.Add(Method::kGet, "/api/v1/operator/audit", Policy::Operator(), Work::kRead, ListAudit);
  t.Add(Method::kGet, "/api/v1/operator/audit/verify", Policy::Operator(), Work::kRead, VerifyAudit);
}

void RegisterJobs(jobs::Queue& queue, Context& ctx) {
  queue.RegisterPeriodic(std::string(kExpiryJobKind), kHour,
                         [&ctx](db::Connection& c, const jobs::Job& job) { return SendExpiryNotices(ctx, c, job); });
}

}  // namespace rk::admin
