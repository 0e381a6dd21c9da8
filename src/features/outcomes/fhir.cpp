#include "features/outcomes/fhir.hpp"

#include <boost/json.hpp>

#include "features/outcomes/outcome.hpp"
#include "platform/crypto/crypto.hpp"

namespace rk::outcomes {
namespace {

namespace json = boost::json;

constexpr const char* kPersonSystem = "urn:rekindle:person";
constexpr const char* kAnswerSystem = "urn:rekindle:outcome";

json::object Subject(const PersonOutcomes& p) {
  return {{"identifier", json::object{{"system", kPersonSystem}, {"value", p.id}}}, {"display", p.display_name}};
}

// FHIR's dateTime and instant read seconds; rekindle's times are milliseconds.
std::string DateTime(Millis t) { return FormatRfc3339(t); }

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

json::object QuestionnaireResponse(const triangle::Instrument& ins, std::string_view lang, const PersonOutcomes& p,
                                   const Answered& a) {
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
          {"questionnaire", "urn:rekindle:questionnaire:" + ins.id + "|" + std::to_string(ins.version)},
          {"status", "completed"},
          {"subject", Subject(p)},
          {"authored", DateTime(a.taken_at)},
          {"item", std::move(items)}};
}

json::object Observation(const triangle::Instrument& ins, std::string_view lang, const PersonOutcomes& p, const Answered& a,
                         const triangle::Subscale& s, double score, Status status, const triangle::Difference& since_first) {
  const bool es = triangle::LangOf(lang) == triangle::Lang::kEs;
  json::object o{{"resourceType", "Observation"},
                 {"id", a.id + "-" + s.id},
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
                 {"subject", Subject(p)},
                 {"effectiveDateTime", DateTime(a.taken_at)},
                 {"valueQuantity", json::object{{"value", score},
                                                {"unit", "score"},
                                                {"system", "http://unitsofmeasure.org"},
                                                {"code", "{score}"}}},
                 {"derivedFrom", json::array{json::object{{"reference", DerivedUuid("QuestionnaireResponse", a.id)}}}},
                 {"interpretation", json::array{json::object{{"text", StatusText(status, since_first, es)}}}}};
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
                       const std::string& bundle_id, Millis now) {
  json::array entries;
  for (const PersonOutcomes& p : people) {
    for (const Answered& a : p.answered)
      entries.push_back(json::object{{"fullUrl", DerivedUuid("QuestionnaireResponse", a.id)},
                                     {"resource", QuestionnaireResponse(ins, lang, p, a)}});
    for (const triangle::Subscale& s : ins.subscales) {
      std::vector<double> scores;
      std::vector<const Answered*> with;
      for (const Answered& a : p.answered)
        if (auto it = a.scores.find(s.id); it != a.scores.end()) {
          scores.push_back(it->second);
          with.push_back(&a);
        }
      const Trajectory t = Follow(s, scores);
      for (std::size_t i = 0; i < with.size(); ++i) {
        // Each answer is read as the course up to it: the status it had when it was given.
        const Status status = Follow(s, std::vector<double>(scores.begin(), scores.begin() + i + 1)).status;
        entries.push_back(json::object{{"fullUrl", DerivedUuid("Observation", with[i]->id + "-" + s.id)},
                                       {"resource", Observation(ins, lang, p, *with[i], s, scores[i], status,
                                                                t.marks[i].since_first)}});
      }
    }
  }
  return json::serialize(json::object{{"resourceType", "Bundle"},
                                      {"id", bundle_id},
                                      {"type", "collection"},
                                      {"timestamp", DateTime(now)},
                                      {"entry", std::move(entries)}});
}

}  // namespace rk::outcomes
