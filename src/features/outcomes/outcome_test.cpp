#include "features/outcomes/outcome.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <regex>

#include "features/outcomes/fhir.hpp"

namespace rk::outcomes {
namespace {

// SD 1.2 and alpha .9: the criterion is 1.96 x 1.2 x sqrt(0.2) = 1.05.
triangle::Subscale Satisfaction(std::optional<double> cutoff = 4.5) {
  triangle::Subscale s;
  s.id = "satisfaction";
  s.title = {{"en", "Satisfaction"}};
  s.reliability = 0.9;
  s.reference_sd = 1.2;
  s.cutoff = cutoff;
  return s;
}

TEST(Follow, FewerThanTwoAnswersAreNotYetACourse) {
  EXPECT_EQ(Follow(Satisfaction(), {}).status, Status::kNotYet);
  const Trajectory t = Follow(Satisfaction(), {3.0});
  EXPECT_EQ(t.status, Status::kNotYet);
  ASSERT_EQ(t.marks.size(), 1u);
  EXPECT_EQ(t.marks[0].above_cutoff, false);
  EXPECT_DOUBLE_EQ(t.criterion, 1.05);
}

TEST(Follow, JacobsonTruaxCategories) {
  struct Case {
    std::vector<double> scores;
    Status status;
  } cases[] = {
      {{3.0, 4.6}, Status::kRecovered},      // +1.6, from below the line to above it
      {{3.0, 4.2}, Status::kImproved},       // +1.2, reliable but still below the line
      {{4.6, 6.0}, Status::kImproved},       // +1.4, started above the line
      {{3.0, 4.0}, Status::kUnchanged},      // +1.0, within noise
      {{3.0, 4.05}, Status::kUnchanged},     // +1.05: not beyond the criterion
      {{5.0, 3.9}, Status::kDeteriorated},   // -1.1
      {{3.0, 6.0, 3.5}, Status::kUnchanged}, // the course is first to latest, not the best
      {{4.0, 4.0, 5.5}, Status::kRecovered},
  };
  for (const Case& c : cases) EXPECT_EQ(Follow(Satisfaction(), c.scores).status, c.status) << c.scores.back();
  // Without a cut-off there is no recovery, only improvement.
  EXPECT_EQ(Follow(Satisfaction(std::nullopt), {3.0, 4.6}).status, Status::kImproved);
}

TEST(Follow, MarksEachChangeAgainstThePreviousAndTheFirst) {
  const Trajectory t = Follow(Satisfaction(), {3.0, 3.5, 4.6, 4.5});
  ASSERT_EQ(t.marks.size(), 4u);
  EXPECT_FALSE(t.marks[1].since_previous.reliable);
  EXPECT_FALSE(t.marks[1].since_first.reliable);
  EXPECT_TRUE(t.marks[2].since_previous.reliable);  // +1.1
  EXPECT_DOUBLE_EQ(t.marks[2].since_previous.delta, 1.1);
  EXPECT_TRUE(t.marks[3].since_first.reliable);  // +1.5, and on the line: recovered
  EXPECT_FALSE(t.marks[3].since_previous.reliable);
  EXPECT_EQ(t.marks[2].above_cutoff, true);
  EXPECT_EQ(t.marks[1].above_cutoff, false);
  EXPECT_EQ(t.status, Status::kRecovered);
  EXPECT_EQ(StatusName(t.status), "recovered");
  // Each answer carries the course up to it.
  EXPECT_EQ(t.marks[0].status, Status::kNotYet);
  EXPECT_EQ(t.marks[1].status, Status::kUnchanged);
  EXPECT_EQ(t.marks[2].status, Status::kRecovered);
}

TEST(Follow, TheCutOffIsReadOnTheScoreAsShown) {
  // 4.46 is shown as 4.5: on the line, as the band a person reads says.
  const Trajectory t = Follow(Satisfaction(), {4.44, 4.46});
  EXPECT_EQ(t.marks[0].above_cutoff, false);
  EXPECT_EQ(t.marks[1].above_cutoff, true);
}

TEST(Fhir, DerivedIdsAreUuidsAndStable) {
  const std::string a = DerivedUuid("Observation", "01ABC");
  EXPECT_TRUE(std::regex_match(a, std::regex("urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"))) << a;
  EXPECT_EQ(a, DerivedUuid("Observation", "01ABC"));
  EXPECT_NE(a, DerivedUuid("QuestionnaireResponse", "01ABC"));
}

TEST(Fhir, BundleHoldsAResponseAndAnObservationPerAnswer) {
  triangle::Instrument ins;
  ins.id = "satisfaction";
  ins.title = {{"en", "How it feels"}};
  ins.provisional = true;
  ins.subscales = {Satisfaction()};
  triangle::Item item;
  item.id = "s1";
  item.subscale = "satisfaction";
  item.text = {{"en", "Happy."}};
  ins.items = {item};
  ins.subscales[0].id = "life_together";  // '_' is not allowed in a FHIR id
  PersonOutcomes p{"U1", "Ana", {{"A1", 1, 1'700'000'000'000, {{"s1", 3}}, {{"life_together", 3.0}}},
                                 {"A2", 1, 1'700'600'000'000, {{"s1", 5}}, {{"life_together", 5.0}}}}};
  item.subscale = "life_together";
  ins.items = {item};
  const auto doc = boost::json::parse(FhirBundle(ins, "en", {p}, "B1", "https://care.example.org/people", 1'701'000'000'000)).as_object();
  EXPECT_EQ(doc.at("resourceType"), "Bundle");
  EXPECT_EQ(doc.at("type"), "collection");
  const auto& entries = doc.at("entry").as_array();
  ASSERT_EQ(entries.size(), 4u);
  const auto& qr = entries[0].at("resource").as_object();
  EXPECT_EQ(qr.at("resourceType"), "QuestionnaireResponse");
  EXPECT_EQ(qr.at("item").as_array()[0].at("answer").as_array()[0].at("valueInteger"), 3);
  EXPECT_EQ(qr.at("subject").at("display"), "Ana");
  const auto& second = entries[3].at("resource").as_object();
  EXPECT_EQ(second.at("resourceType"), "Observation");
  EXPECT_EQ(second.at("valueQuantity").at("value"), 5.0);
  EXPECT_EQ(second.at("derivedFrom").as_array()[0].at("reference"), entries[1].at("fullUrl"));
  EXPECT_EQ(second.at("id"), "A2-life-together");
  EXPECT_EQ(qr.at("subject").at("identifier").at("system"), "https://care.example.org/people");
  // Read against the cut-off (N: at or above it), and the course so far (B: better).
  const auto& reading = second.at("interpretation").as_array();
  ASSERT_EQ(reading.size(), 2u);
  EXPECT_EQ(reading[0].at("coding").as_array()[0].at("code"), "N");
  EXPECT_EQ(reading[1].at("coding").as_array()[0].at("code"), "B");
  EXPECT_NE(std::string(reading[1].at("text").as_string()).find("Recovered"), std::string::npos);
  EXPECT_EQ(entries[2].at("resource").at("interpretation").as_array()[0].at("coding").as_array()[0].at("code"), "L");
  EXPECT_EQ(second.at("referenceRange").as_array()[0].at("low").at("value"), 4.5);
}

}  // namespace
}  // namespace rk::outcomes
