#include "features/triangle/instrument.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <cmath>
#include <fstream>
#include <sstream>

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
    EXPECT_DOUBLE_EQ(ins->kind_rule->high_at, 7.0);
    for (const char* s : {"intimacy", "passion", "commitment"}) {
      int n = 0;
      for (const Item& i : ins->items) n += i.subscale == s;
      EXPECT_EQ(n, per) << file << " " << s;
    }
  }
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

TEST(Kinds, HighStartsExactlyAtHighAt) {
  KindRule rule;  // high_at 7.0, near 0.5
  EXPECT_EQ(ClassifyKind(rule, 7.0, 1, 1).kind, Kind::kLiking);
  EXPECT_EQ(ClassifyKind(rule, 6.99, 1, 1).kind, Kind::kNonlove);
  rule.high_at = 5.0;
  EXPECT_EQ(ClassifyKind(rule, 5.0, 5.0, 4.99).kind, Kind::kRomantic);
}

TEST(Kinds, BorderlineComponentsNameTheNeighbouringKind) {
  KindRule rule;
  struct Case {
    double i, p, c;
    Kind kind;
    std::vector<Kind> near;
  } cases[] = {
      {8.2, 8.0, 8.4, Kind::kConsummate, {}},
      {8.2, 7.5, 8.4, Kind::kConsummate, {Kind::kCompanionate}},        // passion exactly 0.5 above
      {8.2, 6.5, 8.4, Kind::kCompanionate, {Kind::kConsummate}},        // passion exactly 0.5 below
      {8.2, 6.49, 8.4, Kind::kCompanionate, {}},                        // just outside
      {7.1, 6.8, 2.0, Kind::kLiking, {Kind::kNonlove, Kind::kRomantic}},  // two borderline components
      {6.9, 6.9, 6.9, Kind::kNonlove, {Kind::kLiking, Kind::kInfatuation, Kind::kEmpty}},
  };
  for (const Case& c : cases) {
    auto r = ClassifyKind(rule, c.i, c.p, c.c);
    EXPECT_EQ(r.kind, c.kind) << c.i << " " << c.p << " " << c.c;
    EXPECT_EQ(r.also_near, c.near) << c.i << " " << c.p << " " << c.c;
  }
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

TEST(Texts, PickFallsBackToEnglish) {
  Texts t{{"en", "hello"}, {"de", "hallo"}};
  EXPECT_EQ(Pick(t, "de"), "hallo");
  EXPECT_EQ(Pick(t, "fr"), "hello");
  EXPECT_EQ(Pick({}, "fr"), "");
}

}  // namespace
}  // namespace rk::triangle
