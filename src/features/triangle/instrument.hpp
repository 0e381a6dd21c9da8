#pragma once
// The instrument engine: instruments are data (content/instruments/*.json, documented
// in docs/instruments.md); this code parses and validates a file and scores answers to
// any instrument a valid file describes. Pure: no I/O.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "platform/base/result.hpp"

namespace rk::triangle {

// Text in several languages: language tag -> text.
using Texts = std::map<std::string, std::string>;

// The text for `language`, else English, else any; "" if there is none.
const std::string& Pick(const Texts& texts, std::string_view language);

// A score from `from` (inclusive) up to the next band's `from` has this label.
struct Band {
  double from = 0;
  Texts label;
};

struct Subscale {
  std::string id;
  Texts title;
  double reliability = 0;   // Cronbach's alpha, for reliable change
  double reference_sd = 0;  // SD of the subscale score in a reference sample
  std::vector<Band> bands;  // ascending; may be empty
};

struct Item {
  std::string id;
  std::string subscale;
  bool reverse = false;  // scored as (min + max - answer)
  Texts text;            // about the relationship as it is
  Texts ideal_text;      // about the relationship one wishes for (optional)
};

enum class Scoring { kMean, kSum };

// The rule that names Sternberg's kind of love from three subscales.
struct KindRule {
  double high_at = 7.0;  // a component is high at or above this score
  double near = 0.5;     // within this of high_at, the neighbouring kind is named too
  std::string intimacy, passion, commitment;  // subscale ids
  std::map<std::string, Texts> descriptions;  // kind name -> what it can and cannot mean
};

struct Instrument {
  std::string id;
  int version = 1;
  Texts title;
  Texts description;
  std::vector<std::string> languages;
  int scale_min = 1, scale_max = 9;
  std::map<int, Texts> anchors;  // labelled points of the response scale
  std::vector<Subscale> subscales;
  Scoring scoring = Scoring::kMean;
  std::vector<Item> items;
  std::optional<KindRule> kind_rule;
  std::string source;  // where the items and the reliability figures come from
  bool has_ideal = false;  // every item has an ideal_text

  const Subscale* FindSubscale(std::string_view id) const;
  const Item* FindItem(std::string_view id) const;
  // Lowest and highest possible subscale score.
  double ScoreMin(const Subscale& s) const;
  double ScoreMax(const Subscale& s) const;
};

// Parses and validates an instrument file. Errors read "NAME: field.path: what is
// wrong", naming the first problem found.
Result<Instrument> ParseInstrument(std::string_view json, std::string_view name);

// Subscale id -> score, rounded to two decimals.
using Scores = std::map<std::string, double>;

// Scores `answers` (item id -> answer). Every item must be answered with an integer on
// the scale and no unknown item may appear; otherwise kInvalidArgument with one field
// error per item ("answers.ITEM").
Result<Scores> Score(const Instrument& instrument, const std::map<std::string, long long>& answers);

double Round2(double x);

// The label of the band `score` falls in, or nullptr when there are no bands.
const Band* BandOf(const Subscale& subscale, double score);

enum class Kind { kNonlove, kLiking, kInfatuation, kEmpty, kRomantic, kCompanionate, kFatuous, kConsummate };
std::string_view KindName(Kind k);
std::optional<Kind> KindFromName(std::string_view name);
// The kind for which components are present.
Kind KindOf(bool intimacy, bool passion, bool commitment);

struct KindResult {
  Kind kind;
  std::vector<Kind> also_near;  // kinds one borderline component away, in I, P, C order
};
KindResult ClassifyKind(const KindRule& rule, double intimacy, double passion, double commitment);

// The smallest difference between two scores that exceeds measurement noise at p < .05:
// 1.96 × SD × √(2(1 − α)) (Jacobson & Truax's reliable change).
double ReliableChangeCriterion(double reference_sd, double reliability);

struct Difference {
  double delta = 0;      // second - first, two decimals
  double criterion = 0;  // two decimals
  bool reliable = false; // |delta| > criterion
};
Difference Compare(double first, double second, const Subscale& subscale);

}  // namespace rk::triangle
