#pragma once
// Self-care storage: each person's log entries and journal entries. A log entry's own
// label and note and a journal entry's title and body are sealed at rest, each bound to
// its row and column. Every function takes the owner's id: another person's row is
// never found.

#include <optional>
#include <string>
#include <vector>

#include "platform/base/time.hpp"
#include "platform/crypto/sealer.hpp"
#include "platform/db/db.hpp"

namespace rk::selfcare::repo {

// --- the self-care log ---------------------------------------------------------------

struct Entry {
  std::string id;
  std::int64_t day = 0;  // days since 1970-01-01, in the person's time zone
  std::string kind;
  std::string label;  // empty unless kind is "own"
  int minutes = 0, mood = 0, energy = 0;
  std::string note;  // may be empty
  Millis created_at = 0, updated_at = 0;
};

Status InsertEntry(db::Connection& c, const crypto::Sealer& s, const std::string& user_id, const Entry& e);
Result<std::optional<Entry>> FindEntry(db::Connection& c, const crypto::Sealer& s, const std::string& user_id,
                                       const std::string& id);
// Takes the row's lock (PostgreSQL; SQLite's write transaction holds the database) so
// that a read-then-write edit is not interleaved with another. False when `user_id` has
// no such entry.
Result<bool> LockEntry(db::Connection& c, const std::string& user_id, const std::string& id);
// Writes every field of `e` but its id and created_at. False when there is no such entry.
Result<bool> UpdateEntry(db::Connection& c, const crypto::Sealer& s, const std::string& user_id, const Entry& e);
Result<bool> DeleteEntry(db::Connection& c, const std::string& user_id, const std::string& id);

// Where a page of entries starts: entries strictly before (day, id) in newest-first order.
struct EntryCursor {
  std::int64_t day = 0;
  std::string id;
};
// Entries dated `from`..`to` (inclusive), newest first (by date, then by when they were
// logged), starting after `after` when given.
Result<std::vector<Entry>> ListEntries(db::Connection& c, const crypto::Sealer& s, const std::string& user_id,
                                       std::int64_t from, std::int64_t to, const std::optional<EntryCursor>& after,
                                       int limit);

// --- the journal ---------------------------------------------------------------------

struct JournalEntry {
  std::string id;
  std::string title;  // may be empty
  std::string body;
  std::optional<std::string> shared_couple_id;  // the couple it is shared with, if any
  std::optional<Millis> shared_at;
  Millis created_at = 0, updated_at = 0;
};

Status InsertJournal(db::Connection& c, const crypto::Sealer& s, const std::string& user_id, const JournalEntry& e);
Result<std::optional<JournalEntry>> FindJournal(db::Connection& c, const crypto::Sealer& s, const std::string& user_id,
                                                const std::string& id);
// `user_id`'s entries, newest first, with ids below `before` (all when empty).
Result<std::vector<JournalEntry>> ListJournal(db::Connection& c, const crypto::Sealer& s, const std::string& user_id,
                                              const std::string& before, int limit);
// The same, with title and body still sealed (OpenJournal opens them), and no more than
// `max_bytes` of sealed text (but always one entry, if there is one): for a search that
// opens them later, with no connection held. `more`: older entries were left out.
struct SealedPage {
  std::vector<JournalEntry> entries;
  bool more = false;
};
Result<SealedPage> ListJournalSealed(db::Connection& c, const std::string& user_id, const std::string& before, int limit,
                                     std::size_t max_bytes);
Status OpenJournal(const crypto::Sealer& s, JournalEntry& e);
// Replaces the title and/or body (those given). False when there is no such entry.
Result<bool> UpdateJournal(db::Connection& c, const crypto::Sealer& s, const std::string& user_id, const std::string& id,
                           const std::optional<std::string>& title, const std::optional<std::string>& body, Millis now);
Result<bool> DeleteJournal(db::Connection& c, const std::string& user_id, const std::string& id);
// Shares the entry with `couple_id` (keeping the first shared_at if it is shared with it
// already), or stops sharing it (nullopt). False when there is no such entry.
Result<bool> SetJournalShared(db::Connection& c, const std::string& user_id, const std::string& id,
                              const std::optional<std::string>& couple_id, Millis now);
// `author_id`'s entries shared with `couple_id` now, newest first, ids below `before`.
Result<std::vector<JournalEntry>> SharedJournal(db::Connection& c, const crypto::Sealer& s, const std::string& author_id,
                                                const std::string& couple_id, const std::string& before, int limit);
Result<std::optional<JournalEntry>> FindSharedJournal(db::Connection& c, const crypto::Sealer& s,
                                                      const std::string& author_id, const std::string& couple_id,
                                                      const std::string& id);

// --- the whole feature ---------------------------------------------------------------

// Deletes every log and journal entry of `user_id` (account erasure).
Status DeleteAllOf(db::Connection& c, const std::string& user_id);

// Re-seals every sealed value not under the active key; returns the count.
Result<std::int64_t> Reseal(db::Connection& c, const crypto::Sealer& s);

}  // namespace rk::selfcare::repo
