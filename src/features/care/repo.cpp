#include "features/care/repo.hpp"

#include <boost/json.hpp>

#include "platform/db/reseal.hpp"

namespace rk::care::repo {
namespace {

namespace json = boost::json;

std::string ScreenContext(const std::string& couple_id, const std::string& user_id) {
  return "care_screens:" + couple_id + "/" + user_id + ":sealed";
}
std::string QuestionnaireContext(const std::string& couple_id, const std::string& user_id) {
  return "care_questionnaires:" + couple_id + "/" + user_id + ":sealed";
}

std::string SerializeScreen(const StoredScreen& s) {
  json::object answers;
  for (const auto& [q, a] : s.answers) answers[q] = a;
  return json::serialize(json::object{{"answers", std::move(answers)}, {"outcome", OutcomeName(s.outcome)}});
}

Result<StoredScreen> ParseScreen(std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  const json::object* o = ec ? nullptr : v.if_object();
  const json::object* answers = o && o->contains("answers") ? o->at("answers").if_object() : nullptr;
  const json::string* outcome = o && o->contains("outcome") ? o->at("outcome").if_string() : nullptr;
  auto parsed = outcome ? ParseOutcome(*outcome) : std::nullopt;
  if (!answers || !parsed) return Error::Internal("a stored screen is not readable");
  StoredScreen s;
  s.outcome = *parsed;
  for (const auto& kv : *answers)
    if (kv.value().is_string()) s.answers[std::string(kv.key())] = std::string(kv.value().as_string());
  return s;
}

constexpr std::string_view kRelationshipColumns =
    "SELECT id, couple_id, therapist_id, status, requested_by, created_at, decided_at, ended_at, joint_open_at "
    "FROM care_relationships ";

Relationship ToRelationship(const db::Row& r) {
  return {r.Text(0), r.Text(1), r.Text(2), r.Text(3), r.OptText(4).value_or(""), r.Int(5), r.OptInt(6), r.OptInt(7),
          r.OptInt(8)};
}

}  // namespace

Result<std::optional<StoredScreen>> FindScreen(db::Connection& c, const crypto::Sealer& s, const std::string& couple_id,
                                               const std::string& user_id) {
  RK_ASSIGN_OR_RETURN(auto row, c.QueryOne("SELECT sealed, version, taken_at FROM care_screens WHERE couple_id = ? AND "
                                           "user_id = ?",
                                           {couple_id, user_id}));
  if (!row) return std::optional<StoredScreen>();
  RK_ASSIGN_OR_RETURN(std::string plain, s.Open(row->Text(0), ScreenContext(couple_id, user_id)));
  RK_ASSIGN_OR_RETURN(StoredScreen screen, ParseScreen(plain));
  screen.version = row->Text(1);
  screen.taken_at = row->Int(2);
  return std::optional<StoredScreen>(std::move(screen));
}

Result<bool> InsertScreen(db::Connection& c, const crypto::Sealer& s, const std::string& couple_id,
                          const std::string& user_id, const StoredScreen& screen) {
  RK_ASSIGN_OR_RETURN(std::int64_t n,
                      c.Exec("INSERT INTO care_screens (couple_id, user_id, sealed, version, taken_at) VALUES (?, ?, ?, "
                             "?, ?) ON CONFLICT (couple_id, user_id) DO NOTHING",
                             {couple_id, user_id, s.Seal(SerializeScreen(screen), ScreenContext(couple_id, user_id)),
                              screen.version, screen.taken_at}));
  return n == 1;
}

Result<ScreenState> ScreenStateOf(db::Connection& c, const crypto::Sealer& s, const std::string& couple_id,
                                  const std::string& user_id) {
  RK_ASSIGN_OR_RETURN(auto screen, FindScreen(c, s, couple_id, user_id));
  if (!screen) return ScreenState::kNotTaken;
  return screen->outcome == Outcome::kClear ? ScreenState::kClear : ScreenState::kConcerning;
}

Result<std::optional<Questionnaire>> FindQuestionnaire(db::Connection& c, const crypto::Sealer& s,
                                                       const std::string& couple_id, const std::string& user_id) {
  RK_ASSIGN_OR_RETURN(auto row, c.QueryOne("SELECT sealed FROM care_questionnaires WHERE couple_id = ? AND user_id = ?",
                                           {couple_id, user_id}));
  if (!row) return std::optional<Questionnaire>();
  RK_ASSIGN_OR_RETURN(std::string plain, s.Open(row->Text(0), QuestionnaireContext(couple_id, user_id)));
  auto q = Deserialize(plain);
  if (!q) return Error::Internal("a stored questionnaire is not readable");
  return q;
}

Status SaveQuestionnaire(db::Connection& c, const crypto::Sealer& s, const std::string& couple_id,
                         const std::string& user_id, const Questionnaire& q, Millis now) {
  RK_TRY(c.Exec("INSERT INTO care_questionnaires (couple_id, user_id, sealed, updated_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (couple_id, user_id) DO UPDATE SET sealed = excluded.sealed, updated_at = excluded.updated_at",
                {couple_id, user_id, s.Seal(Serialize(q), QuestionnaireContext(couple_id, user_id)), now}));
  return {};
}

Status InsertPass(db::Connection& c, const std::string& couple_id, const std::string& therapist_id, Millis now) {
  RK_TRY(c.Exec("INSERT INTO care_passes (couple_id, therapist_id, created_at) VALUES (?, ?, ?) ON CONFLICT "
                "(couple_id, therapist_id) DO NOTHING",
                {couple_id, therapist_id, now}));
  return {};
}

Status DeletePasses(db::Connection& c, const std::string& couple_id) {
  RK_TRY(c.Exec("DELETE FROM care_passes WHERE couple_id = ?", {couple_id}));
  return {};
}

Result<std::vector<std::string>> Excluded(db::Connection& c, const std::string& couple_id) {
  RK_ASSIGN_OR_RETURN(auto rows, c.Query("SELECT therapist_id FROM care_passes WHERE couple_id = ? UNION SELECT "
                                         "therapist_id FROM care_relationships WHERE couple_id = ? AND (status = 'declined' OR "
                                         "(status = 'ended' AND decided_at IS NOT NULL))",
                                         {couple_id, couple_id}));
  std::vector<std::string> out;
  for (const db::Row& r : rows) out.push_back(r.Text(0));
  return out;
}

Result<std::optional<Relationship>> OpenRelationship(db::Connection& c, const std::string& couple_id) {
  static const std::string sql =
      std::string(kRelationshipColumns) + "WHERE couple_id = ? AND status IN ('requested', 'accepted')";
  RK_ASSIGN_OR_RETURN(auto row, c.QueryOne(sql, {couple_id}));
  if (!row) return std::optional<Relationship>();
  return std::optional<Relationship>(ToRelationship(*row));
}

Result<std::optional<Relationship>> FindRelationship(db::Connection& c, const std::string& id) {
  static const std::string sql = std::string(kRelationshipColumns) + "WHERE id = ?";
  RK_ASSIGN_OR_RETURN(auto row, c.QueryOne(sql, {id}));
  if (!row) return std::optional<Relationship>();
  return std::optional<Relationship>(ToRelationship(*row));
}

Result<bool> InsertRequest(db::Connection& c, const Relationship& r) {
  // The partial unique index allows one open relationship per couple; a second request
  // (the partner, at the same moment) inserts nothing.
  RK_ASSIGN_OR_RETURN(std::int64_t n,
                      c.Exec("INSERT INTO care_relationships (id, couple_id, therapist_id, status, requested_by, "
                             "created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (couple_id) WHERE status IN "
                             "('requested', 'accepted') DO NOTHING",
                             {r.id, r.couple_id, r.therapist_id, std::string(kRequested), r.requested_by, r.created_at}));
  return n == 1;
}

Result<bool> Move(db::Connection& c, const std::string& id, std::string_view from, std::string_view to, Millis now) {
  const bool ends = to == kEnded;
  const std::string sql = std::string("UPDATE care_relationships SET status = ?, ") +
                          (ends ? "ended_at = ?" : "decided_at = ?") +
                          ", version = version + 1 WHERE id = ? AND status = ?";
  RK_ASSIGN_OR_RETURN(std::int64_t n, c.Exec(sql, {std::string(to), now, id, std::string(from)}));
  return n == 1;
}

Result<bool> OpenJoint(db::Connection& c, const std::string& id, Millis now) {
  RK_ASSIGN_OR_RETURN(std::int64_t n, c.Exec("UPDATE care_relationships SET joint_open_at = ?, version = version + 1 "
                                             "WHERE id = ? AND status = 'accepted' AND joint_open_at IS NULL",
                                             {now, id}));
  return n == 1;
}

Result<std::vector<Relationship>> ForTherapist(db::Connection& c, const std::string& therapist_id, std::string_view status,
                                               int limit) {
  static const std::string sql = std::string(kRelationshipColumns) +
                                 "WHERE therapist_id = ? AND status = ? ORDER BY created_at DESC, id LIMIT ?";
  RK_ASSIGN_OR_RETURN(auto rows, c.Query(sql, {therapist_id, std::string(status), std::int64_t{limit}}));
  std::vector<Relationship> out;
  for (const db::Row& r : rows) out.push_back(ToRelationship(r));
  return out;
}

Result<std::map<std::string, int, std::less<>>> ActiveCounts(db::Connection& c) {
  RK_ASSIGN_OR_RETURN(auto rows, c.Query("SELECT r.therapist_id, COUNT(*) FROM care_relationships r JOIN couples c ON "
                                         "c.id = r.couple_id WHERE r.status = 'accepted' AND c.ended_at IS NULL GROUP BY "
                                         "r.therapist_id"));
  std::map<std::string, int, std::less<>> out;
  for (const db::Row& r : rows) out[r.Text(0)] = static_cast<int>(r.Int(1));
  return out;
}

Result<int> ActiveCountLocked(db::Connection& c, const std::string& therapist_id) {
  // SQLite has one writer at a time already; PostgreSQL serialises on the therapist's row.
  if (c.dialect() == db::Dialect::kPostgres)
    RK_TRY(c.Query("SELECT user_id FROM therapists WHERE user_id = ? FOR UPDATE", {therapist_id}));
  RK_ASSIGN_OR_RETURN(auto row, c.QueryOne("SELECT COUNT(*) FROM care_relationships r JOIN couples c ON c.id = "
                                           "r.couple_id WHERE r.therapist_id = ? AND r.status = 'accepted' AND c.ended_at IS "
                                           "NULL",
                                           {therapist_id}));
  return row ? static_cast<int>(row->Int(0)) : 0;
}

Result<std::int64_t> Reseal(db::Connection& c, const crypto::Sealer& s) {
  const db::SealedColumn columns[] = {
      {"SELECT couple_id, user_id, sealed FROM care_screens",
       "UPDATE care_screens SET sealed = ? WHERE couple_id = ? AND user_id = ? AND sealed = ?",
       [](const db::Row& r) { return ScreenContext(r.Text(0), r.Text(1)); }},
      {"SELECT couple_id, user_id, sealed FROM care_questionnaires",
       "UPDATE care_questionnaires SET sealed = ? WHERE couple_id = ? AND user_id = ? AND sealed = ?",
       [](const db::Row& r) { return QuestionnaireContext(r.Text(0), r.Text(1)); }},
  };
  return db::ResealColumns(c, s, columns);
}

}  // namespace rk::care::repo

// Published in relationships.hpp.
namespace rk::care {

Result<std::optional<Relationship>> CurrentRelationship(db::Connection& c, const std::string& couple_id) {
  return repo::OpenRelationship(c, couple_id);
}

bool WasAccepted(const Relationship& r) { return r.status == kAccepted || (r.status == kEnded && r.decided_at); }

Result<std::optional<Relationship>> TherapistRelationship(db::Connection& c, const std::string& id,
                                                          const std::string& therapist_id) {
  RK_ASSIGN_OR_RETURN(auto r, repo::FindRelationship(c, id));
  if (!r || r->therapist_id != therapist_id || !WasAccepted(*r)) return std::optional<Relationship>();
  return r;
}

Result<std::optional<Relationship>> LatestAccepted(db::Connection& c, const std::string& couple_id) {
  static const std::string sql = std::string(repo::kRelationshipColumns) +
                                 "WHERE couple_id = ? AND (status = 'accepted' OR (status = 'ended' AND decided_at IS "
                                 "NOT NULL)) ORDER BY CASE WHEN status = 'accepted' THEN 0 ELSE 1 END, decided_at DESC, "
                                 "id DESC LIMIT 1";
  RK_ASSIGN_OR_RETURN(auto row, c.QueryOne(sql, {couple_id}));
  if (!row) return std::optional<Relationship>();
  return std::optional<Relationship>(repo::ToRelationship(*row));
}

}  // namespace rk::care
