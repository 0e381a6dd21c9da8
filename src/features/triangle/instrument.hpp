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
  // The clinical cut-off (Jacobson & Truax): a score at or above it is more like those of
  // people not seeking help than of people who are. Higher scores are better.
  std::optional<double> cutoff;
};

struct Item {
  std::string id;
  std::string subscale;
  bool reverse = false;  // scored as (min + max - answer)
  Texts text;            // about the relationship as it is
  Texts ideal_text;      // about the relationship one wishes for (optional)
};

enum class Scoring { kMean, kSum };

// What an instrument is for: a triangle check people take when they choose, or an
// outcome measure answered before sessions with a therapist (features/outcomes).
enum class Purpose { kTriangle, kOutcome };
std::string_view PurposeName(Purpose p);

// The rule that names Sternberg's kind of love from three subscales (docs/instruments.md).
// Every comparison is made on the score as people see it, rounded to one decimal, so a
// name never disagrees with the numbers shown beside it.
struct KindRule {
  double midpoint = 5.0;    // the scale's middle (set by the parser from the scale)
  double present_at = 5.0;  // a component counts as there at or above this: the midpoint by default
  double strong_at = 7.0;   // and as strong at or above this: halfway from present_at to the top by default
  double near = 0.5;        // a component this close to present_at could fall on either side
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
  Purpose purpose = Purpose::kTriangle;
  // The reliability, reference SD and cut-offs are provisional: not yet measured on these
  // items (docs/instruments.md says where each comes from).
  bool provisional = false;
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
// The value people see: one decimal, halves away from zero (the web client rounds the
// same way). Never returns -0.
double Round1(double x);
// "7.0", "6.4": a score as people read it.
std::string FormatScore(double x);

// The label of the band `score` falls in, or nullptr when there are no bands.
const Band* BandOf(const Subscale& subscale, double score);

enum class Kind { kNonlove, kLiking, kInfatuation, kEmpty, kRomantic, kCompanionate, kFatuous, kConsummate };
std::string_view KindName(Kind k);
std::optional<Kind> KindFromName(std::string_view name);
// The kind for which components are present.
Kind KindOf(bool intimacy, bool passion, bool commitment);

enum class Component { kIntimacy, kPassion, kCommitment };
// How strong one component is, relative to the scale: below present_at it has room to
// grow, from present_at it is moderate, from strong_at it is strong.
enum class Level { kRoomToGrow, kModerate, kStrong };

struct KindResult {
  Kind kind;
  // The kind just across the line, named only when exactly one component is borderline
  // (within `near` of present_at): then it says which name a small change would give.
  // With two or three borderline components their neighbours would contradict each
  // other, so none is named. At most one element.
  std::vector<Kind> also_near;
  std::vector<Component> borderline;  // components within `near` of present_at, in I, P, C order
  double shown[3] = {0, 0, 0};        // the scores as shown (one decimal), I, P, C
  Level levels[3] = {Level::kRoomToGrow, Level::kRoomToGrow, Level::kRoomToGrow};
};
KindResult ClassifyKind(const KindRule& rule, double intimacy, double passion, double commitment);

// The smallest difference between two scores that exceeds measurement noise at p < .05:
// 1.96 × SD × √(2(1 − α)) (Jacobson & Truax's reliable change).
double ReliableChangeCriterion(double reference_sd, double reliability);

// How large a difference is, in words people can use:
//   kSame       the two scores look the same once rounded to one decimal;
//   kAboutSame  within measurement noise (|delta| <= criterion): too small to mean much;
//   kALittle    beyond noise, but less than twice the criterion;
//   kClearly    at least twice the criterion.
enum class Size { kSame, kAboutSame, kALittle, kClearly };
std::string_view SizeName(Size s);

struct Difference {
  double delta = 0;      // second - first, two decimals
  double criterion = 0;  // two decimals
  bool reliable = false; // |delta| > criterion
  double shown = 0;      // the difference of the two scores as shown (one decimal each)
  Size size = Size::kSame;
};
Difference Compare(double first, double second, const Subscale& subscale);

// ---- Wording (English and Spanish; docs/instruments.md). One place decides what results
// say; the web client shows these texts as they come.

// The languages results are worded in.
enum class Lang { kEn, kEs };
// kEs for "es", kEn for anything else.
Lang LangOf(std::string_view tag);

// What the difference is between.
enum class Between {
  kChange,   // first: the previous result, second: this one
  kIdeal,    // first: my real triangle, second: my ideal
  kPartner,  // first: mine, second: my partner's
};
// The words for a difference, without the component's name: "a little higher than last
// time (up 1.6 points)", "about the same as yours (1.0 points apart, too small to mean
// much)"; "un poco por encima de la última vez (sube 1,6 puntos)". `partner` names the
// partner for kPartner ("" reads "your partner").
std::string DifferenceText(const Difference& d, Between between, std::string_view partner = "", Lang lang = Lang::kEn);

// The title people see for a kind: "Consummate love", "Room to grow"; "Amor consumado".
std::string_view KindTitle(Kind k, Lang lang = Lang::kEn);
// How strong each component is, in one sentence: "Intimacy and commitment are strong,
// and passion is moderate."; "La intimidad y el compromiso son fuertes, y la pasión es
// moderada."
std::string KindSummary(const KindRule& rule, const KindResult& k, Lang lang = Lang::kEn);
// When a component sits close to the line, what that means for the name; "" otherwise.
std::string KindNearNote(const KindRule& rule, const KindResult& k, Lang lang = Lang::kEn);

}  // namespace rk::triangle
