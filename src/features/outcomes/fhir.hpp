#pragma once
// Outcomes for a clinic's records system, as FHIR R4 (docs/care.md): a Bundle of type
// "collection" holding, for each answer, a QuestionnaireResponse (the answers to each
// statement) and an Observation per subscale (the score, the clinical cut-off as its
// reference range and the reliable change since the person's first answer as its
// interpretation). Ids are derived from rekindle's own, so exporting twice gives the
// same resources. Pure: no I/O.

#include <map>
#include <string>
#include <vector>

#include "features/triangle/instrument.hpp"
#include "platform/base/time.hpp"

namespace rk::outcomes {

struct Answered {
  std::string id;
  int version = 1;  // of the instrument it answered
  Millis taken_at = 0;
  std::map<std::string, long long> answers;  // item id -> answer
  triangle::Scores scores;
};

struct PersonOutcomes {
  std::string id;
  std::string display_name;
  std::vector<Answered> answered;  // oldest first
};

// The Bundle as JSON text. `lang` picks the instrument's texts; `bundle_id` names it;
// `person_system` is the identifier system of people's ids (this deployment's address,
// since ids are only unique within one).
std::string FhirBundle(const triangle::Instrument& ins, std::string_view lang, const std::vector<PersonOutcomes>& people,
                       const std::string& bundle_id, const std::string& person_system, Millis now);

// "urn:uuid:…" derived from `kind` and `id` (a version-8 UUID from their SHA-256).
std::string DerivedUuid(std::string_view kind, std::string_view id);

}  // namespace rk::outcomes
