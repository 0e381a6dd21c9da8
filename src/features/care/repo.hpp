#pragma once
// Care's storage: screens and questionnaires (sealed), the therapists a couple passed
// over, and care relationships. Every function runs on the connection it is given.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "features/care/care.hpp"
#include "platform/crypto/sealer.hpp"
#include "platform/db/db.hpp"

namespace rk::care {

struct StoredScreen {
  std::map<std::string, std::string> answers;
  Outcome outcome = Outcome::kClear;
  std::string version;
  Millis taken_at = 0;
};

namespace repo {

// --- screens
Result<std::optional<StoredScreen>> FindScreen(db::Connection& c, const crypto::Sealer& s, const std::string& couple_id,
                                               const std::string& user_id);
// Stores a screen; false (and nothing written) when the person has one for this couple.
Result<bool> InsertScreen(db::Connection& c, const crypto::Sealer& s, const std::string& couple_id,
                          const std::string& user_id, const StoredScreen& screen);
// What the rule needs of one partner's screen: always opens the stored value when there
// is one, so the work done does not depend on the outcome.
Result<ScreenState> ScreenStateOf(db::Connection& c, const crypto::Sealer& s, const std::string& couple_id,
                                  const std::string& user_id);

// --- questionnaires
Result<std::optional<Questionnaire>> FindQuestionnaire(db::Connection& c, const crypto::Sealer& s,
                                                       const std::string& couple_id, const std::string& user_id);
Status SaveQuestionnaire(db::Connection& c, const crypto::Sealer& s, const std::string& couple_id,
                         const std::string& user_id, const Questionnaire& q, Millis now);

// --- passes and past therapists
Status InsertPass(db::Connection& c, const std::string& couple_id, const std::string& therapist_id, Millis now);
Status DeletePasses(db::Connection& c, const std::string& couple_id);
// Therapists not to list for the couple: passed over, who declined them, or whose care
// with them ended (a request the couple withdrew does not count).
Result<std::vector<std::string>> Excluded(db::Connection& c, const std::string& couple_id);

// --- relationships
// The couple's open (requested or accepted) relationship, or nullopt.
Result<std::optional<Relationship>> OpenRelationship(db::Connection& c, const std::string& couple_id);
Result<std::optional<Relationship>> FindRelationship(db::Connection& c, const std::string& id);
// Inserts a request; false when the couple has an open one already (nothing written).
Result<bool> InsertRequest(db::Connection& c, const Relationship& r);
// Moves `id` from status `from` to `to` (setting decided_at or ended_at); false when it
// was not in `from` (someone else moved it first).
Result<bool> Move(db::Connection& c, const std::string& id, std::string_view from, std::string_view to, Millis now);
// Opens sessions together; false when it is not accepted or already open.
Result<bool> OpenJoint(db::Connection& c, const std::string& id, Millis now);
// A therapist's relationships in `status`, newest first.
Result<std::vector<Relationship>> ForTherapist(db::Connection& c, const std::string& therapist_id, std::string_view status,
                                               int limit);
// Couples each therapist has now (accepted, and the couple still together), by
// therapist id. A couple that ends frees its therapist's place.
Result<std::map<std::string, int, std::less<>>> ActiveCounts(db::Connection& c);
// Couples `therapist_id` has now. On PostgreSQL, locks the therapist's row first, so two
// acceptances for the same therapist are counted one after the other.
Result<int> ActiveCountLocked(db::Connection& c, const std::string& therapist_id);

// Re-seals what this feature sealed (`rekindle admin rotate-key`).
Result<std::int64_t> Reseal(db::Connection& c, const crypto::Sealer& s);

}  // namespace repo
}  // namespace rk::care
