#include "features/triangle/instrument.hpp"

#include <boost/json.hpp>

#include "platform/content/reader.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

namespace rk::triangle {
namespace json = boost::json;
using content::Reader;

namespace {

const std::string kNoText;

}  // namespace

const std::string& Pick(const Texts& texts, std::string_view language) {
  if (auto it = texts.find(std::string(language)); it != texts.end()) return it->second;
  if (auto it = texts.find("en"); it != texts.end()) return it->second;
  return texts.empty() ? kNoText : texts.begin()->second;
}

const Subscale* Instrument::FindSubscale(std::string_view id) const {
  for (const Subscale& s : subscales)
    if (s.id == id) return &s;
  return nullptr;
}

const Item* Instrument::FindItem(std::string_view id) const {
  for (const Item& i : items)
    if (i.id == id) return &i;
  return nullptr;
}

std::string_view PurposeName(Purpose p) { return p == Purpose::kOutcome ? "outcome" : "triangle"; }

double Instrument::ScoreMin(const Subscale& s) const {
  if (scoring == Scoring::kMean) return scale_min;
  double n = 0;
  for (const Item& i : items) n += i.subscale == s.id;
  return n * scale_min;
}

double Instrument::ScoreMax(const Subscale& s) const {
  if (scoring == Scoring::kMean) return scale_max;
  double n = 0;
  for (const Item& i : items) n += i.subscale == s.id;
  return n * scale_max;
}

Result<Instrument> ParseInstrument(std::string_view text, std::string_view name) {
  boost::system::error_code ec;
  json::value doc = json::parse(text, ec);
  if (ec) return Error::Invalid(std::string(name) + ": not valid JSON (" + ec.message() + ")");
  if (!doc.is_object()) return Error::Invalid(std::string(name) + ": the file must hold a JSON object");
  const json::object& o = doc.as_object();
  Reader r(name);
  Instrument ins;
  r.Unknown(o, "", {"id", "version", "title", "description", "languages", "scale", "subscales", "scoring", "items",
                    "kind_of_love", "source", "purpose", "provisional"});

  if (auto id = r.String(o, "id", "", true)) {
    if (!content::ValidId(*id)) r.Fail("id", "must be lowercase letters, digits, - or _");
    ins.id = *id;
  }
  if (auto v = r.Integer(o, "version", "", true)) {
    if (*v < 1) r.Fail("version", "must be 1 or more");
    ins.version = static_cast<int>(*v);
  }
  if (const json::array* langs = r.Array(o, "languages", "", true)) {
    for (std::size_t i = 0; i < langs->size(); ++i) {
      if (!(*langs)[i].is_string() || (*langs)[i].as_string().empty()) r.Fail(Reader::Index("languages", i), "must be a language tag");
      else ins.languages.emplace_back((*langs)[i].as_string());
    }
    if (ins.languages.empty()) r.Fail("languages", "must name at least one language");
  }
  if (r.failed()) return Error::Invalid(r.error());
  ins.title = r.Text(o, "title", "", true, ins.languages);
  ins.description = r.Text(o, "description", "", false, ins.languages);
  ins.source = r.String(o, "source", "", true).value_or("");
  if (auto purpose = r.String(o, "purpose", "", false)) {
    if (*purpose == "outcome") ins.purpose = Purpose::kOutcome;
    else if (*purpose != "triangle") r.Fail("purpose", "must be \"triangle\" or \"outcome\"");
  }
  ins.provisional = r.Bool(o, "provisional", "", false).value_or(false);

  if (const json::object* scale = r.Object(o, "scale", "", true)) {
    r.Unknown(*scale, "scale", {"min", "max", "anchors"});
    ins.scale_min = static_cast<int>(r.Integer(*scale, "min", "scale", true).value_or(0));
    ins.scale_max = static_cast<int>(r.Integer(*scale, "max", "scale", true).value_or(0));
    if (!r.failed() && ins.scale_max <= ins.scale_min) r.Fail("scale.max", "must be greater than scale.min");
    if (!r.failed() && std::int64_t{ins.scale_max} - ins.scale_min > 100) r.Fail("scale", "may have at most 101 points");
    if (const json::object* anchors = r.Object(*scale, "anchors", "scale", true)) {
      for (const auto& kv : *anchors) {
        const std::string path = "scale.anchors." + std::string(kv.key());
        long long point = 0;
        try {
          std::size_t used = 0;
          point = std::stoll(std::string(kv.key()), &used);
          if (used != kv.key().size()) throw std::invalid_argument("");
        } catch (const std::exception&) {
          r.Fail(path, "must be a whole number on the scale");
          continue;
        }
        if (point < ins.scale_min || point > ins.scale_max) r.Fail(path, "lies outside the scale");
        if (!kv.value().is_object()) {
          r.Fail(path, "must be an object of texts");
          continue;
        }
        json::object holder{{"t", kv.value()}};
        ins.anchors[static_cast<int>(point)] = r.Text(holder, "t", path, true, ins.languages);
      }
      if (!ins.anchors.contains(ins.scale_min) || !ins.anchors.contains(ins.scale_max))
        r.Fail("scale.anchors", "must label at least the lowest and the highest point");
    }
  }

  if (auto scoring = r.String(o, "scoring", "", true)) {
    if (*scoring == "mean") ins.scoring = Scoring::kMean;
    else if (*scoring == "sum") ins.scoring = Scoring::kSum;
    else r.Fail("scoring", "must be \"mean\" or \"sum\"");
  }

  if (const json::array* subs = r.Array(o, "subscales", "", true)) {
    if (subs->empty()) r.Fail("subscales", "must list at least one subscale");
    std::set<std::string> seen;
    for (std::size_t i = 0; i < subs->size() && !r.failed(); ++i) {
      const std::string path = Reader::Index("subscales", i);
      if (!(*subs)[i].is_object()) {
        r.Fail(path, "must be an object");
        break;
      }
      const json::object& so = (*subs)[i].as_object();
      r.Unknown(so, path, {"id", "title", "reliability", "reference_sd", "bands", "cutoff"});
      Subscale s;
      s.id = r.String(so, "id", path, true).value_or("");
      if (!s.id.empty() && !content::ValidId(s.id)) r.Fail(path + ".id", "must be lowercase letters, digits, - or _");
      if (!s.id.empty() && !seen.insert(s.id).second) r.Fail(path + ".id", "repeats subscale \"" + s.id + "\"");
      s.title = r.Text(so, "title", path, true, ins.languages);
      s.reliability = r.Number(so, "reliability", path, true).value_or(0);
      if (!r.failed() && (s.reliability <= 0 || s.reliability >= 1)) r.Fail(path + ".reliability", "must be between 0 and 1");
      s.reference_sd = r.Number(so, "reference_sd", path, true).value_or(0);
      if (!r.failed() && s.reference_sd <= 0) r.Fail(path + ".reference_sd", "must be greater than 0");
      if (so.contains("cutoff")) s.cutoff = r.Number(so, "cutoff", path, true);
      if (const json::array* bands = r.Array(so, "bands", path, false)) {
        for (std::size_t b = 0; b < bands->size() && !r.failed(); ++b) {
          const std::string bpath = Reader::Index(path + ".bands", b);
          if (!(*bands)[b].is_object()) {
            r.Fail(bpath, "must be an object");
            break;
          }
          const json::object& bo = (*bands)[b].as_object();
          r.Unknown(bo, bpath, {"from", "label"});
          Band band;
          band.from = r.Number(bo, "from", bpath, true).value_or(0);
          band.label = r.Text(bo, "label", bpath, true, ins.languages);
          if (!r.failed() && !s.bands.empty() && band.from <= s.bands.back().from)
            r.Fail(bpath + ".from", "must be greater than the previous band's");
          s.bands.push_back(std::move(band));
        }
      }
      ins.subscales.push_back(std::move(s));
    }
  }

  if (const json::array* items = r.Array(o, "items", "", true)) {
    if (items->empty()) r.Fail("items", "must list at least one item");
    std::set<std::string> seen;
    bool all_ideal = true;
    for (std::size_t i = 0; i < items->size() && !r.failed(); ++i) {
      const std::string path = Reader::Index("items", i);
      if (!(*items)[i].is_object()) {
        r.Fail(path, "must be an object");
        break;
      }
      const json::object& io = (*items)[i].as_object();
      r.Unknown(io, path, {"id", "subscale", "reverse", "text", "ideal_text"});
      Item item;
      item.id = r.String(io, "id", path, true).value_or("");
      if (!item.id.empty() && !content::ValidId(item.id)) r.Fail(path + ".id", "must be lowercase letters, digits, - or _");
      if (!item.id.empty() && !seen.insert(item.id).second) r.Fail(path + ".id", "repeats item \"" + item.id + "\"");
      item.subscale = r.String(io, "subscale", path, true).value_or("");
      if (!r.failed() && !ins.FindSubscale(item.subscale))
        r.Fail(path + ".subscale", "names no subscale of this instrument (\"" + item.subscale + "\")");
      item.reverse = r.Bool(io, "reverse", path, false).value_or(false);
      item.text = r.Text(io, "text", path, true, ins.languages);
      item.ideal_text = r.Text(io, "ideal_text", path, false, ins.languages);
      all_ideal = all_ideal && !item.ideal_text.empty();
      ins.items.push_back(std::move(item));
    }
    ins.has_ideal = all_ideal;
    for (const Subscale& s : ins.subscales) {
      bool used = false;
      for (const Item& it : ins.items) used = used || it.subscale == s.id;
      if (!used && !r.failed()) r.Fail("subscales", "subscale \"" + s.id + "\" has no items");
    }
  }

  if (!r.failed()) {
    for (std::size_t i = 0; i < ins.subscales.size(); ++i) {
      const Subscale& s = ins.subscales[i];
      if (!s.bands.empty() && s.bands.front().from != ins.ScoreMin(s))
        r.Fail(Reader::Index("subscales", i) + ".bands[0].from", "must equal the lowest possible score");
      if (!s.bands.empty() && s.bands.back().from > ins.ScoreMax(s))
        r.Fail(Reader::Index("subscales", i) + ".bands", "starts a band above the highest possible score");
      if (s.cutoff && !(*s.cutoff > ins.ScoreMin(s) && *s.cutoff <= ins.ScoreMax(s)))
        r.Fail(Reader::Index("subscales", i) + ".cutoff", "must lie above the lowest possible score and not above the highest");
    }
  }

  if (const json::object* k = r.Object(o, "kind_of_love", "", false); k && !r.failed()) {
    r.Unknown(*k, "kind_of_love", {"present_at", "high_at", "strong_at", "near", "components", "descriptions"});
    KindRule rule;
    const double lo = ins.scale_min, hi = ins.scale_max;
    rule.midpoint = (lo + hi) / 2;
    // `high_at` is the older name of `present_at`, still read.
    const char* present_key = k->contains("high_at") ? "high_at" : "present_at";
    if (k->contains("high_at") && k->contains("present_at"))
      r.Fail("kind_of_love.high_at", "is the older name of present_at; give only present_at");
    rule.present_at = r.Number(*k, present_key, "kind_of_love", false).value_or(rule.midpoint);
    rule.strong_at = r.Number(*k, "strong_at", "kind_of_love", false).value_or(rule.present_at + (hi - rule.present_at) / 2);
    rule.near = r.Number(*k, "near", "kind_of_love", false).value_or((hi - lo) / 16);
    if (!r.failed() && (rule.present_at <= lo || rule.present_at > hi))
      r.Fail(std::string("kind_of_love.") + present_key, "must lie above the lowest point of the scale and not above the highest");
    if (!r.failed() && (rule.strong_at < rule.present_at || rule.strong_at > hi))
      r.Fail("kind_of_love.strong_at", "must lie between present_at and the highest point of the scale");
    if (!r.failed() && !(rule.near >= 0 && rule.near <= hi - lo)) r.Fail("kind_of_love.near", "must be from 0 to the width of the scale");
    if (ins.scoring != Scoring::kMean) r.Fail("kind_of_love", "needs mean scoring");
    if (const json::object* c = r.Object(*k, "components", "kind_of_love", true)) {
      r.Unknown(*c, "kind_of_love.components", {"intimacy", "passion", "commitment"});
      for (auto [key, field] : {std::pair{"intimacy", &KindRule::intimacy}, std::pair{"passion", &KindRule::passion},
                                std::pair{"commitment", &KindRule::commitment}}) {
        rule.*field = r.String(*c, key, "kind_of_love.components", true).value_or("");
        if (!r.failed() && !ins.FindSubscale(rule.*field))
          r.Fail(std::string("kind_of_love.components.") + key, "names no subscale of this instrument");
      }
    }
    if (const json::object* d = r.Object(*k, "descriptions", "kind_of_love", true)) {
      for (Kind kind : {Kind::kNonlove, Kind::kLiking, Kind::kInfatuation, Kind::kEmpty, Kind::kRomantic,
                        Kind::kCompanionate, Kind::kFatuous, Kind::kConsummate}) {
        const std::string key(KindName(kind));
        rule.descriptions[key] = r.Text(*d, key, "kind_of_love.descriptions", true, ins.languages);
      }
      r.Unknown(*d, "kind_of_love.descriptions", {"nonlove", "liking", "infatuation", "empty", "romantic",
                                                  "companionate", "fatuous", "consummate"});
    }
    ins.kind_rule = std::move(rule);
  }

  if (r.failed()) return Error::Invalid(r.error());
  return ins;
}

double Round2(double x) { return std::round(x * 100.0) / 100.0; }

double Round1(double x) {
  const double r = std::round(x * 10.0) / 10.0;
  return r == 0 ? 0.0 : r;  // no "-0.0"
}

std::string FormatScore(double x) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.1f", Round1(x));
  return buf;
}

Result<Scores> Score(const Instrument& ins, const std::map<std::string, long long>& answers) {
  std::vector<FieldError> problems;
  for (const auto& [id, value] : answers)
    if (!ins.FindItem(id)) problems.push_back({"answers." + id, "unknown_item", "This is not an item of " + ins.id + "."});
  std::map<std::string, double> sums;
  std::map<std::string, int> counts;
  for (const Item& item : ins.items) {
    auto it = answers.find(item.id);
    if (it == answers.end()) {
      problems.push_back({"answers." + item.id, "missing", "Every item needs an answer."});
      continue;
    }
    if (it->second < ins.scale_min || it->second > ins.scale_max) {
      problems.push_back({"answers." + item.id, "range",
                          "Answer with a whole number from " + std::to_string(ins.scale_min) + " to " +
                              std::to_string(ins.scale_max) + "."});
      continue;
    }
    const double value = item.reverse ? ins.scale_min + ins.scale_max - it->second : it->second;
    sums[item.subscale] += value;
    counts[item.subscale] += 1;
  }
  if (!problems.empty()) return Error::Invalid("Some answers are missing or out of range.", std::move(problems));
  Scores out;
  for (const Subscale& s : ins.subscales)
    out[s.id] = Round2(ins.scoring == Scoring::kMean ? sums[s.id] / counts[s.id] : sums[s.id]);
  return out;
}

const Band* BandOf(const Subscale& subscale, double score) {
  const Band* found = nullptr;
  for (const Band& b : subscale.bands)
    if (score >= b.from) found = &b;
  return found;
}

std::string_view KindName(Kind k) {
  switch (k) {
    case Kind::kNonlove: return "nonlove";
    case Kind::kLiking: return "liking";
    case Kind::kInfatuation: return "infatuation";
    case Kind::kEmpty: return "empty";
    case Kind::kRomantic: return "romantic";
    case Kind::kCompanionate: return "companionate";
    case Kind::kFatuous: return "fatuous";
    case Kind::kConsummate: return "consummate";
  }
  return "nonlove";
}

std::optional<Kind> KindFromName(std::string_view name) {
  for (Kind k : {Kind::kNonlove, Kind::kLiking, Kind::kInfatuation, Kind::kEmpty, Kind::kRomantic, Kind::kCompanionate,
                 Kind::kFatuous, Kind::kConsummate})
    if (KindName(k) == name) return k;
  return std::nullopt;
}

Kind KindOf(bool i, bool p, bool c) {
  if (i && p && c) return Kind::kConsummate;
  if (i && p) return Kind::kRomantic;
  if (i && c) return Kind::kCompanionate;
  if (p && c) return Kind::kFatuous;
  if (i) return Kind::kLiking;
  if (p) return Kind::kInfatuation;
  if (c) return Kind::kEmpty;
  return Kind::kNonlove;
}

namespace {

// Comparisons of shown (one-decimal) values against lines given in the file.
constexpr double kEps = 1e-9;

constexpr std::string_view kComponentNames[3] = {"intimacy", "passion", "commitment"};

std::string Capitalised(std::string s) {
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s;
}

// "intimacy", "intimacy and passion", "intimacy, passion and commitment".
std::string JoinNames(const std::vector<Component>& cs) {
  std::string out;
  for (std::size_t i = 0; i < cs.size(); ++i) {
    if (i > 0) out += i + 1 == cs.size() ? " and " : ", ";
    out += kComponentNames[static_cast<int>(cs[i])];
  }
  return out;
}

// "the middle of the scale", or "the line at 6.0" when a file moved it.
std::string LineWords(const KindRule& rule) {
  if (std::fabs(rule.present_at - rule.midpoint) < kEps) return "the middle of the scale";
  return "the line at " + FormatScore(rule.present_at);
}

// ---- Spanish. Components with their articles; intimidad and pasión are feminine,
// compromiso masculine, and a list agrees in gender (masculine when mixed).
constexpr std::string_view kComponentNamesEs[3] = {"la intimidad", "la pasión", "el compromiso"};
constexpr bool kFeminineEs[3] = {true, true, false};

bool AllFeminine(const std::vector<Component>& cs) {
  for (Component c : cs)
    if (!kFeminineEs[static_cast<int>(c)]) return false;
  return true;
}

// "la intimidad", "la intimidad y la pasión", "la intimidad, la pasión y el compromiso".
std::string JoinNamesEs(const std::vector<Component>& cs) {
  std::string out;
  for (std::size_t i = 0; i < cs.size(); ++i) {
    if (i > 0) out += i + 1 == cs.size() ? " y " : ", ";
    out += kComponentNamesEs[static_cast<int>(cs[i])];
  }
  return out;
}

// "7,0": a score with a decimal comma.
std::string FormatScoreEs(double x) {
  std::string s = FormatScore(x);
  std::replace(s.begin(), s.end(), '.', ',');
  return s;
}

// "la mitad de la escala", or "la línea del 6,0" when a file moved it.
std::string LineWordsEs(const KindRule& rule) {
  if (std::fabs(rule.present_at - rule.midpoint) < kEps) return "la mitad de la escala";
  return "la línea del " + FormatScoreEs(rule.present_at);
}

std::string DifferenceTextEs(const Difference& d, Between between, std::string_view partner) {
  const bool up = d.shown > 0;
  const std::string amount = FormatScoreEs(std::fabs(d.shown)) + " puntos";
  // Said of the person or the ideal rather than of the component, so nothing has to
  // agree with the component's gender.
  std::string subject, other;  // "tu ideal " / "hoy"
  switch (between) {
    case Between::kChange: other = "la última vez"; break;
    case Between::kIdeal: subject = "tu ideal "; other = "hoy"; break;
    case Between::kPartner:
      subject = (partner.empty() ? std::string("tu pareja") : std::string(partner)) + " ";
      other = "ti";
      break;
  }
  // "igual que tú" but "por encima de ti".
  const std::string same_as = between == Between::kPartner ? "tú" : other;
  const std::string is = between == Between::kChange ? "" : between == Between::kIdeal ? "es " : "está ";
  switch (d.size) {
    case Size::kSame:
      return subject + is + "igual que " + same_as;
    case Size::kAboutSame:
      return subject + is + "más o menos igual que " + same_as + " (" +
             (between == Between::kChange ? std::string(up ? "sube " : "baja ") + amount : amount + " de diferencia") +
             ", demasiado poco para que signifique mucho)";
    case Size::kALittle:
    case Size::kClearly:
      return subject + (between == Between::kChange ? "" : "está ") +
             (d.size == Size::kALittle ? "un poco " : "claramente ") + (up ? "por encima de " : "por debajo de ") + other +
             " (" + (between == Between::kChange ? std::string(up ? "sube " : "baja ") + amount : amount + (up ? " más" : " menos")) +
             ")";
  }
  return "";
}

std::string KindSummaryEs(const KindResult& k) {
  std::vector<std::string> parts;
  for (Level level : {Level::kStrong, Level::kModerate, Level::kRoomToGrow}) {
    std::vector<Component> cs;
    for (int c = 0; c < 3; ++c)
      if (k.levels[c] == level) cs.push_back(static_cast<Component>(c));
    if (cs.empty()) continue;
    const bool one = cs.size() == 1;
    std::string said;
    switch (level) {
      case Level::kStrong: said = one ? "es fuerte" : "son fuertes"; break;
      case Level::kModerate:
        said = std::string(one ? "es moderad" : "son moderad") + (AllFeminine(cs) ? "a" : "o") + (one ? "" : "s");
        break;
      case Level::kRoomToGrow: said = one ? "tiene margen para crecer" : "tienen margen para crecer"; break;
    }
    parts.push_back(JoinNamesEs(cs) + " " + said);
  }
  // Two parts: "A, y B" (different subjects); three: "A, B y C".
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += i + 1 < parts.size() ? ", " : parts.size() == 2 ? ", y " : " y ";
    out += parts[i];
  }
  return Capitalised(out) + ".";
}

std::string KindNearNoteEs(const KindRule& rule, const KindResult& k) {
  const std::string line = LineWordsEs(rule);
  if (k.borderline.empty()) return "";
  if (k.borderline.size() == 1 && k.also_near.size() == 1) {
    const int c = static_cast<int>(k.borderline[0]);
    const double v = k.shown[c];
    const bool above = v >= rule.present_at - kEps;
    const char* where = std::fabs(v - rule.present_at) < kEps ? "justo en " : above ? "justo por encima de " : "justo por debajo de ";
    return Capitalised(std::string(kComponentNamesEs[c])) + " está " + where + line + " (" + FormatScoreEs(v) +
           "); con un poco " + (above ? "menos" : "más") + ", esto se llamaría «" +
           std::string(KindTitle(k.also_near[0], Lang::kEs)) + "».";
  }
  const std::string who = k.borderline.size() == 3
                              ? std::string("Los tres están")
                              : Capitalised(JoinNamesEs(k.borderline)) + " están " + (AllFeminine(k.borderline) ? "las" : "los") + " dos";
  return who + " cerca de " + line +
         ", así que un pequeño cambio en tus respuestas podría dar otro nombre. Tómalo como una orientación.";
}

}  // namespace

KindResult ClassifyKind(const KindRule& rule, double intimacy, double passion, double commitment) {
  KindResult r{};
  const double raw[3] = {intimacy, passion, commitment};
  bool present[3];
  for (int c = 0; c < 3; ++c) {
    const double v = Round1(raw[c]);
    r.shown[c] = v;
    present[c] = v >= rule.present_at - kEps;
    r.levels[c] = v >= rule.strong_at - kEps ? Level::kStrong : present[c] ? Level::kModerate : Level::kRoomToGrow;
    if (std::fabs(v - rule.present_at) <= rule.near + kEps) r.borderline.push_back(static_cast<Component>(c));
  }
  r.kind = KindOf(present[0], present[1], present[2]);
  if (r.borderline.size() == 1) {
    const int c = static_cast<int>(r.borderline[0]);
    bool flipped[3] = {present[0], present[1], present[2]};
    flipped[c] = !flipped[c];
    r.also_near.push_back(KindOf(flipped[0], flipped[1], flipped[2]));
  }
  return r;
}

double ReliableChangeCriterion(double sd, double alpha) { return 1.96 * sd * std::sqrt(2.0 * (1.0 - alpha)); }

std::string_view SizeName(Size s) {
  switch (s) {
    case Size::kSame: return "same";
    case Size::kAboutSame: return "about_same";
    case Size::kALittle: return "a_little";
    case Size::kClearly: return "clearly";
  }
  return "same";
}

Difference Compare(double first, double second, const Subscale& s) {
  Difference d;
  d.delta = Round2(second - first);
  const double criterion = ReliableChangeCriterion(s.reference_sd, s.reliability);
  d.criterion = Round2(criterion);
  const double gap = std::fabs(second - first);
  d.reliable = gap > criterion;
  d.shown = Round1(Round1(second) - Round1(first));
  if (d.shown == 0) d.size = Size::kSame;
  else if (!d.reliable) d.size = Size::kAboutSame;
  else if (gap < 2 * criterion) d.size = Size::kALittle;
  else d.size = Size::kClearly;
  return d;
}

Lang LangOf(std::string_view tag) { return tag == "es" ? Lang::kEs : Lang::kEn; }

std::string DifferenceText(const Difference& d, Between between, std::string_view partner, Lang lang) {
  if (lang == Lang::kEs) return DifferenceTextEs(d, between, partner);
  const bool up = d.shown > 0;
  const std::string amount = FormatScore(std::fabs(d.shown)) + " points";
  std::string subject, other;  // "your ideal is" / "than today"
  switch (between) {
    case Between::kChange: other = "last time"; break;
    case Between::kIdeal: subject = "your ideal is "; other = "today"; break;
    case Between::kPartner:
      subject = (partner.empty() ? std::string("your partner") : std::string(partner)) + "'s is ";
      other = "yours";
      break;
  }
  std::string out;
  switch (d.size) {
    case Size::kSame:
      out = subject + "the same as " + other;
      break;
    case Size::kAboutSame:
      out = subject + "about the same as " + other + " (" +
            (between == Between::kChange ? std::string(up ? "up " : "down ") + amount : amount + " apart") +
            ", too small to mean much)";
      break;
    case Size::kALittle:
    case Size::kClearly:
      out = subject + (d.size == Size::kALittle ? "a little " : "clearly ") + (up ? "higher" : "lower") + " than " + other +
            " (" + (between == Between::kChange ? std::string(up ? "up " : "down ") : std::string("by ")) + amount + ")";
      break;
  }
  return out;
}

std::string_view KindTitle(Kind k, Lang lang) {
  if (lang == Lang::kEs) {
    switch (k) {
      case Kind::kNonlove: return "Margen para crecer";
      case Kind::kLiking: return "Cariño";
      case Kind::kInfatuation: return "Enamoramiento";
      case Kind::kEmpty: return "Amor comprometido";
      case Kind::kRomantic: return "Amor romántico";
      case Kind::kCompanionate: return "Amor compañero";
      case Kind::kFatuous: return "Compromiso apasionado";
      case Kind::kConsummate: return "Amor consumado";
    }
    return "";
  }
  switch (k) {
    case Kind::kNonlove: return "Room to grow";
    case Kind::kLiking: return "Liking";
    case Kind::kInfatuation: return "Infatuation";
    case Kind::kEmpty: return "Committed love";
    case Kind::kRomantic: return "Romantic love";
    case Kind::kCompanionate: return "Companionate love";
    case Kind::kFatuous: return "Passionate commitment";
    case Kind::kConsummate: return "Consummate love";
  }
  return "";
}

std::string KindSummary(const KindRule&, const KindResult& k, Lang lang) {
  if (lang == Lang::kEs) return KindSummaryEs(k);
  struct Group {
    Level level;
    const char *one, *some, *all;
  } groups[] = {
      {Level::kStrong, "is strong", "are strong", "are all strong"},
      {Level::kModerate, "is moderate", "are moderate", "are all moderate"},
      {Level::kRoomToGrow, "has room to grow", "have room to grow", "all have room to grow"},
  };
  std::vector<std::string> parts;
  for (const Group& g : groups) {
    std::vector<Component> cs;
    for (int c = 0; c < 3; ++c)
      if (k.levels[c] == g.level) cs.push_back(static_cast<Component>(c));
    if (cs.empty()) continue;
    parts.push_back(JoinNames(cs) + " " + (cs.size() == 1 ? g.one : cs.size() == 3 ? g.all : g.some));
  }
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += i + 1 == parts.size() ? ", and " : ", ";
    out += parts[i];
  }
  return Capitalised(out) + ".";
}

std::string KindNearNote(const KindRule& rule, const KindResult& k, Lang lang) {
  if (lang == Lang::kEs) return KindNearNoteEs(rule, k);
  const std::string line = LineWords(rule);
  if (k.borderline.empty()) return "";
  if (k.borderline.size() == 1 && k.also_near.size() == 1) {
    const int c = static_cast<int>(k.borderline[0]);
    const double v = k.shown[c];
    const bool above = v >= rule.present_at - kEps;
    const char* where = std::fabs(v - rule.present_at) < kEps ? "right at " : above ? "just above " : "just below ";
    return Capitalised(std::string(kComponentNames[c])) + " is " + where + line + " (" + FormatScore(v) + "); a little " +
           (above ? "lower" : "higher") + " and this would read as \"" + std::string(KindTitle(k.also_near[0])) +
           "\".";
  }
  const std::string who = k.borderline.size() == 3 ? "All three" : Capitalised(JoinNames(k.borderline)) + " both";
  return who + " sit close to " + line +
         ", so a small change in your answers could give a different name. Read this one loosely.";
}

}  // namespace rk::triangle
