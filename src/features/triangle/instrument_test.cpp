#include "features/triangle/instrument.hpp"

#include <unistd.h>

#include <filesystem>

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <cmath>
#include <fstream>
#include <sstream>

#include "features/triangle/catalog.hpp"

namespace rk::triangle {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string ContentPath(const std::string& name) { return std::string(REKINDLE_SOURCE_DIR) + "/content/instruments/" + name; }

// A small valid instrument used as the base for broken variants.
boost::json::object Base() {
  return boost::json::parse(R"({
    "id": "mini", "version": 1, "title": {"en": "Mini"}, "languages": ["en"], "source": "test",
    "scale": {"min": 1, "max": 9, "anchors": {"1": {"en": "Not at all"}, "9": {"en": "Extremely"}}},
    "scoring": "mean",
    "subscales": [
      {"id": "intimacy", "title": {"en": "I"}, "reliability": 0.9, "reference_sd": 1.5,
       "bands": [{"from": 1, "label": {"en": "low"}}, {"from": 7, "label": {"en": "high"}}]},
      {"id": "passion", "title": {"en": "P"}, "reliability": 0.9, "reference_sd": 1.5},
      {"id": "commitment", "title": {"en": "C"}, "reliability": 0.9, "reference_sd": 1.5}
    ],
    "items": [
      {"id": "a", "subscale": "intimacy", "text": {"en": "A"}},
      {"id": "b", "subscale": "intimacy", "reverse": true, "text": {"en": "B"}},
      {"id": "c", "subscale": "passion", "text": {"en": "C"}},
      {"id": "d", "subscale": "commitment", "text": {"en": "D"}}
    ]
  })").as_object();
}

Result<Instrument> Parse(const boost::json::object& o) { return ParseInstrument(boost::json::serialize(o), "mini.json"); }

TEST(InstrumentFile, ShippedFormsAreValidAndComplete) {
  for (auto [file, per] : {std::pair{"triangle-short.json", 5}, std::pair{"triangle-full.json", 15}}) {
    auto ins = ParseInstrument(ReadFile(ContentPath(file)), file);
    ASSERT_TRUE(ins.ok()) << ins.error().message;
    EXPECT_EQ(ins->scale_min, 1);
    EXPECT_EQ(ins->scale_max, 9);
    EXPECT_TRUE(ins->has_ideal) << file;
    ASSERT_TRUE(ins->kind_rule.has_value());
    EXPECT_DOUBLE_EQ(ins->kind_rule->present_at, 5.0);
    for (const char* s : {"intimacy", "passion", "commitment"}) {
      int n = 0;
      for (const Item& i : ins->items) n += i.subscale == s;
      EXPECT_EQ(n, per) << file << " " << s;
    }
  }
}

TEST(InstrumentFile, TheOutcomeMeasureIsValidInBothLanguages) {
  auto ins = ParseInstrument(ReadFile(ContentPath("satisfaction.json")), "satisfaction.json");
  ASSERT_TRUE(ins.ok()) << ins.error().message;
  EXPECT_EQ(ins->purpose, Purpose::kOutcome);
  EXPECT_TRUE(ins->provisional);
  EXPECT_EQ(ins->languages, (std::vector<std::string>{"en", "es"}));
  ASSERT_EQ(ins->subscales.size(), 1u);
  ASSERT_TRUE(ins->subscales[0].cutoff.has_value());
  // The cut-off is where the bands change, so the band a person reads agrees with it.
  EXPECT_DOUBLE_EQ(ins->subscales[0].bands.back().from, *ins->subscales[0].cutoff);
  EXPECT_FALSE(ins->kind_rule.has_value());
  for (const char* file : {"triangle-short.json", "triangle-full.json"}) {
    auto t = ParseInstrument(ReadFile(ContentPath(file)), file);
    ASSERT_TRUE(t.ok());
    EXPECT_EQ(t->purpose, Purpose::kTriangle) << file;
  }
}

TEST(InstrumentFile, ACatalogHasOneOutcomeMeasureAtMost) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / ("rk-catalog-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  for (const char* id : {"first", "second"}) {
    auto o = Base();
    o["id"] = id;
    o["purpose"] = "outcome";
    std::ofstream(dir / (std::string(id) + ".json")) << boost::json::serialize(o);
  }
  auto two = Catalog::LoadDirectory(dir.string());
  ASSERT_FALSE(two.ok());
  EXPECT_NE(two.error().message.find("second.json: purpose: \"first\" is the outcome measure already"), std::string::npos)
      << two.error().message;
  std::filesystem::remove(dir / "second.json");
  auto one = Catalog::LoadDirectory(dir.string());
  ASSERT_TRUE(one.ok()) << one.error().message;
  ASSERT_NE(one->Outcome(), nullptr);
  EXPECT_EQ(one->Outcome()->id, "first");
  std::filesystem::remove_all(dir);
}

TEST(InstrumentFile, ShortFormItemsAreFullFormItems) {
  auto s = ParseInstrument(ReadFile(ContentPath("triangle-short.json")), "short");
  auto f = ParseInstrument(ReadFile(ContentPath("triangle-full.json")), "full");
  ASSERT_TRUE(s.ok() && f.ok());
  for (const Item& i : s->items) {
    const Item* same = f->FindItem(i.id);
    ASSERT_NE(same, nullptr) << i.id;
    EXPECT_EQ(same->text, i.text);
  }
}

TEST(InstrumentFile, EachKindOfBrokenFileIsRefusedNamingTheField) {
  using Mutate = void (*)(boost::json::object&);
  struct Case {
    Mutate mutate;
    const char* mentions;
  } cases[] = {
      {[](auto& o) { o.erase("id"); }, "mini.json: id: is required"},
      {[](auto& o) { o["id"] = "Has Spaces"; }, "id: must be lowercase"},
      {[](auto& o) { o["version"] = 0; }, "version: must be 1 or more"},
      {[](auto& o) { o["languages"] = boost::json::array{}; }, "languages: must name at least one"},
      {[](auto& o) { o["title"] = boost::json::object{{"de", "x"}}; }, "title: has no text for language \"en\""},
      {[](auto& o) { o["scale"].as_object()["max"] = 1; }, "scale.max: must be greater"},
      {[](auto& o) { o["scale"].as_object()["anchors"].as_object().erase("9"); }, "scale.anchors: must label"},
      {[](auto& o) { o["scale"].as_object()["anchors"].as_object()["12"] = boost::json::object{{"en", "x"}}; }, "scale.anchors.12: lies outside"},
      {[](auto& o) { o["scoring"] = "median"; }, "scoring: must be \"mean\" or \"sum\""},
      {[](auto& o) { o["subscales"].as_array()[0].as_object()["reliability"] = 1.2; }, "subscales[0].reliability"},
      {[](auto& o) { o["subscales"].as_array()[1].as_object()["reference_sd"] = 0; }, "subscales[1].reference_sd"},
      {[](auto& o) { o["subscales"].as_array()[1].as_object()["id"] = "intimacy"; }, "subscales[1].id: repeats"},
      {[](auto& o) { o["subscales"].as_array()[0].as_object()["bands"].as_array()[1].as_object()["from"] = 0.5; }, "subscales[0].bands[1].from"},
      {[](auto& o) { o["subscales"].as_array()[0].as_object()["bands"].as_array()[0].as_object()["from"] = 2; }, "subscales[0].bands[0].from: must equal"},
      {[](auto& o) { o["items"].as_array()[2].as_object()["subscale"] = "pasion"; }, "items[2].subscale: names no subscale"},
      {[](auto& o) { o["items"].as_array()[1].as_object()["id"] = "a"; }, "items[1].id: repeats item \"a\""},
      {[](auto& o) { o["items"].as_array()[1].as_object()["reverse"] = "yes"; }, "items[1].reverse"},
      {[](auto& o) { o["items"].as_array()[0].as_object().erase("text"); }, "items[0].text: is required"},
      {[](auto& o) { o["items"].as_array()[0].as_object()["colour"] = "red"; }, "items[0].colour: is not a known field"},
      {[](auto& o) { o["items"].as_array().pop_back(); }, "subscale \"commitment\" has no items"},
      {[](auto& o) { o["kind_of_love"] = boost::json::object{{"components", boost::json::object{{"intimacy", "intimacy"}, {"passion", "passion"}}}}; }, "kind_of_love.components.commitment: is required"},
      {[](auto& o) { o["kind_of_love"] = boost::json::object{{"high_at", 12}}; }, "kind_of_love.high_at"},
      {[](auto& o) { o["purpose"] = "therapy"; }, "purpose: must be \"triangle\" or \"outcome\""},
      {[](auto& o) { o["provisional"] = "yes"; }, "provisional: must be true or false"},
      {[](auto& o) { o["subscales"].as_array()[0].as_object()["cutoff"] = 1; }, "subscales[0].cutoff: must lie above"},
      {[](auto& o) { o["subscales"].as_array()[0].as_object()["cutoff"] = 9.5; }, "subscales[0].cutoff: must lie above"},
      {[](auto& o) { o["subscales"].as_array()[0].as_object()["cutoff"] = "5"; }, "subscales[0].cutoff: must be a number"},
      // Found with the content fuzz target (tests/fuzz/corpus/content/regression-*):
      // numbers too large for a whole number, and a scale too wide to subtract its ends.
      {[](auto& o) { o["version"] = 1e300; }, "version: must be a whole number from"},
      {[](auto& o) {
         o["scale"].as_object()["min"] = -2147483648LL;
         o["scale"].as_object()["max"] = 2147483647;
       }, "scale.min: must be a whole number from"},
      {[](auto& o) {
         o["scale"].as_object()["min"] = -2147483647;
         o["scale"].as_object()["max"] = 2147483647;
       }, "scale: may have at most 101 points"},
  };
  ASSERT_TRUE(Parse(Base()).ok()) << Parse(Base()).error().message;
  for (const Case& c : cases) {
    auto o = Base();
    c.mutate(o);
    auto r = Parse(o);
    ASSERT_FALSE(r.ok()) << c.mentions;
    EXPECT_NE(r.error().message.find(c.mentions), std::string::npos) << "wanted \"" << c.mentions << "\" in: " << r.error().message;
  }
  auto bad_json = ParseInstrument("{\"id\":", "broken.json");
  ASSERT_FALSE(bad_json.ok());
  EXPECT_EQ(bad_json.error().message.rfind("broken.json: not valid JSON", 0), 0u);
}

TEST(Scoring, MeanWithReverseKeyingToTwoDecimals) {
  auto ins = Parse(Base());
  ASSERT_TRUE(ins.ok());
  // a = 8, b reverse-keyed answered 2 -> 8; intimacy = 8.
  auto s = Score(*ins, {{"a", 8}, {"b", 2}, {"c", 5}, {"d", 9}});
  ASSERT_TRUE(s.ok());
  EXPECT_DOUBLE_EQ(s->at("intimacy"), 8.0);
  EXPECT_DOUBLE_EQ(s->at("passion"), 5.0);
  EXPECT_DOUBLE_EQ(s->at("commitment"), 9.0);
  auto t = Score(*ins, {{"a", 7}, {"b", 9}, {"c", 1}, {"d", 1}});  // (7 + 1) / 2
  EXPECT_DOUBLE_EQ(t->at("intimacy"), 4.0);
}

TEST(Scoring, RoundsToTwoDecimals) {
  auto o = Base();
  o["items"].as_array().push_back(boost::json::object{{"id", "e"}, {"subscale", "intimacy"}, {"text", {{"en", "E"}}}});
  auto ins = Parse(o);
  ASSERT_TRUE(ins.ok());
  auto s = Score(*ins, {{"a", 9}, {"b", 1}, {"c", 1}, {"d", 1}, {"e", 8}});  // (9 + 9 + 8) / 3 = 8.666…
  EXPECT_DOUBLE_EQ(s->at("intimacy"), 8.67);
}

TEST(Scoring, SumScoring) {
  auto o = Base();
  o["scoring"] = "sum";
  o["subscales"].as_array()[0].as_object()["bands"].as_array()[0].as_object()["from"] = 2;
  auto ins = Parse(o);
  ASSERT_TRUE(ins.ok()) << ins.error().message;
  auto s = Score(*ins, {{"a", 8}, {"b", 2}, {"c", 5}, {"d", 9}});
  EXPECT_DOUBLE_EQ(s->at("intimacy"), 16.0);
}

TEST(Scoring, RefusesMissingUnknownAndOutOfRangeNamingEachItem) {
  auto ins = Parse(Base());
  auto r = Score(*ins, {{"a", 0}, {"b", 10}, {"c", 5}, {"zzz", 3}});
  ASSERT_FALSE(r.ok());
  std::vector<std::string> got;
  for (const auto& f : r.error().fields) got.push_back(f.field + ":" + f.code);
  EXPECT_EQ(got, (std::vector<std::string>{"answers.zzz:unknown_item", "answers.a:range", "answers.b:range",
                                           "answers.d:missing"}));
}

TEST(Bands, PickTheBandAScoreFallsIn) {
  auto ins = Parse(Base());
  const Subscale& s = ins->subscales[0];
  EXPECT_EQ(Pick(BandOf(s, 1.0)->label, "en"), "low");
  EXPECT_EQ(Pick(BandOf(s, 6.99)->label, "en"), "low");
  EXPECT_EQ(Pick(BandOf(s, 7.0)->label, "en"), "high");
  EXPECT_EQ(BandOf(ins->subscales[1], 5.0), nullptr);
}

TEST(Kinds, EveryCombinationHasItsKind) {
  struct Case {
    bool i, p, c;
    const char* kind;
  } cases[] = {
      {false, false, false, "nonlove"}, {true, false, false, "liking"},      {false, true, false, "infatuation"},
      {false, false, true, "empty"},    {true, true, false, "romantic"},     {true, false, true, "companionate"},
      {false, true, true, "fatuous"},   {true, true, true, "consummate"},
  };
  KindRule rule;
  rule.near = 0;
  for (const Case& c : cases) {
    EXPECT_EQ(KindName(KindOf(c.i, c.p, c.c)), c.kind);
    auto r = ClassifyKind(rule, c.i ? 8.5 : 3.0, c.p ? 8.5 : 3.0, c.c ? 8.5 : 3.0);
    EXPECT_EQ(KindName(r.kind), c.kind);
    EXPECT_TRUE(r.also_near.empty());
    EXPECT_EQ(KindFromName(c.kind), KindOf(c.i, c.p, c.c));
  }
  EXPECT_FALSE(KindFromName("platonic").has_value());
}

TEST(Kinds, DefaultsFollowTheScale) {
  auto o = Base();
  o["kind_of_love"] = boost::json::parse(R"({"components": {"intimacy": "intimacy", "passion": "passion",
      "commitment": "commitment"}, "descriptions": {"nonlove": {"en": "."}, "liking": {"en": "."},
      "infatuation": {"en": "."}, "empty": {"en": "."}, "romantic": {"en": "."}, "companionate": {"en": "."},
      "fatuous": {"en": "."}, "consummate": {"en": "."}}})");
  auto nine = Parse(o);
  ASSERT_TRUE(nine.ok()) << nine.error().message;
  EXPECT_DOUBLE_EQ(nine->kind_rule->midpoint, 5.0);
  EXPECT_DOUBLE_EQ(nine->kind_rule->present_at, 5.0);  // the middle of 1-9
  EXPECT_DOUBLE_EQ(nine->kind_rule->strong_at, 7.0);   // halfway from there to the top
  EXPECT_DOUBLE_EQ(nine->kind_rule->near, 0.5);
  o["scale"].as_object()["max"] = 5;
  o["scale"].as_object()["anchors"].as_object().erase("9");
  o["scale"].as_object()["anchors"].as_object()["5"] = boost::json::object{{"en", "Extremely"}};
  o["subscales"].as_array()[0].as_object().erase("bands");
  auto five = Parse(o);
  ASSERT_TRUE(five.ok()) << five.error().message;
  EXPECT_DOUBLE_EQ(five->kind_rule->present_at, 3.0);
  EXPECT_DOUBLE_EQ(five->kind_rule->strong_at, 4.0);
  EXPECT_DOUBLE_EQ(five->kind_rule->near, 0.25);
  // The older name of present_at is still read; both at once is refused.
  o["kind_of_love"].as_object()["high_at"] = 4;
  auto old = Parse(o);
  ASSERT_TRUE(old.ok()) << old.error().message;
  EXPECT_DOUBLE_EQ(old->kind_rule->present_at, 4.0);
  EXPECT_DOUBLE_EQ(old->kind_rule->strong_at, 4.5);
  o["kind_of_love"].as_object()["present_at"] = 3;
  ASSERT_FALSE(Parse(o).ok());
  EXPECT_NE(Parse(o).error().message.find("kind_of_love.high_at: is the older name"), std::string::npos);
  o["kind_of_love"].as_object().erase("high_at");
  o["kind_of_love"].as_object()["strong_at"] = 2;
  EXPECT_NE(Parse(o).error().message.find("kind_of_love.strong_at: must lie between"), std::string::npos);
}

// The wording table: for each triple (intimacy, passion, commitment) on the 1-9 scale
// with the shipped rule (present at 5, strong at 7, near 0.5), what a person reads.
struct WordingCase {
  double i, p, c;
  const char* title;
  const char* summary;
  const char* near;  // "" when nothing is said about the line
};

const WordingCase kWording[] = {
    // The ends and the middle of the scale.
    {1, 1, 1, "Room to grow", "Intimacy, passion and commitment all have room to grow.", ""},
    {9, 9, 9, "Consummate love", "Intimacy, passion and commitment are all strong.", ""},
    {5, 5, 5, "Consummate love", "Intimacy, passion and commitment are all moderate.",
     "All three sit close to the middle of the scale, so a small change in your answers could give a different name. "
     "Read this one loosely."},
    {4.9, 4.9, 4.9, "Room to grow", "Intimacy, passion and commitment all have room to grow.",
     "All three sit close to the middle of the scale, so a small change in your answers could give a different name. "
     "Read this one loosely."},
    {7, 7, 7, "Consummate love", "Intimacy, passion and commitment are all strong.", ""},
    {6.9, 6.9, 6.9, "Consummate love", "Intimacy, passion and commitment are all moderate.", ""},
    // The first evening's two results.
    {7, 6.4, 7, "Consummate love", "Intimacy and commitment are strong, and passion is moderate.", ""},
    {6, 5.4, 6, "Consummate love", "Intimacy, passion and commitment are all moderate.",
     "Passion is just above the middle of the scale (5.4); a little lower and this would read as \"Companionate "
     "love\"."},
    // Just above and below the line, as shown to one decimal.
    {5.5, 8, 8, "Consummate love", "Passion and commitment are strong, and intimacy is moderate.",
     "Intimacy is just above the middle of the scale (5.5); a little lower and this would read as \"Passionate "
     "commitment\"."},
    {5.6, 8, 8, "Consummate love", "Passion and commitment are strong, and intimacy is moderate.", ""},
    {4.96, 8, 8, "Consummate love", "Passion and commitment are strong, and intimacy is moderate.",
     "Intimacy is right at the middle of the scale (5.0); a little lower and this would read as \"Passionate "
     "commitment\"."},
    {4.94, 8, 8, "Passionate commitment", "Passion and commitment are strong, and intimacy has room to grow.",
     "Intimacy is just below the middle of the scale (4.9); a little higher and this would read as \"Consummate "
     "love\"."},
    {4.5, 8, 8, "Passionate commitment", "Passion and commitment are strong, and intimacy has room to grow.",
     "Intimacy is just below the middle of the scale (4.5); a little higher and this would read as \"Consummate "
     "love\"."},
    {4.4, 8, 8, "Passionate commitment", "Passion and commitment are strong, and intimacy has room to grow.", ""},
    {8, 8, 4.7, "Romantic love", "Intimacy and passion are strong, and commitment has room to grow.",
     "Commitment is just below the middle of the scale (4.7); a little higher and this would read as \"Consummate "
     "love\"."},
    {7.5, 6.5, 5.5, "Consummate love", "Intimacy is strong, and passion and commitment are moderate.",
     "Commitment is just above the middle of the scale (5.5); a little lower and this would read as \"Romantic "
     "love\"."},
    // The strong line, as shown.
    {6.95, 6.95, 6.95, "Consummate love", "Intimacy, passion and commitment are all strong.", ""},
    {6.99, 3, 3, "Liking", "Intimacy is strong, and passion and commitment have room to grow.", ""},
    {6.94, 3, 3, "Liking", "Intimacy is moderate, and passion and commitment have room to grow.", ""},
    // One high, two low; two high, one low.
    {8, 2, 2, "Liking", "Intimacy is strong, and passion and commitment have room to grow.", ""},
    {9, 1, 1, "Liking", "Intimacy is strong, and passion and commitment have room to grow.", ""},
    {6, 2, 2, "Liking", "Intimacy is moderate, and passion and commitment have room to grow.", ""},
    {2, 8, 2, "Infatuation", "Passion is strong, and intimacy and commitment have room to grow.", ""},
    {1, 9, 1, "Infatuation", "Passion is strong, and intimacy and commitment have room to grow.", ""},
    {2, 2, 8, "Committed love", "Commitment is strong, and intimacy and passion have room to grow.", ""},
    {8, 8, 2, "Romantic love", "Intimacy and passion are strong, and commitment has room to grow.", ""},
    {8, 3, 7, "Companionate love", "Intimacy and commitment are strong, and passion has room to grow.", ""},
    {2, 8, 8, "Passionate commitment", "Passion and commitment are strong, and intimacy has room to grow.", ""},
    // A lone component on the line names the kind across it, even "room to grow".
    {5, 1, 1, "Liking", "Intimacy is moderate, and passion and commitment have room to grow.",
     "Intimacy is right at the middle of the scale (5.0); a little lower and this would read as \"Room to "
     "grow\"."},
    {3, 3, 5.3, "Committed love", "Commitment is moderate, and intimacy and passion have room to grow.",
     "Commitment is just above the middle of the scale (5.3); a little lower and this would read as \"Room to "
     "grow\"."},
    // Two components on the line: no neighbours, which would contradict each other.
    {4.6, 4.6, 9, "Committed love", "Commitment is strong, and intimacy and passion have room to grow.",
     "Intimacy and passion both sit close to the middle of the scale, so a small change in your answers could give "
     "a different name. Read this one loosely."},
    {7, 5.2, 4.8, "Romantic love", "Intimacy is strong, passion is moderate, and commitment has room to grow.",
     "Passion and commitment both sit close to the middle of the scale, so a small change in your answers could "
     "give a different name. Read this one loosely."},
    {5, 5, 4, "Romantic love", "Intimacy and passion are moderate, and commitment has room to grow.",
     "Intimacy and passion both sit close to the middle of the scale, so a small change in your answers could give "
     "a different name. Read this one loosely."},
};

TEST(Kinds, WordingTable) {
  const KindRule rule;  // present at 5, strong at 7, near 0.5: the shipped files' rule
  EXPECT_GE(std::size(kWording), 30u);
  for (const WordingCase& w : kWording) {
    const KindResult k = ClassifyKind(rule, w.i, w.p, w.c);
    const std::string at = FormatScore(w.i) + " / " + FormatScore(w.p) + " / " + FormatScore(w.c);
    EXPECT_EQ(KindTitle(k.kind), w.title) << at;
    EXPECT_EQ(KindSummary(rule, k), w.summary) << at;
    EXPECT_EQ(KindNearNote(rule, k), w.near) << at;
    // also_near names a kind exactly when the note names one.
    EXPECT_EQ(k.also_near.size(), std::string(w.near).find("would read as") != std::string::npos ? 1u : 0u) << at;
  }
}

// The same wording in Spanish, for a representative subset: every title, each level
// with feminine, masculine and mixed lists, each kind of borderline note.
const WordingCase kWordingEs[] = {
    {7, 6.4, 7, "Amor consumado", "La intimidad y el compromiso son fuertes, y la pasión es moderada.", ""},
    {6, 5.4, 6, "Amor consumado", "La intimidad, la pasión y el compromiso son moderados.",
     "La pasión está justo por encima de la mitad de la escala (5,4); con un poco menos, esto se llamaría «Amor "
     "compañero»."},
    {6.95, 6.95, 6.95, "Amor consumado", "La intimidad, la pasión y el compromiso son fuertes.", ""},
    {1, 1, 1, "Margen para crecer", "La intimidad, la pasión y el compromiso tienen margen para crecer.", ""},
    {4.94, 8, 8, "Compromiso apasionado", "La pasión y el compromiso son fuertes, y la intimidad tiene margen para crecer.",
     "La intimidad está justo por debajo de la mitad de la escala (4,9); con un poco más, esto se llamaría «Amor "
     "consumado»."},
    {4.96, 8, 8, "Amor consumado", "La pasión y el compromiso son fuertes, y la intimidad es moderada.",
     "La intimidad está justo en la mitad de la escala (5,0); con un poco menos, esto se llamaría «Compromiso "
     "apasionado»."},
    {8, 8, 4.7, "Amor romántico", "La intimidad y la pasión son fuertes, y el compromiso tiene margen para crecer.",
     "El compromiso está justo por debajo de la mitad de la escala (4,7); con un poco más, esto se llamaría «Amor "
     "consumado»."},
    {7.5, 6.5, 5.5, "Amor consumado", "La intimidad es fuerte, y la pasión y el compromiso son moderados.",
     "El compromiso está justo por encima de la mitad de la escala (5,5); con un poco menos, esto se llamaría «Amor "
     "romántico»."},
    {6, 2, 2, "Cariño", "La intimidad es moderada, y la pasión y el compromiso tienen margen para crecer.", ""},
    {2, 8, 2, "Enamoramiento", "La pasión es fuerte, y la intimidad y el compromiso tienen margen para crecer.", ""},
    {2, 2, 8, "Amor comprometido", "El compromiso es fuerte, y la intimidad y la pasión tienen margen para crecer.", ""},
    {8, 3, 7, "Amor compañero", "La intimidad y el compromiso son fuertes, y la pasión tiene margen para crecer.", ""},
    {3, 3, 5.3, "Amor comprometido", "El compromiso es moderado, y la intimidad y la pasión tienen margen para crecer.",
     "El compromiso está justo por encima de la mitad de la escala (5,3); con un poco menos, esto se llamaría «Margen "
     "para crecer»."},
    {4.6, 4.6, 9, "Amor comprometido", "El compromiso es fuerte, y la intimidad y la pasión tienen margen para crecer.",
     "La intimidad y la pasión están las dos cerca de la mitad de la escala, así que un pequeño cambio en tus "
     "respuestas podría dar otro nombre. Tómalo como una orientación."},
    {7, 5.2, 4.8, "Amor romántico",
     "La intimidad es fuerte, la pasión es moderada y el compromiso tiene margen para crecer.",
     "La pasión y el compromiso están los dos cerca de la mitad de la escala, así que un pequeño cambio en tus "
     "respuestas podría dar otro nombre. Tómalo como una orientación."},
    {5, 5, 4, "Amor romántico", "La intimidad y la pasión son moderadas, y el compromiso tiene margen para crecer.",
     "La intimidad y la pasión están las dos cerca de la mitad de la escala, así que un pequeño cambio en tus "
     "respuestas podría dar otro nombre. Tómalo como una orientación."},
    {5, 5, 5, "Amor consumado", "La intimidad, la pasión y el compromiso son moderados.",
     "Los tres están cerca de la mitad de la escala, así que un pequeño cambio en tus respuestas podría dar otro "
     "nombre. Tómalo como una orientación."},
};

TEST(Kinds, WordingTableInSpanish) {
  const KindRule rule;
  EXPECT_GE(std::size(kWordingEs), 12u);
  for (const WordingCase& w : kWordingEs) {
    const KindResult k = ClassifyKind(rule, w.i, w.p, w.c);
    const std::string at = FormatScore(w.i) + " / " + FormatScore(w.p) + " / " + FormatScore(w.c);
    EXPECT_EQ(KindTitle(k.kind, Lang::kEs), w.title) << at;
    EXPECT_EQ(KindSummary(rule, k, Lang::kEs), w.summary) << at;
    EXPECT_EQ(KindNearNote(rule, k, Lang::kEs), w.near) << at;
  }
  // A moved line is named with a decimal comma.
  KindRule moved;
  moved.present_at = 6.0;
  EXPECT_EQ(KindNearNote(moved, ClassifyKind(moved, 6.2, 1, 1), Lang::kEs),
            "La intimidad está justo por encima de la línea del 6,0 (6,2); con un poco menos, esto se llamaría "
            "«Margen para crecer».");
  // Every kind has a title in both languages, and they differ.
  for (Kind k : {Kind::kNonlove, Kind::kLiking, Kind::kInfatuation, Kind::kEmpty, Kind::kRomantic, Kind::kCompanionate,
                 Kind::kFatuous, Kind::kConsummate}) {
    EXPECT_FALSE(KindTitle(k, Lang::kEs).empty());
    EXPECT_NE(KindTitle(k, Lang::kEs), KindTitle(k, Lang::kEn));
  }
  EXPECT_EQ(LangOf("es"), Lang::kEs);
  EXPECT_EQ(LangOf("en"), Lang::kEn);
  EXPECT_EQ(LangOf("de"), Lang::kEn);
}

TEST(Kinds, TheShippedFilesUseTheSameRule) {
  for (const char* file : {"triangle-short.json", "triangle-full.json"}) {
    auto ins = ParseInstrument(ReadFile(ContentPath(file)), file);
    ASSERT_TRUE(ins.ok());
    const KindRule& r = *ins->kind_rule;
    EXPECT_DOUBLE_EQ(r.present_at, 5.0) << file;
    EXPECT_DOUBLE_EQ(r.strong_at, 7.0) << file;
    EXPECT_DOUBLE_EQ(r.near, 0.5) << file;
    // Each component's bands start where the levels in the summary do.
    for (const Subscale& s : ins->subscales) {
      ASSERT_EQ(s.bands.size(), 3u) << file << " " << s.id;
      EXPECT_EQ(s.bands[1].from, r.present_at);
      EXPECT_EQ(s.bands[2].from, r.strong_at);
      EXPECT_EQ(Pick(BandOf(s, 4.9)->label, "en").rfind("Room to grow", 0), 0u);
      EXPECT_EQ(Pick(BandOf(s, 5.0)->label, "en").rfind("Moderate", 0), 0u);
      EXPECT_EQ(Pick(BandOf(s, 7.0)->label, "en").rfind("Strong", 0), 0u);
    }
    for (const auto& [kind, texts] : r.descriptions)
      for (const char* harsh : {"hard season", "after a loss", "empty", "nonlove", "fatuous", "Quiet"})
        EXPECT_EQ(Pick(texts, "en").find(harsh), std::string::npos) << file << " " << kind << ": " << harsh;
  }
}

// Every triple on the grid of shown values 1.0, 1.1 … 9.0: the name never contradicts
// the numbers, and nothing read is harsh.
TEST(Kinds, NeverContradictTheNumbersShown) {
  const KindRule rule;
  int checked = 0;
  for (int a = 10; a <= 90; ++a)
    for (int b = 10; b <= 90; ++b)
      for (int c = 10; c <= 90; c += (a % 7 == 0 ? 1 : 4)) {
        const double i = a / 10.0, p = b / 10.0, m = c / 10.0;
        const KindResult k = ClassifyKind(rule, i, p, m);
        const int present = (i >= 5) + (p >= 5) + (m >= 5);
        const std::string at = FormatScore(i) + " / " + FormatScore(p) + " / " + FormatScore(m);
        if (present == 3) {
          ASSERT_EQ(k.kind, Kind::kConsummate) << at;
        }
        if (k.kind == Kind::kNonlove) {
          ASSERT_EQ(present, 0) << at;
        }
        if (k.kind == Kind::kEmpty) {
          ASSERT_TRUE(m >= 5 && i < 5 && p < 5) << at;
        }
        ASSERT_LE(k.also_near.size(), 1u);
        // Each component's level is what its shown value says.
        const double shown[3] = {i, p, m};
        for (int n = 0; n < 3; ++n) {
          const Level want = shown[n] >= 7 ? Level::kStrong : shown[n] >= 5 ? Level::kModerate : Level::kRoomToGrow;
          ASSERT_EQ(k.levels[n], want) << at;
        }
        const std::string said = std::string(KindTitle(k.kind)) + " " + KindSummary(rule, k) + " " + KindNearNote(rule, k);
        for (const char* harsh : {"empty", "Empty", "nonlove", "Nonlove", "fatuous", "Fatuous", "Quiet", "loss"}) {
          ASSERT_EQ(said.find(harsh), std::string::npos) << said;
        }
        // All three at 5.0 or more: nothing is said to have room to grow; all below
        // 5.0: nothing is called strong.
        if (present == 3) {
          ASSERT_EQ(said.find("room to grow"), std::string::npos) << said;
        }
        if (present == 0) {
          ASSERT_EQ(said.find("strong"), std::string::npos) << said;
        }
        ++checked;
      }
  EXPECT_GT(checked, 100000);
}

TEST(Kinds, ScoresReadWithOneDecimal) {
  EXPECT_EQ(FormatScore(7), "7.0");
  EXPECT_EQ(FormatScore(6.4), "6.4");
  EXPECT_EQ(FormatScore(6.47), "6.5");
  EXPECT_EQ(FormatScore(6.45), "6.5");  // halves away from zero, as the web client rounds
  EXPECT_EQ(FormatScore(6.25), "6.3");
  EXPECT_EQ(FormatScore(8.67), "8.7");
  EXPECT_EQ(FormatScore(-0.04), "0.0");
  EXPECT_DOUBLE_EQ(Round1(4.96), 5.0);
}

TEST(ReliableChange, FollowsJacobsonTruax) {
  // 1.96 × 1.5 × √(2 × 0.11) = 1.3790…
  EXPECT_NEAR(ReliableChangeCriterion(1.5, 0.89), 1.96 * 1.5 * std::sqrt(0.22), 1e-12);
  EXPECT_NEAR(ReliableChangeCriterion(1.5, 0.89), 1.379, 0.001);
  Subscale s;
  s.reference_sd = 1.5;
  s.reliability = 0.89;
  auto small = Compare(6.0, 7.2, s);
  EXPECT_DOUBLE_EQ(small.delta, 1.2);
  EXPECT_DOUBLE_EQ(small.criterion, 1.38);
  EXPECT_FALSE(small.reliable);
  auto large = Compare(6.0, 4.4, s);
  EXPECT_DOUBLE_EQ(large.delta, -1.6);
  EXPECT_TRUE(large.reliable);
  EXPECT_FALSE(Compare(5.0, 5.0, s).reliable);
}

// Gaps and changes in words. With α .89 and SD 1.5 the noise line is 1.379 points, and
// "clearly" starts at twice that, 2.758.
TEST(Differences, WordingTable) {
  Subscale s;
  s.reference_sd = 1.5;
  s.reliability = 0.89;
  struct Case {
    double first, second;
    Size size;
    const char *change, *ideal, *partner;
  } cases[] = {
      {7, 7, Size::kSame, "the same as last time", "your ideal is the same as today", "Sam's is the same as yours"},
      // Different underneath, the same as shown: said to be the same.
      {6.96, 7.04, Size::kSame, "the same as last time", "your ideal is the same as today", "Sam's is the same as yours"},
      {5, 5.04, Size::kSame, "the same as last time", "your ideal is the same as today", "Sam's is the same as yours"},
      {5, 5.06, Size::kAboutSame, "about the same as last time (up 0.1 points, too small to mean much)",
       "your ideal is about the same as today (0.1 points apart, too small to mean much)",
       "Sam's is about the same as yours (0.1 points apart, too small to mean much)"},
      // The first evening: -1 within noise of ±1.38.
      {8, 7, Size::kAboutSame, "about the same as last time (down 1.0 points, too small to mean much)",
       "your ideal is about the same as today (1.0 points apart, too small to mean much)",
       "Sam's is about the same as yours (1.0 points apart, too small to mean much)"},
      {6, 7.2, Size::kAboutSame, "about the same as last time (up 1.2 points, too small to mean much)",
       "your ideal is about the same as today (1.2 points apart, too small to mean much)",
       "Sam's is about the same as yours (1.2 points apart, too small to mean much)"},
      {6, 7.37, Size::kAboutSame, "about the same as last time (up 1.4 points, too small to mean much)",
       "your ideal is about the same as today (1.4 points apart, too small to mean much)",
       "Sam's is about the same as yours (1.4 points apart, too small to mean much)"},
      {6, 7.38, Size::kALittle, "a little higher than last time (up 1.4 points)",
       "your ideal is a little higher than today (by 1.4 points)", "Sam's is a little higher than yours (by 1.4 points)"},
      {8, 6.4, Size::kALittle, "a little lower than last time (down 1.6 points)",
       "your ideal is a little lower than today (by 1.6 points)", "Sam's is a little lower than yours (by 1.6 points)"},
      {6, 8.75, Size::kALittle, "a little higher than last time (up 2.8 points)",
       "your ideal is a little higher than today (by 2.8 points)", "Sam's is a little higher than yours (by 2.8 points)"},
      {6, 8.76, Size::kClearly, "clearly higher than last time (up 2.8 points)",
       "your ideal is clearly higher than today (by 2.8 points)", "Sam's is clearly higher than yours (by 2.8 points)"},
      {4, 8, Size::kClearly, "clearly higher than last time (up 4.0 points)",
       "your ideal is clearly higher than today (by 4.0 points)", "Sam's is clearly higher than yours (by 4.0 points)"},
      {9, 1, Size::kClearly, "clearly lower than last time (down 8.0 points)",
       "your ideal is clearly lower than today (by 8.0 points)", "Sam's is clearly lower than yours (by 8.0 points)"},
  };
  for (const Case& c : cases) {
    const Difference d = Compare(c.first, c.second, s);
    EXPECT_EQ(SizeName(d.size), SizeName(c.size)) << c.first << " -> " << c.second;
    EXPECT_EQ(d.reliable, c.size == Size::kALittle || c.size == Size::kClearly) << c.first << " -> " << c.second;
    EXPECT_EQ(DifferenceText(d, Between::kChange), c.change);
    EXPECT_EQ(DifferenceText(d, Between::kIdeal), c.ideal);
    EXPECT_EQ(DifferenceText(d, Between::kPartner, "Sam"), c.partner);
  }
  EXPECT_EQ(DifferenceText(Compare(8, 4, s), Between::kPartner), "your partner's is clearly lower than yours (by 4.0 points)");
  for (Size z : {Size::kSame, Size::kAboutSame, Size::kALittle, Size::kClearly}) EXPECT_FALSE(SizeName(z).empty());
}

TEST(Differences, WordingTableInSpanish) {
  Subscale s;
  s.reference_sd = 1.5;
  s.reliability = 0.89;
  struct Case {
    double first, second;
    Size size;
    const char *change, *ideal, *partner;
  } cases[] = {
      {7, 7, Size::kSame, "igual que la última vez", "tu ideal es igual que hoy", "Sam está igual que tú"},
      {8, 7, Size::kAboutSame, "más o menos igual que la última vez (baja 1,0 puntos, demasiado poco para que signifique mucho)",
       "tu ideal es más o menos igual que hoy (1,0 puntos de diferencia, demasiado poco para que signifique mucho)",
       "Sam está más o menos igual que tú (1,0 puntos de diferencia, demasiado poco para que signifique mucho)"},
      {6, 7.2, Size::kAboutSame, "más o menos igual que la última vez (sube 1,2 puntos, demasiado poco para que signifique mucho)",
       "tu ideal es más o menos igual que hoy (1,2 puntos de diferencia, demasiado poco para que signifique mucho)",
       "Sam está más o menos igual que tú (1,2 puntos de diferencia, demasiado poco para que signifique mucho)"},
      {6, 7.38, Size::kALittle, "un poco por encima de la última vez (sube 1,4 puntos)",
       "tu ideal está un poco por encima de hoy (1,4 puntos más)", "Sam está un poco por encima de ti (1,4 puntos más)"},
      {8, 6.4, Size::kALittle, "un poco por debajo de la última vez (baja 1,6 puntos)",
       "tu ideal está un poco por debajo de hoy (1,6 puntos menos)", "Sam está un poco por debajo de ti (1,6 puntos menos)"},
      {4, 8, Size::kClearly, "claramente por encima de la última vez (sube 4,0 puntos)",
       "tu ideal está claramente por encima de hoy (4,0 puntos más)", "Sam está claramente por encima de ti (4,0 puntos más)"},
      {9, 1, Size::kClearly, "claramente por debajo de la última vez (baja 8,0 puntos)",
       "tu ideal está claramente por debajo de hoy (8,0 puntos menos)", "Sam está claramente por debajo de ti (8,0 puntos menos)"},
  };
  for (const Case& c : cases) {
    const Difference d = Compare(c.first, c.second, s);
    EXPECT_EQ(SizeName(d.size), SizeName(c.size)) << c.first << " -> " << c.second;
    EXPECT_EQ(DifferenceText(d, Between::kChange, "", Lang::kEs), c.change);
    EXPECT_EQ(DifferenceText(d, Between::kIdeal, "", Lang::kEs), c.ideal);
    EXPECT_EQ(DifferenceText(d, Between::kPartner, "Sam", Lang::kEs), c.partner);
  }
  EXPECT_EQ(DifferenceText(Compare(8, 4, s), Between::kPartner, "", Lang::kEs),
            "tu pareja está claramente por debajo de ti (4,0 puntos menos)");
}

TEST(Texts, PickFallsBackToEnglish) {
  Texts t{{"en", "hello"}, {"de", "hallo"}};
  EXPECT_EQ(Pick(t, "de"), "hallo");
  EXPECT_EQ(Pick(t, "fr"), "hello");
  EXPECT_EQ(Pick({}, "fr"), "");
}

}  // namespace
}  // namespace rk::triangle
