#include "features/outcomes/fhir.hpp"

#include <boost/json.hpp>

#include <cctype>

#include "features/outcomes/outcome.hpp"
#include "platform/crypto/crypto.hpp"

namespace rk::outcomes {
namespace {

namespace json = boost::json;

constexpr const char* kAnswerSystem = "urn:rekindle:outcome";
constexpr const char* kInterpretation = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation";

json::object Subject(const std::string& system, const PersonOutcomes& p) {
  return {{"identifier", json::object{{"system", system}, {"value", p.id}}}, {"display", p.display_name}};
}

// A FHIR id: letters, digits, '-' and '.', at most 64 characters.
std::string FhirId(std::string id) {
  for (char& c : id)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '.') c = '-';
  return id.substr(0, 64);
}

json::object Coded(std::string_view code, std::string_view display, std::string text) {
  return {{"coding", json::array{json::object{{"system", kInterpretation}, {"code", code}, {"display", display}}}},
          {"text", std::move(text)}};
}

std::string StatusText(Status s, const triangle::Difference& d, bool es) {
  const std::string change = triangle::FormatScore(d.delta) + (es ? "; criterio " : "; criterion ") +
                             triangle::FormatScore(d.criterion);
  switch (s) {
    case Status::kNotYet: return es ? "Primera respuesta: punto de partida." : "First answer: the baseline.";
    case Status::kRecovered:
      return (es ? "Recuperación: mejora fiable desde la primera respuesta que cruza el punto de corte (cambio "
                 : "Recovered: a reliable improvement since the first answer that crosses the cut-off (change ") + change + ").";
    case Status::kImproved:
      return (es ? "Mejora fiable desde la primera respuesta (cambio " : "Reliably improved since the first answer (change ") +
             change + ").";
    case Status::kUnchanged:
      return (es ? "Sin cambio fiable desde la primera respuesta (cambio " : "No reliable change since the first answer (change ") +
             change + ").";
    case Status::kDeteriorated:
      return (es ? "Empeoramiento fiable desde la primera respuesta (cambio "
                 : "Reliably worse since the first answer (change ") + change + ").";
  }
  return "";
}

json::object QuestionnaireResponse(const triangle::Instrument& ins, std::string_view lang, const std::string& system,
                                   const PersonOutcomes& p, const Answered& a) {
  json::array items;
  for (const triangle::Item& item : ins.items) {
    auto it = a.answers.find(item.id);
    if (it == a.answers.end()) continue;
    items.push_back(json::object{{"linkId", item.id},
                                 {"text", triangle::Pick(item.text, lang)},
                                 {"answer", json::array{json::object{{"valueInteger", it->second}}}}});
  }
  return {{"resourceType", "QuestionnaireResponse"},
          {"id", a.id},
          {"identifier", json::object{{"system", kAnswerSystem}, {"value", a.id}}},
          {"questionnaire", "urn:rekindle:questionnaire:" + ins.id + "|" + std::to_string(a.version)},
          {"status", "completed"},
          {"subject", Subject(system, p)},
          {"authored", FormatRfc3339(a.taken_at)},
          {"item", std::move(items)}};
}

json::object Observation(const triangle::Instrument& ins, std::string_view lang, const std::string& system,
                         const PersonOutcomes& p, const Answered& a, const triangle::Subscale& s, double score, const Mark& m) {
  const bool es = triangle::LangOf(lang) == triangle::Lang::kEs;
  // How to read it: against the cut-off (low or normal), and the course so far (better or
  // worse when the change since the first answer is reliable).
  json::array interpretation;
  if (m.above_cutoff)
    interpretation.push_back(*m.above_cutoff ? Coded("N", "Normal", es ? "En o por encima del punto de corte." : "At or above the cut-off.")
                                             : Coded("L", "Low", es ? "Por debajo del punto de corte." : "Below the cut-off."));
  std::string course = StatusText(m.status, m.since_first, es);
  if (m.status == Status::kRecovered || m.status == Status::kImproved) interpretation.push_back(Coded("B", "Better", std::move(course)));
  else if (m.status == Status::kDeteriorated) interpretation.push_back(Coded("W", "Worse", std::move(course)));
  else interpretation.push_back(json::object{{"text", std::move(course)}});
  json::object o{{"resourceType", "Observation"},
                 {"id", FhirId(a.id + "-" + s.id)},
                 {"status", "final"},
                 {"category", json::array{json::object{
                                  {"coding", json::array{json::object{
                                                 {"system", "http://terminology.hl7.org/CodeSystem/observation-category"},
                                                 {"code", "survey"},
                                                 {"display", "Survey"}}}}}}},
                 {"code", json::object{{"coding", json::array{json::object{{"system", "urn:rekindle:instrument:" + ins.id},
                                                                           {"code", s.id},
                                                                           {"display", triangle::Pick(s.title, lang)}}}},
                                       {"text", triangle::Pick(ins.title, lang) + ": " + triangle::Pick(s.title, lang)}}},
                 {"subject", Subject(system, p)},
                 {"effectiveDateTime", FormatRfc3339(a.taken_at)},
                 {"valueQuantity", json::object{{"value", score},
                                                {"unit", "score"},
                                                {"system", "http://unitsofmeasure.org"},
                                                {"code", "{score}"}}},
                 {"derivedFrom", json::array{json::object{{"reference", DerivedUuid("QuestionnaireResponse", a.id)}}}},
                 {"interpretation", std::move(interpretation)}};
  if (s.cutoff) {
    std::string text = es ? "Punto de corte clínico: desde aquí, puntuaciones como las de quienes no buscan ayuda"
                          : "Clinical cut-off: from here, scores are like those of people not seeking help";
    if (ins.provisional) text += es ? " (provisional)." : " (provisional).";
    else text += ".";
    o["referenceRange"] = json::array{json::object{{"low", json::object{{"value", *s.cutoff},
                                                                        {"unit", "score"},
                                                                        {"system", "http://unitsofmeasure.org"},
                                                                        {"code", "{score}"}}},
                                                   {"text", std::move(text)}}};
  }
  if (ins.provisional)
    o["note"] = json::array{json::object{{"text", es ? "Fiabilidad, desviación de referencia y punto de corte son provisionales."
                                                     : "Reliability, reference SD and cut-off are provisional."}}};
  return o;
}

}  // namespace

std::string DerivedUuid(std::string_view kind, std::string_view id) {
  std::string hex = crypto::Sha256Hex(std::string(kind) + ":" + std::string(id)).substr(0, 32);
  hex[12] = '8';                                                    // version 8: custom
  hex[16] = "89ab"[std::stoi(hex.substr(16, 1), nullptr, 16) & 3];  // the RFC variant
  return "urn:uuid:" + hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" + hex.substr(16, 4) + "-" +
         hex.substr(20);
}

std::string FhirBundle(const triangle::Instrument& ins, std::string_view lang, const std::vector<PersonOutcomes>& people,
                       const std::string& bundle_id, const std::string& person_system, Millis now) {
  json::array entries;
  for (const PersonOutcomes& p : people) {
    for (const Answered& a : p.answered)
      entries.push_back(json::object{{"fullUrl", DerivedUuid("QuestionnaireResponse", a.id)},
                                     {"resource", QuestionnaireResponse(ins, lang, person_system, p, a)}});
    for (const triangle::Subscale& s : ins.subscales) {
      const auto series = SeriesOf(p.answered, s.id, [](const Answered& a) -> const triangle::Scores& { return a.scores; });
      const Trajectory t = Follow(s, series.scores);
      for (std::size_t i = 0; i < series.of.size(); ++i) {
        const Answered& a = *series.of[i];
        entries.push_back(json::object{{"fullUrl", DerivedUuid("Observation", a.id + "-" + s.id)},
                                       {"resource", Observation(ins, lang, person_system, p, a, s, series.scores[i], t.marks[i])}});
      }
    }
  }
  return json::serialize(json::object{{"resourceType", "Bundle"},
                                      {"id", bundle_id},
                                      {"type", "collection"},
                                      {"timestamp", FormatRfc3339(now)},
                                      {"entry", std::move(entries)}});
}

}  // namespace rk::outcomes
