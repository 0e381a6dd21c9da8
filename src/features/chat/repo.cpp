#include "features/chat/repo.hpp"

#include "platform/db/reseal.hpp"

namespace rk::chat::repo {
namespace {
std::string MessageContext(const std::string& id) { return "chat_messages:" + id; }
}  // namespace

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

Status DeleteByAuthor(db::Connection& c, const std::string& user_id) {
  RK_TRY(c.Exec("DELETE FROM chat_messages WHERE author_id = ?", {user_id}));
  return {};
}

Result<std::int64_t> Reseal(db::Connection& c, const crypto::Sealer& s) {
  const db::SealedColumn columns[] = {
      {"SELECT id, text FROM chat_messages", "UPDATE chat_messages SET text = ? WHERE id = ? AND text = ?",
       [](const db::Row& r) { return MessageContext(r.Text(0)); }},
  };
  return db::ResealColumns(c, s, columns);
}

}  // namespace rk::chat::repo
