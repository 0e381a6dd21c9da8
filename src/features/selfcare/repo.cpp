#include "features/selfcare/repo.hpp"

#include "features/selfcare/summary.hpp"
#include "platform/db/reseal.hpp"

namespace rk::selfcare::repo {
namespace {

// Each sealed value is bound to its table, row and column: a title cannot be opened as
// a body, nor one person's note as another's.
std::string EntryContext(const std::string& id, const char* column) { return "selfcare_entries:" + id + ":" + column; }
std::string JournalContext(const std::string& id, const char* column) { return "journal_entries:" + id + ":" + column; }

constexpr const char* kEntryColumns =
    "SELECT id, day, kind, label, minutes, mood, energy, note, created_at, updated_at FROM selfcare_entries ";

Result<Entry> EntryFrom(const crypto::Sealer& s, const db::Row& r) {
  Entry e{r.Text(0), r.Int(1), r.Text(2), {}, static_cast<int>(r.Int(4)), static_cast<int>(r.Int(5)),
          static_cast<int>(r.Int(6)), {}, r.Int(8), r.Int(9)};
  RK_ASSIGN_OR_RETURN(e.label, s.Open(r.Text(3), EntryContext(e.id, "label")));
  RK_ASSIGN_OR_RETURN(e.note, s.Open(r.Text(7), EntryContext(e.id, "note")));
  return e;
}

Result<std::vector<Entry>> EntriesFrom(const crypto::Sealer& s, const db::Rows& rows) {
  std::vector<Entry> out;
  out.reserve(rows.size());
  for (const auto& r : rows) {
    RK_ASSIGN_OR_RETURN(Entry e, EntryFrom(s, r));
    out.push_back(std::move(e));
  }
  return out;
}

constexpr const char* kJournalColumns =
    "SELECT id, title, body, shared_couple_id, shared_at, created_at, updated_at FROM journal_entries ";

// An entry as stored: title and body still sealed.
JournalEntry SealedJournalFrom(const db::Row& r) {
  return {r.Text(0), r.Text(1), r.Text(2), r.OptText(3), r.OptInt(4), r.Int(5), r.Int(6)};
}

Result<std::vector<JournalEntry>> JournalFrom(const crypto::Sealer& s, const db::Rows& rows) {
  std::vector<JournalEntry> out;
  out.reserve(rows.size());
  for (const auto& r : rows) {
    JournalEntry e = SealedJournalFrom(r);
    RK_TRY(OpenJournal(s, e));
    out.push_back(std::move(e));
  }
  return out;
}

Result<std::optional<JournalEntry>> OneJournal(const crypto::Sealer& s, Result<std::optional<db::Row>> row) {
  if (!row.ok()) return std::move(row).error();
  if (!*row) return std::optional<JournalEntry>();
  JournalEntry e = SealedJournalFrom(**row);
  RK_TRY(OpenJournal(s, e));
  return std::optional<JournalEntry>(std::move(e));
}

}  // namespace

Status InsertEntry(db::Connection& c, const crypto::Sealer& s, const std::string& user_id, const Entry& e) {
  RK_TRY(c.Exec("INSERT INTO selfcare_entries (id, user_id, day, kind, label, minutes, mood, energy, note, created_at, "
                "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                {e.id, user_id, e.day, e.kind, s.Seal(e.label, EntryContext(e.id, "label")), std::int64_t{e.minutes},
                 std::int64_t{e.mood}, std::int64_t{e.energy}, s.Seal(e.note, EntryContext(e.id, "note")), e.created_at,
                 e.updated_at}));
  return {};
}

Result<std::optional<Entry>> FindEntry(db::Connection& c, const crypto::Sealer& s, const std::string& user_id,
                                       const std::string& id) {
  static const std::string sql = std::string(kEntryColumns) + "WHERE user_id = ? AND id = ?";
  RK_ASSIGN_OR_RETURN(auto row, c.QueryOne(sql, {user_id, id}));
  if (!row) return std::optional<Entry>();
  RK_ASSIGN_OR_RETURN(Entry e, EntryFrom(s, *row));
  return std::optional<Entry>(std::move(e));
}

Result<bool> LockEntry(db::Connection& c, const std::string& user_id, const std::string& id) {
  // A no-op write: on PostgreSQL it takes the row's lock.
  RK_ASSIGN_OR_RETURN(std::int64_t n, c.Exec("UPDATE selfcare_entries SET updated_at = updated_at WHERE user_id = ? AND "
                                             "id = ?",
                                             {user_id, id}));
  return n > 0;
}

Result<bool> UpdateEntry(db::Connection& c, const crypto::Sealer& s, const std::string& user_id, const Entry& e) {
  RK_ASSIGN_OR_RETURN(std::int64_t n,
                      c.Exec("UPDATE selfcare_entries SET day = ?, kind = ?, label = ?, minutes = ?, mood = ?, energy = ?, "
                             "note = ?, updated_at = ? WHERE user_id = ? AND id = ?",
                             {e.day, e.kind, s.Seal(e.label, EntryContext(e.id, "label")), std::int64_t{e.minutes},
                              std::int64_t{e.mood}, std::int64_t{e.energy}, s.Seal(e.note, EntryContext(e.id, "note")),
                              e.updated_at, user_id, e.id}));
  return n > 0;
}

Result<bool> DeleteEntry(db::Connection& c, const std::string& user_id, const std::string& id) {
  RK_ASSIGN_OR_RETURN(std::int64_t n, c.Exec("DELETE FROM selfcare_entries WHERE user_id = ? AND id = ?", {user_id, id}));
  return n > 0;
}

Result<std::vector<Entry>> ListEntries(db::Connection& c, const crypto::Sealer& s, const std::string& user_id,
                                       std::int64_t from, std::int64_t to, const std::optional<EntryCursor>& after,
                                       int limit) {
  // Without a cursor, "before the day after `to`" is everything in the range.
  const EntryCursor start = after.value_or(EntryCursor{to + 1, ""});
  static const std::string sql = std::string(kEntryColumns) +
                                 "WHERE user_id = ? AND day >= ? AND day <= ? AND (day < ? OR (day = ? AND id < ?)) "
                                 "ORDER BY day DESC, id DESC LIMIT ?";
  RK_ASSIGN_OR_RETURN(auto rows, c.Query(sql, {user_id, from, to, start.day, start.day, start.id, std::int64_t{limit}}));
  return EntriesFrom(s, rows);
}

Status InsertJournal(db::Connection& c, const crypto::Sealer& s, const std::string& user_id, const JournalEntry& e) {
  RK_TRY(c.Exec("INSERT INTO journal_entries (id, user_id, title, body, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                {e.id, user_id, s.Seal(e.title, JournalContext(e.id, "title")), s.Seal(e.body, JournalContext(e.id, "body")),
                 e.created_at, e.updated_at}));
  return {};
}

Result<std::optional<JournalEntry>> FindJournal(db::Connection& c, const crypto::Sealer& s, const std::string& user_id,
                                                const std::string& id) {
  static const std::string sql = std::string(kJournalColumns) + "WHERE user_id = ? AND id = ?";
  return OneJournal(s, c.QueryOne(sql, {user_id, id}));
}

Result<std::vector<JournalEntry>> ListJournal(db::Connection& c, const crypto::Sealer& s, const std::string& user_id,
                                              const std::string& before, int limit) {
  static const std::string sql =
      std::string(kJournalColumns) + "WHERE user_id = ? AND (? = '' OR id < ?) ORDER BY id DESC LIMIT ?";
  RK_ASSIGN_OR_RETURN(auto rows, c.Query(sql, {user_id, before, before, std::int64_t{limit}}));
  return JournalFrom(s, rows);
}

Result<SealedPage> ListJournalSealed(db::Connection& c, const std::string& user_id, const std::string& before, int limit,
                                     std::size_t max_bytes) {
  // First only the sizes, to find where the page must stop (one more than the limit
  // tells whether there are more); then the text up to there.
  RK_ASSIGN_OR_RETURN(auto sizes, c.Query("SELECT id, LENGTH(title) + LENGTH(body) FROM journal_entries WHERE user_id = ? "
                                          "AND (? = '' OR id < ?) ORDER BY id DESC LIMIT ?",
                                          {user_id, before, before, std::int64_t{limit} + 1}));
  SealedPage page;
  std::size_t bytes = 0, count = 0;
  for (const auto& r : sizes) {
    bytes += static_cast<std::size_t>(r.Int(1));
    if (count == static_cast<std::size_t>(limit) || (count > 0 && bytes > max_bytes)) break;
    ++count;
  }
  page.more = count < sizes.size();
  if (count == 0) return page;
  static const std::string sql =
      std::string(kJournalColumns) + "WHERE user_id = ? AND id <= ? AND id >= ? ORDER BY id DESC";
  RK_ASSIGN_OR_RETURN(auto rows, c.Query(sql, {user_id, sizes.front().Text(0), sizes[count - 1].Text(0)}));
  page.entries.reserve(rows.size());
  for (const auto& r : rows) page.entries.push_back(SealedJournalFrom(r));
  return page;
}

Status OpenJournal(const crypto::Sealer& s, JournalEntry& e) {
  RK_ASSIGN_OR_RETURN(e.title, s.Open(e.title, JournalContext(e.id, "title")));
  RK_ASSIGN_OR_RETURN(e.body, s.Open(e.body, JournalContext(e.id, "body")));
  return {};
}

Result<bool> UpdateJournal(db::Connection& c, const crypto::Sealer& s, const std::string& user_id, const std::string& id,
                           const std::optional<std::string>& title, const std::optional<std::string>& body, Millis now) {
  // Each column is sealed on its own, so one can change without reading the other.
  const db::Value new_title = title ? db::Value(s.Seal(*title, JournalContext(id, "title"))) : db::Value(nullptr);
  const db::Value new_body = body ? db::Value(s.Seal(*body, JournalContext(id, "body"))) : db::Value(nullptr);
  RK_ASSIGN_OR_RETURN(std::int64_t n, c.Exec("UPDATE journal_entries SET title = COALESCE(?, title), body = COALESCE(?, "
                                             "body), updated_at = ? WHERE user_id = ? AND id = ?",
                                             {new_title, new_body, now, user_id, id}));
  return n > 0;
}

Result<bool> DeleteJournal(db::Connection& c, const std::string& user_id, const std::string& id) {
  RK_ASSIGN_OR_RETURN(std::int64_t n, c.Exec("DELETE FROM journal_entries WHERE user_id = ? AND id = ?", {user_id, id}));
  return n > 0;
}

Result<bool> SetJournalShared(db::Connection& c, const std::string& user_id, const std::string& id,
                              const std::optional<std::string>& couple_id, Millis now) {
  std::int64_t n = 0;
  if (couple_id) {
    RK_ASSIGN_OR_RETURN(n, c.Exec("UPDATE journal_entries SET shared_at = CASE WHEN shared_couple_id = ? THEN shared_at "
                                  "ELSE ? END, shared_couple_id = ? WHERE user_id = ? AND id = ?",
                                  {*couple_id, now, *couple_id, user_id, id}));
  } else {
    RK_ASSIGN_OR_RETURN(n, c.Exec("UPDATE journal_entries SET shared_couple_id = NULL, shared_at = NULL WHERE user_id = ? "
                                  "AND id = ?",
                                  {user_id, id}));
  }
  return n > 0;
}

Result<std::vector<JournalEntry>> SharedJournal(db::Connection& c, const crypto::Sealer& s, const std::string& author_id,
                                                const std::string& couple_id, const std::string& before, int limit) {
  static const std::string sql = std::string(kJournalColumns) +
                                 "WHERE shared_couple_id = ? AND user_id = ? AND (? = '' OR id < ?) ORDER BY id DESC LIMIT ?";
  RK_ASSIGN_OR_RETURN(auto rows, c.Query(sql, {couple_id, author_id, before, before, std::int64_t{limit}}));
  return JournalFrom(s, rows);
}

Result<std::optional<JournalEntry>> FindSharedJournal(db::Connection& c, const crypto::Sealer& s,
                                                      const std::string& author_id, const std::string& couple_id,
                                                      const std::string& id) {
  static const std::string sql = std::string(kJournalColumns) + "WHERE shared_couple_id = ? AND user_id = ? AND id = ?";
  return OneJournal(s, c.QueryOne(sql, {couple_id, author_id, id}));
}

Status DeleteAllOf(db::Connection& c, const std::string& user_id) {
  RK_TRY(c.Exec("DELETE FROM selfcare_entries WHERE user_id = ?", {user_id}));
  RK_TRY(c.Exec("DELETE FROM journal_entries WHERE user_id = ?", {user_id}));
  return {};
}

Result<std::int64_t> Reseal(db::Connection& c, const crypto::Sealer& s) {
  const db::SealedColumn columns[] = {
      {"SELECT id, label FROM selfcare_entries", "UPDATE selfcare_entries SET label = ? WHERE id = ? AND label = ?",
       [](const db::Row& r) { return EntryContext(r.Text(0), "label"); }},
      {"SELECT id, note FROM selfcare_entries", "UPDATE selfcare_entries SET note = ? WHERE id = ? AND note = ?",
       [](const db::Row& r) { return EntryContext(r.Text(0), "note"); }},
      {"SELECT id, title FROM journal_entries", "UPDATE journal_entries SET title = ? WHERE id = ? AND title = ?",
       [](const db::Row& r) { return JournalContext(r.Text(0), "title"); }},
      {"SELECT id, body FROM journal_entries", "UPDATE journal_entries SET body = ? WHERE id = ? AND body = ?",
       [](const db::Row& r) { return JournalContext(r.Text(0), "body"); }},
  };
  return db::ResealColumns(c, s, columns);
}

}  // namespace rk::selfcare::repo

// Published in summary.hpp.
namespace rk::selfcare {

Result<std::vector<DayTotals>> TotalsByDay(db::Connection& c, const std::string& user_id, std::int64_t from,
                                           std::int64_t to) {
  RK_ASSIGN_OR_RETURN(auto rows, c.Query("SELECT day, COUNT(*), SUM(minutes), SUM(mood), SUM(energy) FROM selfcare_entries "
                                         "WHERE user_id = ? AND day >= ? AND day <= ? GROUP BY day ORDER BY day",
                                         {user_id, from, to}));
  std::vector<DayTotals> out;
  for (const auto& r : rows)
    out.push_back({r.Int(0), r.Int(1), r.Int(2), r.Int(3), r.Int(4)});
  return out;
}

Result<std::vector<SharedEntry>> SharedEntries(db::Connection& c, const crypto::Sealer& s, const std::string& author_id,
                                               const std::string& couple_id, int limit) {
  RK_ASSIGN_OR_RETURN(auto entries, repo::SharedJournal(c, s, author_id, couple_id, "", limit));
  std::vector<SharedEntry> out;
  for (auto& e : entries) out.push_back({e.id, std::move(e.title), std::move(e.body), e.shared_at.value_or(e.created_at)});
  return out;
}

}  // namespace rk::selfcare
