#include "features/care/care.hpp"

#include <gtest/gtest.h>

#include "features/care/directory.hpp"
#include "platform/base/timezone.hpp"

namespace rk::care {
namespace {

const Content& Shipped() {
  static const Content content = [] {
    auto c = LoadContent(std::string(REKINDLE_SOURCE_DIR) + "/content/care");
    EXPECT_TRUE(c.ok()) << (c.ok() ? "" : c.error().message);
    return c.ok() ? std::move(*c) : Content{};
  }();
  return content;
}

// Every question answered with its first choice that is not a concern.
std::map<std::string, std::string> AllClear(const Screen& s) {
  std::map<std::string, std::string> out;
  for (const Question& q : s.questions)
    for (const Choice& c : q.choices)
      if (!c.concern && !out.contains(q.id)) out[q.id] = c.id;
  return out;
}

TEST(Screen, TheShippedScreenLoadsInBothLanguages) {
  const Screen& s = Shipped().screen;
  ASSERT_EQ(s.questions.size(), 7u);
  for (const Question& q : s.questions) {
    EXPECT_TRUE(q.text.contains("en") && q.text.contains("es")) << q.id;
    // "I'd rather not say" is always a choice, and it routes like a concern.
    auto rather = std::find_if(q.choices.begin(), q.choices.end(), [](const Choice& c) { return c.id == "rather_not_say"; });
    ASSERT_NE(rather, q.choices.end()) << q.id;
    EXPECT_TRUE(rather->concern) << q.id;
  }
  EXPECT_FALSE(s.unavailable.title.at("en").empty());
}

TEST(Screen, AllClearAnswersRouteClear) {
  const Screen& s = Shipped().screen;
  auto r = Route(s, AllClear(s));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, Outcome::kClear);
}

TEST(Screen, AnyOneConcernRoutesTheWholeScreenConcerning) {
  const Screen& s = Shipped().screen;
  for (const Question& q : s.questions) {
    for (const Choice& c : q.choices) {
      auto answers = AllClear(s);
      answers[q.id] = c.id;
      auto r = Route(s, answers);
      ASSERT_TRUE(r.ok()) << q.id << "=" << c.id;
      EXPECT_EQ(*r, c.concern ? Outcome::kConcerning : Outcome::kClear) << q.id << "=" << c.id;
    }
  }
}

TEST(Screen, AMissingQuestionOrAnUnknownAnswerIsRefused) {
  const Screen& s = Shipped().screen;
  auto missing = AllClear(s);
  missing.erase(s.questions.back().id);
  auto r = Route(s, missing);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().fields.at(0).field, "answers." + s.questions.back().id);

  auto unknown = AllClear(s);
  unknown[s.questions.front().id] = "maybe";
  EXPECT_FALSE(Route(s, unknown).ok());

  auto extra = AllClear(s);
  extra["shoe_size"] = "no";
  EXPECT_FALSE(Route(s, extra).ok());
}

TEST(Screen, AScreenWhereNobodyCanAnswerClearIsRefused) {
  Screen s;
  const std::string text = R"({"version":"1","languages":["en"],"title":{"en":"t"},"intro":{"en":"i"},
    "questions":[{"id":"q","text":{"en":"?"},"answers":[{"id":"a","text":{"en":"A"},"concern":true},
                                                       {"id":"b","text":{"en":"B"},"concern":true}]}],
    "results":{"clear":{"title":{"en":"c"},"body":{"en":"c"}},"concerning":{"title":{"en":"x"},"body":{"en":"x"}}},
    "unavailable":{"title":{"en":"u"},"body":{"en":"u"}}})";
  auto st = ParseScreen(text, "screen.json", s);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().message.find("needs an answer that is not a concern"), std::string::npos) << st.error().message;
}

TEST(Resources, EveryCountryIsDatedAndUnknownCountriesGetTheDefault) {
  const Resources& r = Shipped().resources;
  EXPECT_EQ(r.For("ES").country, "ES");
  EXPECT_EQ(r.For("ZZ").country, "default");
  EXPECT_EQ(r.For("").country, "default");
  for (const CountryResources& c : r.countries) {
    EXPECT_EQ(c.checked.size(), 10u) << c.country;
    EXPECT_FALSE(c.resources.empty()) << c.country;
    for (const Resource& x : c.resources) EXPECT_TRUE(x.about.contains("es")) << c.country << " " << x.name;
  }
}

TEST(Questionnaire, DayPartsBecomeUtcWindowsInThePartnersZone) {
  Questionnaire q;
  q.where = "US-CA";
  q.times = {"weekday_evening"};
  // UTC-8: Monday 17:00-21:00 local is Tuesday 01:00-05:00 UTC.
  matching::Answers a = ToAnswers(q, -8 * 60);
  EXPECT_EQ(a.where.country, "US");
  EXPECT_EQ(a.where.region, "US-CA");
  ASSERT_EQ(a.times.size(), 5u);
  EXPECT_EQ(a.times[0].start, 1 * 24 * 60 + 1 * 60);
  EXPECT_EQ(a.times[0].end, 1 * 24 * 60 + 5 * 60);
  // Friday 17:00-21:00 local is Saturday 01:00-05:00 UTC.
  EXPECT_EQ(a.times[4].start, 5 * 24 * 60 + 1 * 60);

  // UTC+10: Monday 08:00-12:00 local starts Sunday 22:00 UTC, over the week's end.
  Questionnaire early;
  early.where = "AU";
  early.times = {"weekday_morning"};
  matching::Answers b = ToAnswers(early, 10 * 60);
  EXPECT_EQ(b.where.region, "");
  ASSERT_FALSE(b.times.empty());
  EXPECT_EQ(b.times.front().start, 0);                 // Monday 00:00-02:00 UTC
  EXPECT_EQ(b.times.back().end, 7 * 24 * 60);          // Sunday 22:00-24:00 UTC
}

TEST(Questionnaire, SurvivesSealingAsText) {
  Questionnaire q;
  q.where = "DE";
  q.languages = {"de", "en"};
  q.modalities = {"video"};
  q.specialties = {"couples"};
  q.gender = "woman";
  q.max_fee = 9000;
  q.times = {"weekend_morning"};
  q.time_zone = "Europe/Berlin";
  auto back = Deserialize(Serialize(q));
  ASSERT_TRUE(back);
  EXPECT_EQ(Serialize(*back), Serialize(q));
  EXPECT_FALSE(Deserialize("{}"));
  EXPECT_FALSE(Deserialize("not json"));
}

TEST(Joint, OpensOnlyAfterBothScreensAndAConversationAloneWhereOneAskedForIt) {
  using S = ScreenState;
  EXPECT_FALSE(CanOpenJoint(S::kNotTaken, S::kClear, true).ok());
  EXPECT_FALSE(CanOpenJoint(S::kClear, S::kNotTaken, true).ok());
  EXPECT_TRUE(CanOpenJoint(S::kClear, S::kClear, false).ok());
  EXPECT_FALSE(CanOpenJoint(S::kConcerning, S::kClear, false).ok());
  EXPECT_FALSE(CanOpenJoint(S::kClear, S::kConcerning, false).ok());
  EXPECT_TRUE(CanOpenJoint(S::kConcerning, S::kClear, true).ok());
}

TEST(Directory, AnApprovedProfileBecomesAMatchableTherapist) {
  therapists::Stored s;
  s.user_id = "t1";
  s.status = "approved";
  s.verified_until = "2027-01-31";
  s.profile.jurisdictions = {{"US", "US-CA"}, {"US", "US-OR"}};
  s.profile.languages = {"en"};
  s.profile.modalities = {"video"};
  s.profile.capacity = 4;
  s.profile.fee = 12000;
  s.profile.time_zone = "America/Los_Angeles";
  s.hours = {{1, 9 * 60, 12 * 60}};
  const Millis january = Date::Parse("2027-01-15")->DayNumber() * kDay;
  auto t = ForMatching(s, 2, january);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->active, 2);
  EXPECT_EQ(t->licensed.size(), 2u);
  // The verification runs through its last day.
  EXPECT_EQ(t->verified_until, (Date::Parse("2027-02-01")->DayNumber()) * kDay);
  // Monday 09:00 in Los Angeles in January (UTC-8) is Monday 17:00 UTC.
  ASSERT_EQ(t->hours.size(), 1u);
  EXPECT_EQ(t->hours[0].start, 17 * 60);
  // In July (UTC-7) the same hours are an hour earlier in UTC.
  auto july = ForMatching(s, 2, Date::Parse("2027-07-15")->DayNumber() * kDay);
  ASSERT_TRUE(july.ok());
  EXPECT_EQ(july->hours[0].start, 16 * 60);

  s.verified_until.reset();
  EXPECT_FALSE(ForMatching(s, 0, january).ok());
}

}  // namespace
}  // namespace rk::care
