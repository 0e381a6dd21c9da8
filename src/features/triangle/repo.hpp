#pragma once
// Assessment storage: completed assessments and drafts. Every read is scoped to the
// person asking; a partner's rows are read only through Latest for the sharing rule.
// The answers to single statements are sealed at rest (crypto::Sealer).

#include <optional>
#include <string>
#include <vector>

#include "features/triangle/instrument.hpp"
#include "platform/base/result.hpp"
#include "platform/base/time.hpp"
#include "platform/crypto/sealer.hpp"
#include "platform/db/db.hpp"

namespace rk::triangle::repo {

struct Assessment {
  std::string id;
  std::string user_id;
  std::string instrument;
  int instrument_version = 1;
  std::string perspective;  // "real" | "ideal"
  std::map<std::string, long long> answers;
  Scores scores;
  std::string kind;  // "" without a kind rule
  bool shared = false;
  Millis taken_at = 0;
};

struct Draft {
  std::string instrument;
  std::string perspective;
  std::map<std::string, long long> answers;
  bool share_with_partner = false;
  Millis updated_at = 0;
};

Status Insert(db::Connection& c, const crypto::Sealer& s, const Assessment& a);
// Newest first. Empty `instrument`/`perspective` match any.
Result<std::vector<Assessment>> List(db::Connection& c, const crypto::Sealer& s, const std::string& user_id, const std::string& instrument,
                                     const std::string& perspective, int limit);
// `user_id`'s assessment `id`, or nullopt (also when it belongs to someone else).
Result<std::optional<Assessment>> Find(db::Connection& c, const crypto::Sealer& s, const std::string& user_id,
                                       const std::string& id);
// The newest of `user_id`'s assessments in `perspective` (of `instrument`, if not empty)
// taken before `before`.
Result<std::optional<Assessment>> Latest(db::Connection& c, const crypto::Sealer& s, const std::string& user_id,
                                         const std::string& instrument,
                                         const std::string& perspective, Millis before);
// Number of rows deleted (0 or 1).
Result<std::int64_t> Delete(db::Connection& c, const std::string& user_id, const std::string& id);
Result<std::int64_t> SetShared(db::Connection& c, const std::string& user_id, const std::string& id, bool shared);

Status PutDraft(db::Connection& c, const crypto::Sealer& s, const std::string& user_id, const Draft& d);
Result<std::optional<Draft>> GetDraft(db::Connection& c, const crypto::Sealer& s, const std::string& user_id);
Status DeleteDraft(db::Connection& c, const std::string& user_id);

// Re-seals every sealed value of this feature not under the active key; returns the count.
Result<std::int64_t> Reseal(db::Connection& c, const crypto::Sealer& s);

}  // namespace rk::triangle::repo
