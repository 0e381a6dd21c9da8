#include "features/room/repo.hpp"

#include "platform/db/reseal.hpp"

namespace rk::room::repo {
namespace {

std::string TextContext(const std::string& id) { return "room_messages:" + id + ":text"; }
std::string DataContext(const std::string& id) { return "room_attachments:" + id + ":data"; }

constexpr std::string_view kMessageColumns =
    "SELECT id, thread, author_id, text, attachment_type, attachment_size, created_at FROM room_messages ";

Result<Message> ToMessage(const crypto::Sealer& s, const db::Row& r) {
  RK_ASSIGN_OR_RETURN(std::string text, s.Open(r.Text(3), TextContext(r.Text(0))));
  return Message{r.Text(0), r.Text(1), r.Text(2), std::move(text), r.OptText(4), r.OptInt(5).value_or(0), r.Int(6)};
}

}  // namespace

Result<std::optional<Policy>> FindPolicy(db::Connection& c, const std::string& therapist_id) {
  RK_ASSIGN_OR_RETURN(auto row, c.QueryOne("SELECT version, text, updated_at FROM room_policies WHERE therapist_id = ?",
                                           {therapist_id}));
  if (!row) return std::optional<Policy>();
  return std::optional<Policy>(Policy{row->Int(0), row->Text(1), row->Int(2)});
}

Result<Policy> SavePolicy(db::Connection& c, const std::string& therapist_id, const std::string& text, Millis now) {
  RK_TRY(c.Exec("INSERT INTO room_policies (therapist_id, version, text, updated_at) VALUES (?, 1, ?, ?) ON CONFLICT "
                "(therapist_id) DO UPDATE SET version = room_policies.version + 1, text = excluded.text, updated_at = "
                "excluded.updated_at",
                {therapist_id, text, now}));
  RK_ASSIGN_OR_RETURN(auto p, FindPolicy(c, therapist_id));
  if (!p) return Error::Internal("a policy just written is not there");
  return std::move(*p);
}

Result<std::optional<std::int64_t>> Acknowledged(db::Connection& c, const std::string& relationship_id,
                                                 const std::string& user_id) {
  RK_ASSIGN_OR_RETURN(auto row, c.QueryOne("SELECT version FROM room_acknowledgements WHERE relationship_id = ? AND "
                                           "user_id = ?",
                                           {relationship_id, user_id}));
  if (!row) return std::optional<std::int64_t>();
  return std::optional<std::int64_t>(row->Int(0));
}

Status Acknowledge(db::Connection& c, const std::string& relationship_id, const std::string& user_id,
                   std::int64_t version, Millis now) {
  RK_TRY(c.Exec("INSERT INTO room_acknowledgements (relationship_id, user_id, version, acknowledged_at) VALUES (?, ?, ?, "
                "?) ON CONFLICT (relationship_id, user_id) DO UPDATE SET version = excluded.version, acknowledged_at = "
                "excluded.acknowledged_at WHERE room_acknowledgements.version < excluded.version",
                {relationship_id, user_id, version, now}));
  return {};
}

Status InsertMessage(db::Connection& c, const crypto::Sealer& s, const std::string& relationship_id,
                     const std::optional<std::string>& private_to, const Message& m,
                     const std::optional<std::string>& attachment) {
  RK_TRY(c.Exec("INSERT INTO room_messages (id, relationship_id, thread, private_to, author_id, text, attachment_type, "
                "attachment_size, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                {m.id, relationship_id, m.thread, private_to ? db::Value(*private_to) : db::Value(nullptr), m.author_id,
                 s.Seal(m.text, TextContext(m.id)),
                 m.attachment_type ? db::Value(*m.attachment_type) : db::Value(nullptr),
                 m.attachment_type ? db::Value(m.attachment_size) : db::Value(nullptr), m.created_at}));
  if (attachment)
    RK_TRY(c.Exec("INSERT INTO room_attachments (message_id, data) VALUES (?, ?)",
                  {m.id, s.Seal(*attachment, DataContext(m.id))}));
  return {};
}

Result<std::vector<Message>> Messages(db::Connection& c, const crypto::Sealer& s, const std::string& relationship_id,
                                      const std::string& thread, const std::string& before, int limit) {
  static const std::string sql = std::string(kMessageColumns) +
                                 "WHERE relationship_id = ? AND thread = ? AND (? = '' OR id < ?) ORDER BY id DESC "
                                 "LIMIT ?";
  RK_ASSIGN_OR_RETURN(auto rows, c.Query(sql, {relationship_id, thread, before, before, std::int64_t{limit}}));
  std::vector<Message> out;
  for (const auto& r : rows) {
    RK_ASSIGN_OR_RETURN(Message m, ToMessage(s, r));
    out.push_back(std::move(m));
  }
  return out;
}

Result<std::optional<Message>> FindMessage(db::Connection& c, const crypto::Sealer& s,
                                           const std::string& relationship_id, const std::string& id) {
  static const std::string sql = std::string(kMessageColumns) + "WHERE relationship_id = ? AND id = ?";
  RK_ASSIGN_OR_RETURN(auto row, c.QueryOne(sql, {relationship_id, id}));
  if (!row) return std::optional<Message>();
  RK_ASSIGN_OR_RETURN(Message m, ToMessage(s, *row));
  return std::optional<Message>(std::move(m));
}

Result<std::optional<std::string>> Attachment(db::Connection& c, const crypto::Sealer& s, const std::string& message_id) {
  RK_ASSIGN_OR_RETURN(auto row, c.QueryOne("SELECT data FROM room_attachments WHERE message_id = ?", {message_id}));
  if (!row) return std::optional<std::string>();
  RK_ASSIGN_OR_RETURN(std::string data, s.Open(row->Text(0), DataContext(message_id)));
  return std::optional<std::string>(std::move(data));
}

Result<std::vector<std::string>> PrivateThreads(db::Connection& c, const std::string& relationship_id) {
  RK_ASSIGN_OR_RETURN(auto rows, c.Query("SELECT DISTINCT thread FROM room_messages WHERE relationship_id = ? AND "
                                         "private_to IS NOT NULL ORDER BY thread",
                                         {relationship_id}));
  std::vector<std::string> out;
  for (const auto& r : rows) out.push_back(r.Text(0));
  return out;
}

Result<bool> MarkRead(db::Connection& c, const std::string& relationship_id, const std::string& thread,
                      const std::string& user_id, const std::string& up_to) {
  RK_ASSIGN_OR_RETURN(std::int64_t n, c.Exec("INSERT INTO room_reads (relationship_id, thread, user_id, up_to) VALUES (?, ?, ?, ?) ON CONFLICT "
                "(relationship_id, thread, user_id) DO UPDATE SET up_to = excluded.up_to WHERE room_reads.up_to < "
                "excluded.up_to",
                {relationship_id, thread, user_id, up_to}));
  return n > 0;
}

Result<std::vector<std::pair<std::string, std::string>>> Reads(db::Connection& c, const std::string& relationship_id,
                                                              const std::string& thread) {
  RK_ASSIGN_OR_RETURN(auto rows, c.Query("SELECT user_id, up_to FROM room_reads WHERE relationship_id = ? AND thread = ?",
                                         {relationship_id, thread}));
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& r : rows) out.emplace_back(r.Text(0), r.Text(1));
  return out;
}

Result<std::int64_t> Unread(db::Connection& c, const std::string& relationship_id, const std::string& thread,
                            const std::string& user_id) {
  RK_ASSIGN_OR_RETURN(auto row, c.QueryOne("SELECT COUNT(*) FROM room_messages m WHERE m.relationship_id = ? AND "
                                           "m.thread = ? AND m.author_id <> ? AND m.id > COALESCE((SELECT up_to FROM "
                                           "room_reads r WHERE r.relationship_id = m.relationship_id AND r.thread = "
                                           "m.thread AND r.user_id = ?), '')",
                                           {relationship_id, thread, user_id, user_id}));
  return row ? row->Int(0) : 0;
}

Result<std::int64_t> Reseal(db::Connection& c, const crypto::Sealer& s) {
  const db::SealedColumn columns[] = {
      {"SELECT id, text FROM room_messages", "UPDATE room_messages SET text = ? WHERE id = ? AND text = ?",
       [](const db::Row& r) { return TextContext(r.Text(0)); }},
      {"SELECT message_id, data FROM room_attachments",
       "UPDATE room_attachments SET data = ? WHERE message_id = ? AND data = ?",
       [](const db::Row& r) { return DataContext(r.Text(0)); }},
  };
  return db::ResealColumns(c, s, columns);
}

}  // namespace rk::room::repo
