#include "features/therapists/repo.hpp"

#include "platform/crypto/crypto.hpp"

namespace rk::therapists::repo {
namespace {

constexpr std::string_view kColumns =
    "SELECT user_id, status, full_name, credential, licence_number, licensing_body, gender, bio, fee, session_minutes, "
    "capacity, time_zone, cancel_hours, reschedule_hours, decision_reason, verified_until, submitted_at, decided_at, "
    "photo IS NOT NULL, updated_at, version FROM therapists ";

// The tag kinds and where each lives in a Profile.
struct TagKind {
  std::string_view kind;
  std::vector<std::string> Profile::*list;
};
constexpr TagKind kTagKinds[] = {{"language", &Profile::languages},
                                 {"modality", &Profile::modalities},
                                 {"specialty", &Profile::specialties},
                                 {"approach", &Profile::approaches}};

Stored ToStored(const db::Row& r) {
  Stored s;
  s.user_id = r.Text(0);
  s.status = r.Text(1);
  Profile& p = s.profile;
  p.full_name = r.Text(2);
  p.credential = r.Text(3);
  p.licence_number = r.Text(4);
  p.licensing_body = r.Text(5);
  p.gender = r.Text(6);
  p.bio = r.Text(7);
  p.fee = r.Int(8);
  p.session_minutes = static_cast<int>(r.Int(9));
  p.capacity = static_cast<int>(r.Int(10));
  p.time_zone = r.Text(11);
  p.cancel_hours = static_cast<int>(r.Int(12));
  p.reschedule_hours = static_cast<int>(r.Int(13));
  s.decision_reason = r.Text(14);
  s.verified_until = r.OptText(15);
  s.submitted_at = r.OptInt(16);
  s.decided_at = r.OptInt(17);
  s.has_photo = r.Bool(18);
  s.updated_at = r.Int(19);
  s.version = r.Int(20);
  return s;
}

// Fills in the lists of `s` from their tables.
Status LoadLists(db::Connection& c, Stored& s) {
  RK_ASSIGN_OR_RETURN(auto places, c.Query("SELECT country, region FROM therapist_jurisdictions WHERE therapist_id = ? "
                                           "ORDER BY country, region",
                                           {s.user_id}));
  for (const db::Row& r : places) s.profile.jurisdictions.push_back({r.Text(0), r.Text(1)});
  RK_ASSIGN_OR_RETURN(auto tags, c.Query("SELECT kind, value FROM therapist_tags WHERE therapist_id = ? ORDER BY kind, "
                                         "value",
                                         {s.user_id}));
  for (const db::Row& r : tags)
    for (const TagKind& k : kTagKinds)
      if (r.Text(0) == k.kind) (s.profile.*k.list).push_back(r.Text(1));
  RK_ASSIGN_OR_RETURN(auto hours, c.Query("SELECT weekday, start_minute, end_minute FROM therapist_hours WHERE "
                                          "therapist_id = ? ORDER BY weekday, start_minute",
                                          {s.user_id}));
  for (const db::Row& r : hours)
    s.hours.push_back({static_cast<int>(r.Int(0)), static_cast<int>(r.Int(1)), static_cast<int>(r.Int(2))});
  RK_ASSIGN_OR_RETURN(auto days, c.Query("SELECT day FROM therapist_days_off WHERE therapist_id = ? ORDER BY day",
                                         {s.user_id}));
  for (const db::Row& r : days) s.days_off.push_back(r.Text(0));
  return {};
}

}  // namespace

Result<std::optional<Stored>> Find(db::Connection& c, const std::string& user_id) {
  static const std::string sql = std::string(kColumns) + "WHERE user_id = ?";
  RK_ASSIGN_OR_RETURN(auto row, c.QueryOne(sql, {user_id}));
  if (!row) return std::optional<Stored>();
  Stored s = ToStored(*row);
  RK_TRY(LoadLists(c, s));
  return std::optional<Stored>(std::move(s));
}

Result<bool> IsMatchableNow(db::Connection& c, const std::string& user_id, Millis now) {
  RK_ASSIGN_OR_RETURN(auto row, c.QueryOne("SELECT status, verified_until FROM therapists WHERE user_id = ?", {user_id}));
  return row && IsMatchable(row->Text(0), row->OptText(1), now);
}

Status SaveProfile(db::Connection& c, const std::string& user_id, const Profile& p, std::string_view status, Millis now) {
  RK_TRY(c.Exec(
      "INSERT INTO therapists (user_id, status, full_name, credential, licence_number, licensing_body, gender, bio, fee, "
      "session_minutes, capacity, time_zone, cancel_hours, reschedule_hours, created_at, updated_at) VALUES "
      "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET status = excluded.status, "
      "full_name = excluded.full_name, credential = excluded.credential, licence_number = excluded.licence_number, "
      "licensing_body = excluded.licensing_body, gender = excluded.gender, bio = excluded.bio, fee = excluded.fee, "
      "session_minutes = excluded.session_minutes, capacity = excluded.capacity, time_zone = excluded.time_zone, "
      "cancel_hours = excluded.cancel_hours, reschedule_hours = excluded.reschedule_hours, "
      "updated_at = excluded.updated_at, version = therapists.version + 1",
      {user_id, std::string(status), p.full_name, p.credential, p.licence_number, p.licensing_body, p.gender, p.bio,
       p.fee, std::int64_t{p.session_minutes}, std::int64_t{p.capacity}, p.time_zone, std::int64_t{p.cancel_hours},
       std::int64_t{p.reschedule_hours}, now, now}));
  RK_TRY(c.Exec("DELETE FROM therapist_jurisdictions WHERE therapist_id = ?", {user_id}));
  for (const Place& place : p.jurisdictions)
    RK_TRY(c.Exec("INSERT INTO therapist_jurisdictions (therapist_id, country, region) VALUES (?, ?, ?)",
                  {user_id, place.country, place.region}));
  RK_TRY(c.Exec("DELETE FROM therapist_tags WHERE therapist_id = ?", {user_id}));
  for (const TagKind& k : kTagKinds)
    for (const std::string& v : p.*k.list)
      RK_TRY(c.Exec("INSERT INTO therapist_tags (therapist_id, kind, value) VALUES (?, ?, ?)",
                    {user_id, std::string(k.kind), v}));
  return {};
}

Status SetStatus(db::Connection& c, const std::string& user_id, std::string_view status, Millis now) {
  RK_TRY(c.Exec("UPDATE therapists SET status = ?, updated_at = ?, version = version + 1 WHERE user_id = ?",
                {std::string(status), now, user_id}));
  return {};
}

Status SetSubmitted(db::Connection& c, const std::string& user_id, Millis now) {
  RK_TRY(c.Exec("UPDATE therapists SET status = ?, submitted_at = ?, decision_reason = '', updated_at = ?, "
                "version = version + 1 WHERE user_id = ?",
                {std::string(kSubmitted), now, now, user_id}));
  return {};
}

Status MarkResubmitted(db::Connection& c, const std::string& user_id, Millis now) {
  RK_TRY(c.Exec("UPDATE therapists SET submitted_at = ?, updated_at = ?, version = version + 1 WHERE user_id = ?",
                {now, now, user_id}));
  return {};
}

Status SaveAvailability(db::Connection& c, const std::string& user_id, const std::vector<Hours>& hours,
                        const std::vector<std::string>& days_off, Millis now) {
  RK_TRY(c.Exec("DELETE FROM therapist_hours WHERE therapist_id = ?", {user_id}));
  for (const Hours& h : hours)
    RK_TRY(c.Exec("INSERT INTO therapist_hours (therapist_id, weekday, start_minute, end_minute) VALUES (?, ?, ?, ?)",
                  {user_id, std::int64_t{h.weekday}, std::int64_t{h.start_minute}, std::int64_t{h.end_minute}}));
  RK_TRY(c.Exec("DELETE FROM therapist_days_off WHERE therapist_id = ?", {user_id}));
  for (const std::string& d : days_off)
    RK_TRY(c.Exec("INSERT INTO therapist_days_off (therapist_id, day) VALUES (?, ?)", {user_id, d}));
  RK_TRY(c.Exec("UPDATE therapists SET updated_at = ?, version = version + 1 WHERE user_id = ?", {now, user_id}));
  return {};
}

Status SetPhoto(db::Connection& c, const std::string& user_id, const std::optional<Photo>& photo, Millis now) {
  RK_TRY(c.Exec("UPDATE therapists SET photo = ?, photo_type = ?, updated_at = ?, version = version + 1 WHERE user_id = ?",
                {photo ? db::Value(crypto::ToBase64(photo->bytes)) : db::Value(nullptr),
                 photo ? db::Value(photo->content_type) : db::Value(nullptr), now, user_id}));
  return {};
}

Result<std::optional<Photo>> FindPhoto(db::Connection& c, const std::string& user_id) {
  RK_ASSIGN_OR_RETURN(auto row, c.QueryOne("SELECT photo_type, photo FROM therapists WHERE user_id = ? AND photo IS NOT "
                                           "NULL",
                                           {user_id}));
  if (!row) return std::optional<Photo>();
  auto bytes = crypto::FromBase64(row->Text(1));
  if (!bytes) return Error::Internal("a stored photo is not base64");
  return std::optional<Photo>(Photo{row->Text(0), std::move(*bytes), 0, 0});
}

}  // namespace rk::therapists::repo

namespace rk::therapists::review {

Result<std::vector<Summary>> List(db::Connection& c, std::string_view status, const std::optional<PageKey>& after,
                                  int limit) {
  // One page of profiles, then their places, in one statement.
  static const std::string sql =
      "SELECT p.user_id, p.status, p.full_name, p.credential, p.submitted_at, p.verified_until, j.country, j.region "
      "FROM (SELECT user_id, status, full_name, credential, submitted_at, verified_until, COALESCE(submitted_at, 0) AS k "
      "FROM therapists WHERE status = ? AND (COALESCE(submitted_at, 0) > ? OR (COALESCE(submitted_at, 0) = ? AND "
      "user_id > ?)) ORDER BY k, user_id LIMIT ?) p LEFT JOIN therapist_jurisdictions j ON j.therapist_id = p.user_id "
      "ORDER BY p.k, p.user_id, j.country, j.region";
  const Millis from = after ? after->submitted_at : -1;
  const std::string from_id = after ? after->user_id : std::string();
  RK_ASSIGN_OR_RETURN(auto rows, c.Query(sql, {std::string(status), from, from, from_id, std::int64_t{limit}}));
  std::vector<Summary> out;
  for (const db::Row& r : rows) {
    if (out.empty() || out.back().user_id != r.Text(0))
      out.push_back({r.Text(0), r.Text(1), r.Text(2), r.Text(3), {}, r.OptInt(4), r.OptText(5)});
    if (auto country = r.OptText(6)) out.back().jurisdictions.push_back({*country, r.OptText(7).value_or("")});
  }
  return out;
}

Result<std::optional<Stored>> Find(db::Connection& c, const std::string& user_id) { return repo::Find(c, user_id); }

Result<std::vector<Verification>> Verifications(db::Connection& c, const std::string& therapist_id) {
  RK_ASSIGN_OR_RETURN(auto rows, c.Query("SELECT id, therapist_id, operator_id, licensing_body, verified_on, reference, "
                                         "expires_on, recorded_at FROM licence_verifications WHERE therapist_id = ? "
                                         "ORDER BY recorded_at DESC, id DESC",
                                         {therapist_id}));
  std::vector<Verification> out;
  for (const db::Row& r : rows)
    out.push_back({r.Text(0), r.Text(1), r.OptText(2).value_or(""), r.Text(3), r.Text(4), r.Text(5), r.Text(6), r.Int(7)});
  return out;
}

Status InsertVerification(db::Connection& c, const Verification& v) {
  RK_TRY(c.Exec("INSERT INTO licence_verifications (id, therapist_id, operator_id, licensing_body, verified_on, "
                "reference, expires_on, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                {v.id, v.therapist_id, v.operator_id, v.licensing_body, v.verified_on, v.reference, v.expires_on,
                 v.recorded_at}));
  return {};
}

Result<bool> Decide(db::Connection& c, const std::string& user_id, std::string_view from, std::string_view to,
                    const std::string& reason, const std::optional<std::string>& verified_until, Millis now) {
  RK_ASSIGN_OR_RETURN(std::int64_t changed,
                      c.Exec("UPDATE therapists SET status = ?, decision_reason = ?, verified_until = ?, decided_at = ?, "
                             "updated_at = ?, version = version + 1 WHERE user_id = ? AND status = ?",
                             {std::string(to), reason, verified_until ? db::Value(*verified_until) : db::Value(nullptr),
                              now, now, user_id, std::string(from)}));
  return changed == 1;
}

Result<bool> Renew(db::Connection& c, const std::string& user_id, const std::string& verified_until, Millis now) {
  RK_ASSIGN_OR_RETURN(std::int64_t changed,
                      c.Exec("UPDATE therapists SET verified_until = ?, updated_at = ?, version = version + 1 "
                             "WHERE user_id = ? AND status = ?",
                             {verified_until, now, user_id, std::string(kApproved)}));
  return changed == 1;
}

Result<std::vector<Ending>> EndingBetween(db::Connection& c, const std::string& first, const std::string& last) {
  RK_ASSIGN_OR_RETURN(auto rows, c.Query("SELECT user_id, verified_until FROM therapists WHERE status = ? AND "
                                         "verified_until >= ? AND verified_until <= ? ORDER BY verified_until, user_id",
                                         {std::string(kApproved), first, last}));
  std::vector<Ending> out;
  for (const db::Row& r : rows) out.push_back({r.Text(0), r.Text(1)});
  return out;
}

}  // namespace rk::therapists::review

// Published in directory.hpp.
namespace rk::therapists::directory {

Result<std::vector<Entry>> Versions(db::Connection& c) {
  RK_ASSIGN_OR_RETURN(auto rows, c.Query("SELECT user_id, status, version FROM therapists"));
  std::vector<Entry> out;
  out.reserve(rows.size());
  for (const db::Row& r : rows) out.push_back({r.Text(0), r.Text(1), r.Int(2)});
  return out;
}

Result<std::optional<Stored>> Find(db::Connection& c, const std::string& id) { return repo::Find(c, id); }

}  // namespace rk::therapists::directory
