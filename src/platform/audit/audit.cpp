#include "platform/audit/audit.hpp"

#include "platform/crypto/crypto.hpp"

namespace rk::audit {
namespace {

// Any number that is ours alone among PostgreSQL advisory locks.
constexpr std::int64_t kAppendLock = 7262011;

// Each field with its length in front, so that no two different entries hash the same
// text ("ab" + "c" and "a" + "bc" differ).
void Put(std::string& out, std::string_view field) {
  out += std::to_string(field.size());
  out += ':';
  out += field;
}

Entry ToEntry(const db::Row& r) {
  return Entry{r.Int(0),
               r.Int(1),
               Event{r.Text(2), r.Text(3), r.Text(4), r.Text(5), r.Text(6), r.Text(7)},
               r.Text(8),
               r.Text(9)};
}

constexpr std::string_view kColumns =
    "SELECT seq, at, actor_id, action, object_type, object_id, detail, request_id, prev_hash, hash FROM audit_log ";

}  // namespace

std::string HashOf(std::int64_t seq, Millis at, const Event& e, const std::string& prev_hash) {
  const std::string seq_text = std::to_string(seq), at_text = std::to_string(at);
  std::string text;
  for (const std::string* f : {&prev_hash, &seq_text, &at_text, &e.actor_id, &e.action, &e.object_type, &e.object_id,
                               &e.detail, &e.request_id})
    Put(text, *f);
  return crypto::Sha256Hex(text);
}

Status Append(db::Connection& c, const Event& e, Millis at) {
  if (c.dialect() == db::Dialect::kPostgres) RK_TRY(c.Query("SELECT pg_advisory_xact_lock(?)", {kAppendLock}));
  RK_ASSIGN_OR_RETURN(auto last, c.QueryOne("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1"));
  const std::int64_t seq = last ? last->Int(0) + 1 : 1;
  const std::string prev = last ? last->Text(1) : std::string(64, '0');
  RK_TRY(c.Exec("INSERT INTO audit_log (seq, at, actor_id, action, object_type, object_id, detail, request_id, "
                "prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                {seq, at, e.actor_id, e.action, e.object_type, e.object_id, e.detail, e.request_id, prev,
                 HashOf(seq, at, e, prev)}));
  return {};
}

Result<std::vector<Entry>> List(db::Connection& c, std::optional<std::int64_t> before_seq, int limit,
                                const std::string& object_type, const std::string& object_id) {
  const std::int64_t before = before_seq.value_or(INT64_MAX);
  Result<db::Rows> rows = object_type.empty()
      ? c.Query(std::string(kColumns) + "WHERE seq < ? ORDER BY seq DESC LIMIT ?", {before, std::int64_t{limit}})
      : c.Query(std::string(kColumns) + "WHERE object_type = ? AND object_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?",
                {object_type, object_id, before, std::int64_t{limit}});
  if (!rows.ok()) return std::move(rows).error();
  std::vector<Entry> out;
  for (const db::Row& r : *rows) out.push_back(ToEntry(r));
  return out;
}

Result<std::optional<std::int64_t>> Verify(db::Connection& c) {
  std::string prev(64, '0');
  std::int64_t expected = 1;
  // In pages, so that a long log is never read into memory at once.
  for (std::int64_t after = 0;;) {
    RK_ASSIGN_OR_RETURN(auto rows, c.Query(std::string(kColumns) + "WHERE seq > ? ORDER BY seq LIMIT 1000", {after}));
    if (rows.empty()) return std::optional<std::int64_t>();
    for (const db::Row& r : rows) {
      const Entry e = ToEntry(r);
      if (e.seq != expected || e.prev_hash != prev || e.hash != HashOf(e.seq, e.at, e.event, e.prev_hash))
        return std::optional<std::int64_t>(e.seq);
      prev = e.hash;
      ++expected;
      after = e.seq;
    }
  }
}

}  // namespace rk::audit
