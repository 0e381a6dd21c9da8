#pragma once
// The audit log: an append-only record of who did what to which object, for operators'
// actions now and for every access to clinical data later. Each entry holds the SHA-256
// of its own contents and of the entry before it, so a deleted, inserted or edited entry
// breaks the chain, and Verify finds where.
//
// Entries say what was done, never what private content said: `detail` is for reasons
// and references an operator typed (a refusal's reason, a licence reference), not for
// anything a partner wrote.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "platform/base/result.hpp"
#include "platform/base/time.hpp"
#include "platform/db/db.hpp"

namespace rk::audit {

struct Event {
  std::string actor_id;     // the account that acted ("" for the system)
  std::string action;       // "therapist.approve", "second_factor.reset", …
  std::string object_type;  // "therapist", "account", …
  std::string object_id;
  std::string detail;       // short text: a reason, a reference
  std::string request_id;
};

struct Entry {
  std::int64_t seq = 0;
  Millis at = 0;
  Event event;
  std::string prev_hash;
  std::string hash;
};

// Appends `e` at `at` in the caller's transaction (REQUIRES: one is open). Appends are
// serialised (SQLite has one writer; on PostgreSQL a transaction-scoped advisory lock),
// so the chain has no forks.
Status Append(db::Connection& c, const Event& e, Millis at);

// Entries newest first, before `before_seq` when given; of one object when `object_type`
// is not empty.
Result<std::vector<Entry>> List(db::Connection& c, std::optional<std::int64_t> before_seq, int limit,
                                const std::string& object_type = {}, const std::string& object_id = {});

// Walks the whole chain: nullopt when it is intact, else the first seq at which it is
// not (an entry edited, or one missing before it).
Result<std::optional<std::int64_t>> Verify(db::Connection& c);

// The hash of an entry, from its contents and the previous entry's hash. Pure.
std::string HashOf(std::int64_t seq, Millis at, const Event& e, const std::string& prev_hash);

}  // namespace rk::audit
