#include "features/conversations/repo.hpp"

#include "platform/db/reseal.hpp"

namespace rk::conversations::repo {
namespace {
std::string NoteContext(const std::string& id) { return "conversation_notes:" + id; }
}  // namespace

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

Status ForgetStarter(db::Connection& c, const std::string& user_id) {
  RK_TRY(c.Exec("UPDATE conversations SET started_by = 'erased' WHERE started_by = ?", {user_id}));
  return {};
}

Result<std::int64_t> Reseal(db::Connection& c, const crypto::Sealer& s) {
  const db::SealedColumn columns[] = {
      {"SELECT id, text FROM conversation_notes", "UPDATE conversation_notes SET text = ? WHERE id = ? AND text = ?",
       [](const db::Row& r) { return NoteContext(r.Text(0)); }},
  };
  return db::ResealColumns(c, s, columns);
}

}  // namespace rk::conversations::repo
