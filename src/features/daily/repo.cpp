#include "features/daily/repo.hpp"

#include "platform/db/reseal.hpp"

namespace rk::daily::repo {
namespace {
std::string DailyContext(const std::string& couple, std::int64_t day, const std::string& user) {
  return "daily_answers:" + couple + ":" + std::to_string(day) + ":" + user;
}
}  // namespace

Result<std::optional<std::string>> DailyQuestion(db::Connection& c, const std::string& couple_id, std::int64_t day) {
  RK_ASSIGN_OR_RETURN(auto row, c.QueryOne("SELECT question_id FROM daily_questions WHERE couple_id = ? AND day = ?",
                                           {couple_id, day}));
  if (!row) return std::optional<std::string>();
  return std::optional<std::string>(row->Text(0));
}

Result<std::set<std::string>> QuestionsBetween(db::Connection& c, const std::string& couple_id, std::int64_t from,
                                               std::int64_t to) {
  RK_ASSIGN_OR_RETURN(auto rows, c.Query("SELECT question_id FROM daily_questions WHERE couple_id = ? AND day >= ? AND "
                                         "day < ?",
                                         {couple_id, from, to}));
  std::set<std::string> out;
  for (const auto& r : rows) out.insert(r.Text(0));
  return out;
}

Status ChooseDailyQuestion(db::Connection& c, const std::string& couple_id, std::int64_t day, const std::string& question) {
  RK_TRY(c.Exec("INSERT INTO daily_questions (couple_id, day, question_id) VALUES (?, ?, ?) ON CONFLICT (couple_id, "
                "day) DO NOTHING",
                {couple_id, day, question}));
  return {};
}

Status LockDay(db::Connection& c, const std::string& couple_id, std::int64_t day) {
  // A no-op write: on PostgreSQL it takes the row's lock; SQLite's write transaction
  // holds the whole database already.
  RK_TRY(c.Exec("UPDATE daily_questions SET question_id = question_id WHERE couple_id = ? AND day = ?", {couple_id, day}));
  return {};
}

Result<std::vector<DailyAnswer>> DailyAnswers(db::Connection& c, const crypto::Sealer& s, const std::string& couple_id,
                                              std::int64_t day) {
  RK_ASSIGN_OR_RETURN(auto rows, c.Query("SELECT user_id, text, answered_at FROM daily_answers WHERE couple_id = ? AND "
                                         "day = ?",
                                         {couple_id, day}));
  std::vector<DailyAnswer> out;
  for (const auto& r : rows) {
    RK_ASSIGN_OR_RETURN(std::string text, s.Open(r.Text(1), DailyContext(couple_id, day, r.Text(0))));
    out.push_back({r.Text(0), std::move(text), r.Int(2)});
  }
  return out;
}

Status PutDailyAnswer(db::Connection& c, const crypto::Sealer& s, const std::string& couple_id, std::int64_t day,
                      const std::string& user_id, const std::string& text, Millis now) {
  RK_TRY(c.Exec("INSERT INTO daily_answers (couple_id, day, user_id, text, answered_at) VALUES (?, ?, ?, ?, ?) ON "
                "CONFLICT (couple_id, day, user_id) DO UPDATE SET text = excluded.text, answered_at = excluded.answered_at",
                {couple_id, day, user_id, s.Seal(text, DailyContext(couple_id, day, user_id)), now}));
  return {};
}

Result<std::vector<std::pair<std::int64_t, std::string>>> DailyHistory(db::Connection& c, const std::string& couple_id,
                                                                       std::int64_t before, int limit) {
  RK_ASSIGN_OR_RETURN(auto rows, c.Query("SELECT day, question_id FROM daily_questions WHERE couple_id = ? AND day < ? "
                                         "ORDER BY day DESC LIMIT ?",
                                         {couple_id, before, std::int64_t{limit}}));
  std::vector<std::pair<std::int64_t, std::string>> out;
  for (const auto& r : rows) out.emplace_back(r.Int(0), r.Text(1));
  return out;
}

Result<std::int64_t> Reseal(db::Connection& c, const crypto::Sealer& s) {
  const db::SealedColumn columns[] = {
      {"SELECT couple_id, day, user_id, text FROM daily_answers",
       "UPDATE daily_answers SET text = ? WHERE couple_id = ? AND day = ? AND user_id = ? AND text = ?",
       [](const db::Row& r) { return DailyContext(r.Text(0), r.Int(1), r.Text(2)); }},
  };
  return db::ResealColumns(c, s, columns);
}

}  // namespace rk::daily::repo
