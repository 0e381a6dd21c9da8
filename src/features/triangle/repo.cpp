#include "features/triangle/repo.hpp"

#include <boost/json.hpp>

#include "platform/db/reseal.hpp"

namespace rk::triangle::repo {
namespace json = boost::json;
namespace {

constexpr std::string_view kColumns =
    "id, user_id, instrument, instrument_version, perspective, answers, scores, kind, shared, taken_at";

std::string AnswersJson(const std::map<std::string, long long>& answers) {
  json::object o;
  for (const auto& [k, v] : answers) o[k] = v;
  return json::serialize(o);
}

std::map<std::string, long long> ParseAnswers(const std::string& text) {
  std::map<std::string, long long> out;
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return out;
  for (const auto& kv : v.as_object())
    if (kv.value().is_int64()) out[std::string(kv.key())] = kv.value().as_int64();
  return out;
}

Scores ParseScores(const std::string& text) {
  Scores out;
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return out;
  for (const auto& kv : v.as_object())
    if (kv.value().is_number()) out[std::string(kv.key())] = kv.value().to_number<double>();
  return out;
}

std::string AnswersContext(const std::string& id) { return "assessments:" + id; }
std::string DraftContext(const std::string& user) { return "assessment_drafts:" + user; }

Result<Assessment> FromRow(const crypto::Sealer& s, const db::Row& r) {
  Assessment a;
  a.id = r.Text(0);
  a.user_id = r.Text(1);
  a.instrument = r.Text(2);
  a.instrument_version = static_cast<int>(r.Int(3));
  a.perspective = r.Text(4);
  RK_ASSIGN_OR_RETURN(std::string answers, s.Open(r.Text(5), AnswersContext(r.Text(0))));
  a.answers = ParseAnswers(answers);
  a.scores = ParseScores(r.Text(6));
  a.kind = r.OptText(7).value_or("");
  a.shared = r.Bool(8);
  a.taken_at = r.Int(9);
  return a;
}

Result<std::optional<Assessment>> One(const crypto::Sealer& s, Result<std::optional<db::Row>> row) {
  if (!row.ok()) return std::move(row).error();
  if (!*row) return std::optional<Assessment>();
  RK_ASSIGN_OR_RETURN(Assessment a, FromRow(s, **row));
  return std::optional<Assessment>(std::move(a));
}

}  // namespace

Status Insert(db::Connection& c, const crypto::Sealer& s, const Assessment& a) {
  json::object scores;
  for (const auto& [k, v] : a.scores) scores[k] = v;
  RK_TRY(c.Exec("INSERT INTO assessments (id, user_id, instrument, instrument_version, perspective, answers, scores, "
                "kind, shared, taken_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                {a.id, a.user_id, a.instrument, std::int64_t{a.instrument_version}, a.perspective,
                 s.Seal(AnswersJson(a.answers), AnswersContext(a.id)),
                 json::serialize(scores), a.kind.empty() ? db::Value(nullptr) : db::Value(a.kind),
                 std::int64_t{a.shared}, a.taken_at}));
  return {};
}

Result<std::vector<Assessment>> List(db::Connection& c, const crypto::Sealer& s, const std::string& user_id,
                                     const std::string& instrument,
                                     const std::string& perspective, int limit) {
  static const std::string sql = "SELECT " + std::string(kColumns) +
                                 " FROM assessments WHERE user_id = ? AND (? = '' OR instrument = ?) AND "
                                 "(? = '' OR perspective = ?) ORDER BY taken_at DESC, id DESC LIMIT ?";
  RK_ASSIGN_OR_RETURN(auto rows, c.Query(sql, {user_id, instrument, instrument, perspective, perspective,
                                               std::int64_t{limit}}));
  std::vector<Assessment> out;
  for (const auto& r : rows) {
    RK_ASSIGN_OR_RETURN(Assessment a, FromRow(s, r));
    out.push_back(std::move(a));
  }
  return out;
}

Result<std::optional<Assessment>> Find(db::Connection& c, const crypto::Sealer& s, const std::string& user_id,
                                       const std::string& id) {
  static const std::string sql = "SELECT " + std::string(kColumns) + " FROM assessments WHERE user_id = ? AND id = ?";
  return One(s, c.QueryOne(sql, {user_id, id}));
}

Result<std::optional<Assessment>> Latest(db::Connection& c, const crypto::Sealer& s, const std::string& user_id,
                                         const std::string& instrument,
                                         const std::string& perspective, Millis before) {
  static const std::string sql = "SELECT " + std::string(kColumns) +
                                 " FROM assessments WHERE user_id = ? AND (? = '' OR instrument = ?) AND perspective = "
                                 "? AND taken_at < ? ORDER BY taken_at DESC, id DESC LIMIT 1";
  return One(s, c.QueryOne(sql, {user_id, instrument, instrument, perspective, before}));
}

Result<std::int64_t> Delete(db::Connection& c, const std::string& user_id, const std::string& id) {
  return c.Exec("DELETE FROM assessments WHERE user_id = ? AND id = ?", {user_id, id});
}

Result<std::int64_t> SetShared(db::Connection& c, const std::string& user_id, const std::string& id, bool shared) {
  return c.Exec("UPDATE assessments SET shared = ? WHERE user_id = ? AND id = ?", {std::int64_t{shared}, user_id, id});
}

Status PutDraft(db::Connection& c, const crypto::Sealer& s, const std::string& user_id, const Draft& d) {
  RK_TRY(c.Exec("INSERT INTO assessment_drafts (user_id, instrument, perspective, answers, share_with_partner, "
                "updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET instrument = "
                "excluded.instrument, perspective = excluded.perspective, answers = excluded.answers, "
                "share_with_partner = excluded.share_with_partner, updated_at = excluded.updated_at",
                {user_id, d.instrument, d.perspective, s.Seal(AnswersJson(d.answers), DraftContext(user_id)),
                 std::int64_t{d.share_with_partner},
                 d.updated_at}));
  return {};
}

Result<std::optional<Draft>> GetDraft(db::Connection& c, const crypto::Sealer& s, const std::string& user_id) {
  RK_ASSIGN_OR_RETURN(auto row, c.QueryOne("SELECT instrument, perspective, answers, share_with_partner, updated_at "
                                           "FROM assessment_drafts WHERE user_id = ?",
                                           {user_id}));
  if (!row) return std::optional<Draft>();
  RK_ASSIGN_OR_RETURN(std::string answers, s.Open(row->Text(2), DraftContext(user_id)));
  return std::optional<Draft>(Draft{row->Text(0), row->Text(1), ParseAnswers(answers), row->Bool(3), row->Int(4)});
}

Status DeleteDraft(db::Connection& c, const std::string& user_id) {
  RK_TRY(c.Exec("DELETE FROM assessment_drafts WHERE user_id = ?", {user_id}));
  return {};
}

Result<std::int64_t> Reseal(db::Connection& c, const crypto::Sealer& s) {
  const db::SealedColumn columns[] = {
      {"SELECT id, answers FROM assessments", "UPDATE assessments SET answers = ? WHERE id = ? AND answers = ?",
       [](const db::Row& r) { return AnswersContext(r.Text(0)); }},
      {"SELECT user_id, answers FROM assessment_drafts",
       "UPDATE assessment_drafts SET answers = ? WHERE user_id = ? AND answers = ?",
       [](const db::Row& r) { return DraftContext(r.Text(0)); }},
  };
  return db::ResealColumns(c, s, columns);
}

}  // namespace rk::triangle::repo
