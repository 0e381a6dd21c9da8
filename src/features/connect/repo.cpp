#include "features/connect/repo.hpp"

#include "platform/db/reseal.hpp"

namespace rk::connect::repo {
namespace {
std::string DailyContext(const std::string& couple, std::int64_t day, const std::string& user) {
  return "daily_answers:" + couple + ":" + std::to_string(day) + ":" + user;
}
std::string DesireContext(const std::string& couple, const std::string& user, const std::string& item) {
  return "desire_answers:" + couple + ":" + user + ":" + item;
}
std::string NoteContext(const std::string& id) { return "conversation_notes:" + id; }
std::string MessageContext(const std::string& id) { return "chat_messages:" + id; }
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

Result<std::map<std::string, Desire>> Desires(db::Connection& c, const crypto::Sealer& s, const std::string& couple_id,
                                              const std::string& user_id) {
  RK_ASSIGN_OR_RETURN(auto rows, c.Query("SELECT item_id, answer FROM desire_answers WHERE couple_id = ? AND user_id = ?",
                                         {couple_id, user_id}));
  std::map<std::string, Desire> out;
  for (const auto& r : rows) {
    RK_ASSIGN_OR_RETURN(std::string answer, s.Open(r.Text(1), DesireContext(couple_id, user_id, r.Text(0))));
    if (auto d = ParseDesire(answer)) out[r.Text(0)] = *d;
  }
  return out;
}

Status PutDesire(db::Connection& c, const crypto::Sealer& s, const std::string& couple_id, const std::string& user_id,
                 const std::string& item, Desire answer) {
  RK_TRY(c.Exec("INSERT INTO desire_answers (couple_id, user_id, item_id, answer) VALUES (?, ?, ?, ?) ON CONFLICT "
                "(couple_id, user_id, item_id) DO UPDATE SET answer = excluded.answer",
                {couple_id, user_id, item, s.Seal(DesireName(answer), DesireContext(couple_id, user_id, item))}));
  return {};
}

Status DeleteDesire(db::Connection& c, const std::string& couple_id, const std::string& user_id, const std::string& item) {
  RK_TRY(c.Exec("DELETE FROM desire_answers WHERE couple_id = ? AND user_id = ? AND item_id = ?", {couple_id, user_id, item}));
  return {};
}

namespace {
constexpr std::string_view kConversationColumns =
    "id, couple_id, guide_id, started_by, status, step, started_at, finished_at";
Conversation ToConversation(const db::Row& r) {
  return Conversation{r.Text(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4), static_cast<int>(r.Int(5)), r.Int(6), r.OptInt(7)};
}
Result<std::optional<Conversation>> OneConversation(Result<std::optional<db::Row>> row) {
  if (!row.ok()) return std::move(row).error();
  if (!*row) return std::optional<Conversation>();
  return std::optional<Conversation>(ToConversation(**row));
}
}  // namespace

Status InsertConversation(db::Connection& c, const Conversation& v) {
  RK_TRY(c.Exec("INSERT INTO conversations (id, couple_id, guide_id, started_by, status, step, started_at) VALUES (?, ?, "
                "?, ?, ?, ?, ?)",
                {v.id, v.couple_id, v.guide_id, v.started_by, v.status, std::int64_t{v.step}, v.started_at}));
  return {};
}

Result<std::optional<Conversation>> FindConversation(db::Connection& c, const std::string& couple_id, const std::string& id) {
  static const std::string sql =
      "SELECT " + std::string(kConversationColumns) + " FROM conversations WHERE couple_id = ? AND id = ?";
  return OneConversation(c.QueryOne(sql, {couple_id, id}));
}

Result<std::optional<Conversation>> ActiveConversation(db::Connection& c, const std::string& couple_id) {
  static const std::string sql = "SELECT " + std::string(kConversationColumns) +
                                 " FROM conversations WHERE couple_id = ? AND status = 'active' ORDER BY started_at DESC "
                                 "LIMIT 1";
  return OneConversation(c.QueryOne(sql, {couple_id}));
}

Result<std::vector<Conversation>> Conversations(db::Connection& c, const std::string& couple_id, int limit) {
  static const std::string sql = "SELECT " + std::string(kConversationColumns) +
                                 " FROM conversations WHERE couple_id = ? ORDER BY started_at DESC, id DESC LIMIT ?";
  RK_ASSIGN_OR_RETURN(auto rows, c.Query(sql, {couple_id, std::int64_t{limit}}));
  std::vector<Conversation> out;
  for (const auto& r : rows) out.push_back(ToConversation(r));
  return out;
}

Result<std::int64_t> MoveStep(db::Connection& c, const std::string& id, int from, int to) {
  return c.Exec("UPDATE conversations SET step = ? WHERE id = ? AND step = ? AND status = 'active'",
                {std::int64_t{to}, id, std::int64_t{from}});
}

Status Finish(db::Connection& c, const std::string& id, Millis now) {
  RK_TRY(c.Exec("UPDATE conversations SET status = 'finished', finished_at = ? WHERE id = ? AND status = 'active'", {now, id}));
  return {};
}

Status InsertNote(db::Connection& c, const crypto::Sealer& s, const std::string& conversation_id, const Note& n) {
  RK_TRY(c.Exec("INSERT INTO conversation_notes (id, conversation_id, author_id, shared, text, created_at) VALUES (?, ?, "
                "?, ?, ?, ?)",
                {n.id, conversation_id, n.author_id, std::int64_t{n.shared}, s.Seal(n.text, NoteContext(n.id)), n.created_at}));
  return {};
}

Result<std::vector<Note>> NotesFor(db::Connection& c, const crypto::Sealer& s, const std::string& conversation_id,
                                   const std::string& user_id) {
  RK_ASSIGN_OR_RETURN(auto rows, c.Query("SELECT id, author_id, text, shared, created_at FROM conversation_notes WHERE "
                                         "conversation_id = ? AND (shared = 1 OR author_id = ?) ORDER BY created_at, id",
                                         {conversation_id, user_id}));
  std::vector<Note> out;
  for (const auto& r : rows) {
    RK_ASSIGN_OR_RETURN(std::string text, s.Open(r.Text(2), NoteContext(r.Text(0))));
    out.push_back({r.Text(0), r.Text(1), std::move(text), r.Bool(3), r.Int(4)});
  }
  return out;
}

Status InsertMessage(db::Connection& c, const crypto::Sealer& s, const std::string& couple_id, const Message& m) {
  RK_TRY(c.Exec("INSERT INTO chat_messages (id, couple_id, author_id, text, created_at) VALUES (?, ?, ?, ?, ?)",
                {m.id, couple_id, m.author_id, s.Seal(m.text, MessageContext(m.id)), m.created_at}));
  return {};
}

Result<std::vector<Message>> Messages(db::Connection& c, const crypto::Sealer& s, const std::string& couple_id,
                                      const std::string& before, int limit) {
  RK_ASSIGN_OR_RETURN(auto rows, c.Query("SELECT id, author_id, text, created_at FROM chat_messages WHERE couple_id = ? "
                                         "AND (? = '' OR id < ?) ORDER BY id DESC LIMIT ?",
                                         {couple_id, before, before, std::int64_t{limit}}));
  std::vector<Message> out;
  for (const auto& r : rows) {
    RK_ASSIGN_OR_RETURN(std::string text, s.Open(r.Text(2), MessageContext(r.Text(0))));
    out.push_back({r.Text(0), r.Text(1), std::move(text), r.Int(3)});
  }
  return out;
}

Result<bool> MessageExists(db::Connection& c, const std::string& couple_id, const std::string& id) {
  RK_ASSIGN_OR_RETURN(auto row, c.QueryOne("SELECT 1 FROM chat_messages WHERE couple_id = ? AND id = ?", {couple_id, id}));
  return row.has_value();
}

Status MarkRead(db::Connection& c, const std::string& couple_id, const std::string& user_id, const std::string& up_to) {
  RK_TRY(c.Exec("INSERT INTO chat_reads (couple_id, user_id, up_to) VALUES (?, ?, ?) ON CONFLICT (couple_id, user_id) DO "
                "UPDATE SET up_to = excluded.up_to WHERE chat_reads.up_to < excluded.up_to",
                {couple_id, user_id, up_to}));
  return {};
}

Result<std::optional<std::string>> ReadUpTo(db::Connection& c, const std::string& couple_id, const std::string& user_id) {
  RK_ASSIGN_OR_RETURN(auto row, c.QueryOne("SELECT up_to FROM chat_reads WHERE couple_id = ? AND user_id = ?",
                                           {couple_id, user_id}));
  if (!row) return std::optional<std::string>();
  return std::optional<std::string>(row->Text(0));
}

Result<std::int64_t> Reseal(db::Connection& c, const crypto::Sealer& s) {
  const db::SealedColumn columns[] = {
      {"SELECT id, text FROM chat_messages", "UPDATE chat_messages SET text = ? WHERE id = ? AND text = ?",
       [](const db::Row& r) { return MessageContext(r.Text(0)); }},
      {"SELECT couple_id, day, user_id, text FROM daily_answers",
       "UPDATE daily_answers SET text = ? WHERE couple_id = ? AND day = ? AND user_id = ? AND text = ?",
       [](const db::Row& r) { return DailyContext(r.Text(0), r.Int(1), r.Text(2)); }},
      {"SELECT couple_id, user_id, item_id, answer FROM desire_answers",
       "UPDATE desire_answers SET answer = ? WHERE couple_id = ? AND user_id = ? AND item_id = ? AND answer = ?",
       [](const db::Row& r) { return DesireContext(r.Text(0), r.Text(1), r.Text(2)); }},
      {"SELECT id, text FROM conversation_notes", "UPDATE conversation_notes SET text = ? WHERE id = ? AND text = ?",
       [](const db::Row& r) { return NoteContext(r.Text(0)); }},
  };
  return db::ResealColumns(c, s, columns);
}

}  // namespace rk::connect::repo
