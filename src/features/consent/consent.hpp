#pragma once
// Consent: what each partner lets their therapist see, as other parts of the server read
// it. The app's access resolver asks who shares a scope before a therapist's route runs;
// a route that shows a partner's results records each read (the partner's own log and
// the audit log). Run on the caller's connection, inside its transaction.

#include <string>
#include <string_view>
#include <vector>

#include "platform/base/result.hpp"
#include "platform/base/time.hpp"
#include "platform/db/db.hpp"

namespace rk::consent {

// What a partner can share, each on its own:
//  - triangle:    their triangle checks over time (scores, never item answers);
//  - reflections: the together evenings, whether each happened and their closeness,
//                 with the notes they shared with their partner;
//  - selfcare:    their self-care log summed by day (minutes, mood, energy; no notes);
//  - journal:     the journal entries they shared with their partner;
//  - satisfaction: their answers to the outcome measure before sessions, each statement
//                 and the score, and its FHIR export (features/outcomes).
inline constexpr std::string_view kScopes[] = {"triangle", "reflections", "selfcare", "journal", "satisfaction"};
bool IsScope(std::string_view scope);

// The ids of the partners who share `scope` in care relationship `relationship_id`.
Result<std::vector<std::string>> Sharing(db::Connection& c, const std::string& relationship_id, std::string_view scope);

// How a therapist had a partner's results: read on a page, or exported as a copy for
// their own records (which stays with them after consent is withdrawn).
enum class Access { kRead, kExport };

// Records that therapist `therapist_id` read (or exported) `person_id`'s `scope`: one line
// in the person's own log and one audit entry.
Status RecordRead(db::Connection& c, const std::string& relationship_id, const std::string& therapist_id,
                  const std::string& person_id, std::string_view scope, const std::string& request_id, Millis now,
                  Access how = Access::kRead);

}  // namespace rk::consent
