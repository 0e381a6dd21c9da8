#include "features/matching/matching.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <random>
#include <set>
#include <thread>

namespace rk::matching {
namespace {

constexpr Millis kNow = 1'800'000'000'000;
constexpr int kMonday18 = 18 * 60;  // Monday 18:00 UTC, in minutes of the week

// A therapist who meets a default couple's hard constraints (see Couple) and earns nothing.
Therapist Plain(std::string id) {
  Therapist t;
  t.id = std::move(id);
  t.licensed = {{"US", "US-CA"}};
  t.languages = {"en"};
  t.modalities = {"video"};
  t.capacity = 5;
  t.active = 1;
  t.fee = 15000;
  t.verified_until = kNow + kDay;
  return t;
}

Answers Partner() {
  Answers a;
  a.where = {"US", "US-CA"};
  a.languages = {"en"};
  a.modalities = {"video"};
  return a;
}

Query Couple() {
  Query q;
  q.partners = {Partner(), Partner()};
  q.now = kNow;
  q.limit = 10;
  return q;
}

std::vector<std::string> Ids(const std::vector<Match>& matches) {
  std::vector<std::string> ids;
  for (const auto& m : matches) ids.push_back(m.id);
  return ids;
}

void Add(Index& index, Therapist t) { ASSERT_TRUE(index.Upsert(std::move(t)).ok()); }

// --- hard constraints, by hand -----------------------------------------------------------

TEST(Rank, ListsATherapistLicensedInThePartnersRegionOrTheirWholeCountry) {
  Index index;
  Add(index, Plain("ca"));
  Therapist us = Plain("us");
  us.licensed = {{"US", ""}};
  Add(index, us);
  Therapist ny = Plain("ny");
  ny.licensed = {{"US", "US-NY"}};
  Add(index, ny);
  Therapist mx = Plain("mx");
  mx.licensed = {{"MX", ""}};
  Add(index, mx);
  EXPECT_EQ(Ids(index.Rank(Couple())), (std::vector<std::string>{"ca", "us"}));
}

TEST(Rank, PartnersInDifferentRegionsNeedALicenceCoveringBoth) {
  Index index;
  Add(index, Plain("ca_only"));
  Therapist both = Plain("both");
  both.licensed = {{"US", "US-CA"}, {"US", "US-NY"}};
  Add(index, both);
  Therapist whole = Plain("whole");
  whole.licensed = {{"US", ""}};
  Add(index, whole);
  Query q = Couple();
  q.partners[1].where = {"US", "US-NY"};
  const auto matches = index.Rank(q);
  EXPECT_EQ(Ids(matches), (std::vector<std::string>{"both", "whole"}));
  EXPECT_EQ(matches[0].reasons[0], (Reason{"licensed", "US-CA"}));
  EXPECT_EQ(matches[0].reasons[1], (Reason{"licensed", "US-NY"}));
  EXPECT_EQ(matches[1].reasons[0], (Reason{"licensed", "US"}));
  EXPECT_NE(matches[1].reasons[1].code, "licensed");  // one place, said once
}

TEST(Rank, APartnerWithoutARegionNeedsAWholeCountryLicence) {
  Index index;
  Add(index, Plain("ca"));
  Therapist us = Plain("us");
  us.licensed = {{"US", ""}};
  Add(index, us);
  Query q = Couple();
  q.partners[0].where.region = "";
  EXPECT_EQ(Ids(index.Rank(q)), (std::vector<std::string>{"us"}));
}

TEST(Rank, ALanguageMustBeOneEveryPartnerListed) {
  Index index;
  Therapist es = Plain("es");
  es.languages = {"es"};
  Add(index, es);
  Therapist fr_en = Plain("fr_en");
  fr_en.languages = {"fr", "en"};
  Add(index, fr_en);
  Query q = Couple();
  q.partners[0].languages = {"en", "es"};
  q.partners[1].languages = {"en"};
  // Spanish is one partner's only: the Spanish-only therapist is out.
  const auto matches = index.Rank(q);
  EXPECT_EQ(Ids(matches), (std::vector<std::string>{"fr_en"}));
  EXPECT_EQ(matches[0].reasons[1], (Reason{"language", "en"}));

  q.partners[1].languages = {"es"};
  q.partners[0].languages = {"en"};
  EXPECT_TRUE(index.Rank(q).empty());  // no language in common: nobody
}

TEST(Rank, AModalityMustBeAcceptableToEveryPartner) {
  Index index;
  Therapist chat = Plain("chat");
  chat.modalities = {"chat"};
  Add(index, chat);
  Therapist both = Plain("both");
  both.modalities = {"chat", "video"};
  Add(index, both);
  Query q = Couple();
  q.partners[0].modalities = {"video", "chat"};
  const auto matches = index.Rank(q);
  EXPECT_EQ(Ids(matches), (std::vector<std::string>{"both"}));
  EXPECT_EQ(matches[0].reasons[2], (Reason{"modality", "video"}));
}

TEST(Rank, AFullTherapistIsNotListedUntilACoupleLeaves) {
  Index index;
  Therapist full = Plain("full");
  full.capacity = 3;
  full.active = 3;
  Add(index, full);
  EXPECT_TRUE(index.Rank(Couple()).empty());
  EXPECT_TRUE(index.SetActive("full", 2));
  EXPECT_EQ(Ids(index.Rank(Couple())), (std::vector<std::string>{"full"}));
  EXPECT_FALSE(index.SetActive("nobody", 1));
}

TEST(Rank, NoTherapistWithoutCapacity) {
  Index index;
  Therapist none = Plain("none");
  none.capacity = 0;
  none.active = 0;
  Add(index, none);
  EXPECT_TRUE(index.Rank(Couple()).empty());
}

TEST(Rank, AVerificationEndsAtVerifiedUntil) {
  Index index;
  Therapist t = Plain("t");
  t.verified_until = kNow + 1;
  Add(index, t);
  Query q = Couple();
  q.now = kNow;
  EXPECT_EQ(index.Rank(q).size(), 1u);
  q.now = kNow + 1;  // the end is exclusive
  EXPECT_TRUE(index.Rank(q).empty());
}

TEST(Rank, ExcludedTherapistsAreLeftOut) {
  Index index;
  Add(index, Plain("a"));
  Add(index, Plain("b"));
  Add(index, Plain("c"));
  Query q = Couple();
  q.exclude = {"b", "unknown"};
  EXPECT_EQ(Ids(index.Rank(q)), (std::vector<std::string>{"a", "c"}));
}

TEST(Rank, OnlyAsksAboutOneTherapist) {
  Index index;
  Add(index, Plain("a"));
  Add(index, Plain("b"));
  Therapist full = Plain("full");
  full.active = full.capacity;
  Add(index, full);
  Query q = Couple();
  q.only = "b";
  EXPECT_EQ(Ids(index.Rank(q)), (std::vector<std::string>{"b"}));
  q.only = "full";  // no room: not a match
  EXPECT_TRUE(index.Rank(q).empty());
  q.only = "unknown";
  EXPECT_TRUE(index.Rank(q).empty());
  q.only = "b";
  q.exclude = {"b"};
  EXPECT_TRUE(index.Rank(q).empty());
}

TEST(Rank, NoPartnersOrNoLimitListsNobody) {
  Index index;
  Add(index, Plain("a"));
  Query q = Couple();
  q.partners.clear();
  EXPECT_TRUE(index.Rank(q).empty());
  q = Couple();
  q.limit = 0;
  EXPECT_TRUE(index.Rank(q).empty());
}

TEST(Rank, AtMostLimit) {
  Index index;
  for (int i = 0; i < 20; ++i) Add(index, Plain("t" + std::to_string(100 + i)));
  Query q = Couple();
  q.limit = 3;
  EXPECT_EQ(Ids(index.Rank(q)), (std::vector<std::string>{"t100", "t101", "t102"}));
}

// --- scoring and reasons ---------------------------------------------------------------

TEST(Rank, ScoresEachWishAndSaysWhatEarnedIt) {
  Index index;
  Therapist t = Plain("t");
  t.languages = {"es", "en"};
  t.specialties = {"trauma", "affair_recovery", "communication"};
  t.approaches = {"gottman", "eft"};
  t.gender = "woman";
  t.fee = 12000;
  t.hours = {{kMonday18, kMonday18 + 180}};
  Add(index, t);

  Query q = Couple();
  q.partners[0].languages = {"en", "es"};
  q.partners[1].languages = {"es", "en"};
  q.partners[0].specialties = {"affair_recovery"};
  q.partners[1].specialties = {"communication", "affair_recovery", "parenting"};
  q.partners[0].approaches = {"gottman"};
  q.partners[0].gender = "woman";  // the other has no preference
  q.partners[0].max_fee = 20000;
  q.partners[1].max_fee = 12000;
  q.partners[0].times = {{kMonday18 - 60, kMonday18 + 120}};
  q.partners[1].times = {{kMonday18 + 30, kMonday18 + 240}};  // in common: 18:30-20:00 = 90 minutes

  const auto matches = index.Rank(q);
  ASSERT_EQ(matches.size(), 1u);
  EXPECT_EQ(matches[0].score, 2 * kSpecialtyPoints + kApproachPoints + kGenderPoints + kFeePoints + kTimesPoints);
  const std::vector<Reason> want{
      {"licensed", "US-CA"},     {"language", "en"},       {"language", "es"},   {"modality", "video"},
      {"specialty", "affair_recovery"}, {"specialty", "communication"}, {"approach", "gottman"},
      {"gender", "woman"},       {"fee", "12000"},         {"times", "90"},
  };
  EXPECT_EQ(matches[0].reasons, want);
}

TEST(Rank, NothingWishedForNothingEarned) {
  Index index;
  Therapist t = Plain("t");
  t.specialties = {"trauma"};
  t.gender = "man";
  t.hours = {{0, 600}};
  Add(index, t);
  const auto matches = index.Rank(Couple());
  ASSERT_EQ(matches.size(), 1u);
  EXPECT_EQ(matches[0].score, 0);
  EXPECT_EQ(matches[0].reasons,
            (std::vector<Reason>{{"licensed", "US-CA"}, {"language", "en"}, {"modality", "video"}}));
}

TEST(Rank, PartnersWhoDisagreeOnGenderLeaveItUnscored) {
  Index index;
  Therapist w = Plain("w");
  w.gender = "woman";
  Add(index, w);
  Therapist m = Plain("m");
  m.gender = "man";
  Add(index, m);
  Query q = Couple();
  q.partners[0].gender = "woman";
  q.partners[1].gender = "man";
  for (const auto& match : index.Rank(q)) EXPECT_EQ(match.score, 0) << match.id;

  q.partners[1].gender = "woman";
  const auto agreed = index.Rank(q);
  EXPECT_EQ(agreed[0].id, "w");
  EXPECT_EQ(agreed[0].score, kGenderPoints);
  EXPECT_EQ(agreed[1].score, 0);
}

TEST(Rank, AFeeOverTheLowerMaximumEarnsNothingButIsListed) {
  Index index;
  Therapist cheap = Plain("cheap");
  cheap.fee = 9000;
  Add(index, cheap);
  Therapist dear = Plain("dear");
  dear.fee = 15000;
  Add(index, dear);
  Query q = Couple();
  q.partners[0].max_fee = 20000;
  q.partners[1].max_fee = 10000;
  const auto matches = index.Rank(q);
  EXPECT_EQ(Ids(matches), (std::vector<std::string>{"cheap", "dear"}));
  EXPECT_EQ(matches[0].score, kFeePoints);
  EXPECT_EQ(matches[0].reasons.back(), (Reason{"fee", "9000"}));
  EXPECT_EQ(matches[1].score, 0);
}

TEST(Rank, TimesCountOnlyInsideWhatBothPartnersPrefer) {
  Index index;
  Therapist t = Plain("t");
  t.hours = {{kMonday18, kMonday18 + 120}};
  Add(index, t);
  Query q = Couple();
  // One partner's times alone would cover the hours; together they share only 30 minutes.
  q.partners[0].times = {{kMonday18, kMonday18 + 120}};
  q.partners[1].times = {{kMonday18 + 90, kMonday18 + 300}};
  EXPECT_EQ(index.Rank(q)[0].score, 0);
  // A partner without times does not narrow them.
  q.partners[1].times.clear();
  const auto matches = index.Rank(q);
  EXPECT_EQ(matches[0].score, kTimesPoints);
  EXPECT_EQ(matches[0].reasons.back(), (Reason{"times", "120"}));
}

TEST(Rank, LessThanAnHourInCommonEarnsNothing) {
  Index index;
  Therapist t = Plain("t");
  t.hours = {{kMonday18, kMonday18 + kMinOverlapMinutes - 1}};
  Add(index, t);
  Query q = Couple();
  q.partners[0].times = {{0, kMinutesPerWeek}};
  EXPECT_EQ(index.Rank(q)[0].score, 0);
}

TEST(Rank, TiesGoToMoreSpareCapacityThenTheSmallerId) {
  Index index;
  // Added in an order that is neither of the two.
  for (auto [id, capacity, active] : std::vector<std::tuple<std::string, int, int>>{
           {"d", 4, 1}, {"b", 4, 3}, {"a", 4, 3}, {"c", 8, 1}, {"e", 4, 1}}) {
    Therapist t = Plain(id);
    t.capacity = capacity;
    t.active = active;
    Add(index, t);
  }
  Therapist best = Plain("z");
  best.specialties = {"parenting"};
  Add(index, best);
  Query q = Couple();
  q.partners[0].specialties = {"parenting"};
  const std::vector<std::string> want{"z", "c", "d", "e", "a", "b"};
  EXPECT_EQ(Ids(index.Rank(q)), want);
  EXPECT_EQ(Ids(index.Rank(q)), want);  // and again
}

// --- keeping the index up to date --------------------------------------------------------

TEST(Index, UpsertReplacesTheTherapistWithTheSameId) {
  Index index;
  Add(index, Plain("t"));
  Therapist moved = Plain("t");
  moved.licensed = {{"CA", "CA-ON"}};
  moved.languages = {"fr"};
  Add(index, moved);
  EXPECT_EQ(index.Size(), 1u);
  EXPECT_TRUE(index.Rank(Couple()).empty());  // no longer in California, nor in English
  Query q = Couple();
  for (auto& p : q.partners) {
    p.where = {"CA", "CA-ON"};
    p.languages = {"fr"};
  }
  EXPECT_EQ(Ids(index.Rank(q)), (std::vector<std::string>{"t"}));
}

TEST(Index, RemoveTakesATherapistOutAndFreesTheSlot) {
  Index index;
  Add(index, Plain("a"));
  Add(index, Plain("b"));
  EXPECT_TRUE(index.Remove("a"));
  EXPECT_FALSE(index.Remove("a"));
  EXPECT_EQ(index.Size(), 1u);
  EXPECT_EQ(Ids(index.Rank(Couple())), (std::vector<std::string>{"b"}));
  Therapist c = Plain("c");  // reuses a's slot; must not inherit a's tags
  c.licensed = {{"US", "US-NY"}};
  Add(index, c);
  EXPECT_EQ(Ids(index.Rank(Couple())), (std::vector<std::string>{"b"}));
}

TEST(Index, RefusesWhatItCannotMatch) {
  Index index;
  EXPECT_FALSE(index.Upsert(Plain("")).ok());
  Therapist no_country = Plain("x");
  no_country.licensed = {{"", "US-CA"}};
  EXPECT_FALSE(index.Upsert(no_country).ok());
  for (Window w : {Window{-1, 10}, Window{10, 10}, Window{0, kMinutesPerWeek + 1}}) {
    Therapist t = Plain("x");
    t.hours = {w};
    EXPECT_FALSE(index.Upsert(t).ok()) << w.start << "-" << w.end;
  }
  EXPECT_EQ(index.Size(), 0u);
}

TEST(Index, ManyVocabularyWordsStillMatch) {
  // More specialties than fit in one 64-bit word: the bit sets grow.
  Index index;
  for (int i = 0; i < 150; ++i) {
    Therapist t = Plain("t" + std::to_string(i));
    t.specialties = {"s" + std::to_string(i), "common"};
    Add(index, t);
  }
  Query q = Couple();
  q.partners[0].specialties = {"s3", "s140", "s70"};
  q.limit = 3;
  const auto matches = index.Rank(q);
  EXPECT_EQ(Ids(matches), (std::vector<std::string>{"t140", "t3", "t70"}));
  for (const auto& m : matches) EXPECT_EQ(m.score, kSpecialtyPoints);
}

// --- windows ---------------------------------------------------------------------------

TEST(Windows, LocalHoursBecomeUtcAndSplitAtTheWeeksEnd) {
  // Tuesday 09:00-12:00 in UTC+2 is Tuesday 07:00-10:00 UTC.
  auto w = ToUtcWindows(2, 9 * 60, 12 * 60, 120);
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].start, kMinutesPerDay + 7 * 60);
  EXPECT_EQ(w[0].end, kMinutesPerDay + 10 * 60);
  // Monday 01:00-03:00 in UTC+2 is Sunday 23:00 to Monday 01:00 UTC.
  w = ToUtcWindows(1, 60, 180, 120);
  ASSERT_EQ(w.size(), 2u);
  EXPECT_EQ(w[0].start, kMinutesPerWeek - 60);
  EXPECT_EQ(w[0].end, kMinutesPerWeek);
  EXPECT_EQ(w[1].start, 0);
  EXPECT_EQ(w[1].end, 60);
  // Sunday 20:00-24:00 in UTC-5 is Monday 01:00-05:00 UTC.
  w = ToUtcWindows(7, 20 * 60, 24 * 60, -300);
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].start, 60);
  EXPECT_EQ(w[0].end, 300);
  EXPECT_TRUE(ToUtcWindows(0, 0, 60, 0).empty());
  EXPECT_TRUE(ToUtcWindows(1, 60, 60, 0).empty());
  EXPECT_TRUE(ToUtcWindows(1, 0, 1441, 0).empty());
}

TEST(Windows, NormalizeMergesIntersectAndOverlapCount) {
  auto a = Normalize({{300, 400}, {100, 200}, {150, 250}, {250, 260}, {-5, 10}, {50, 50}, {10070, 10100}});
  ASSERT_EQ(a.size(), 4u);
  EXPECT_EQ(a[0].start, 0);
  EXPECT_EQ(a[0].end, 10);
  EXPECT_EQ(a[1].start, 100);
  EXPECT_EQ(a[1].end, 260);  // touching windows merge
  EXPECT_EQ(a[3].end, kMinutesPerWeek);
  const auto b = Normalize({{5, 120}, {240, 350}});
  const auto both = Intersect(a, b);
  ASSERT_EQ(both.size(), 4u);
  EXPECT_EQ(both[0].start, 5);
  EXPECT_EQ(both[1].start, 100);
  EXPECT_EQ(both[1].end, 120);
  EXPECT_EQ(both[2].start, 240);
  EXPECT_EQ(both[3].start, 300);
  EXPECT_EQ(both[3].end, 350);
  EXPECT_EQ(OverlapMinutes(a, b), 5 + 20 + 20 + 50);
}

// --- constraints over random data, against a naive reading of the rules -----------------

// The rules as plainly as they can be written: strings, sets, one therapist at a time.
struct Naive {
  static bool Licensed(const Therapist& t, const Place& where) {
    for (const auto& l : t.licensed) {
      if (l.country == where.country && (l.region.empty() || l.region == where.region)) return true;
    }
    return false;
  }
  static bool Has(const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
  }
  // Shares a value with every list: some value of `t` is in all of them.
  static bool InEvery(const std::vector<std::string>& t, const std::vector<const std::vector<std::string>*>& lists) {
    for (const auto& v : t) {
      if (std::all_of(lists.begin(), lists.end(), [&](auto* l) { return Has(*l, v); })) return true;
    }
    return false;
  }
  static bool Eligible(const Therapist& t, const Query& q) {
    if (q.partners.empty()) return false;
    if (t.capacity <= t.active || q.now >= t.verified_until || Has(q.exclude, t.id)) return false;
    std::vector<const std::vector<std::string>*> langs, mods;
    for (const auto& p : q.partners) {
      if (!Licensed(t, p.where)) return false;
      langs.push_back(&p.languages);
      mods.push_back(&p.modalities);
    }
    return InEvery(t.languages, langs) && InEvery(t.modalities, mods);
  }
  // Minute by minute: the therapist's minutes that every partner with times prefers.
  static int Overlap(const Therapist& t, const Query& q) {
    std::vector<bool> therapist(kMinutesPerWeek, false), partners(kMinutesPerWeek, true);
    for (const auto& w : t.hours)
      for (int m = w.start; m < w.end; ++m) therapist[m] = true;
    for (const auto& p : q.partners) {
      if (p.times.empty()) continue;
      std::vector<bool> mine(kMinutesPerWeek, false);
      for (const auto& w : p.times)
        for (int m = std::max(w.start, 0); m < std::min(w.end, kMinutesPerWeek); ++m) mine[m] = true;
      for (int m = 0; m < kMinutesPerWeek; ++m) partners[m] = partners[m] && mine[m];
    }
    int n = 0;
    for (int m = 0; m < kMinutesPerWeek; ++m) n += therapist[m] && partners[m];
    return n;
  }
  static Match Score(const Therapist& t, const Query& q) {
    Match m{t.id, 0, {}};
    std::set<std::string> where, langs, mods, specs, approaches;
    for (const auto& p : q.partners) {
      bool regional = false;
      for (const auto& l : t.licensed) regional = regional || (l.country == p.where.country && !p.where.region.empty() && l.region == p.where.region);
      where.insert(regional ? p.where.region : p.where.country);
    }
    for (const auto& v : t.languages)
      if (std::all_of(q.partners.begin(), q.partners.end(), [&](const Answers& p) { return Has(p.languages, v); })) langs.insert(v);
    for (const auto& v : t.modalities)
      if (std::all_of(q.partners.begin(), q.partners.end(), [&](const Answers& p) { return Has(p.modalities, v); })) mods.insert(v);
    std::set<std::string> gender_wishes;
    std::optional<int> max_fee;
    bool any_times = false;
    for (const auto& p : q.partners) {
      for (const auto& s : p.specialties)
        if (Has(t.specialties, s)) specs.insert(s);
      for (const auto& a : p.approaches)
        if (Has(t.approaches, a)) approaches.insert(a);
      if (!p.gender.empty()) gender_wishes.insert(p.gender);
      if (p.max_fee) max_fee = std::min(max_fee.value_or(*p.max_fee), *p.max_fee);
      any_times = any_times || !p.times.empty();
    }
    for (const auto& v : where) m.reasons.push_back({"licensed", v});
    for (const auto& v : langs) m.reasons.push_back({"language", v});
    for (const auto& v : mods) m.reasons.push_back({"modality", v});
    for (const auto& v : specs) m.reasons.push_back({"specialty", v}), m.score += kSpecialtyPoints;
    for (const auto& v : approaches) m.reasons.push_back({"approach", v}), m.score += kApproachPoints;
    if (gender_wishes.size() == 1 && t.gender == *gender_wishes.begin()) {
      m.reasons.push_back({"gender", t.gender});
      m.score += kGenderPoints;
    }
    if (max_fee && t.fee <= *max_fee) {
      m.reasons.push_back({"fee", std::to_string(t.fee)});
      m.score += kFeePoints;
    }
    if (any_times) {
      if (int overlap = Overlap(t, q); overlap >= kMinOverlapMinutes) {
        m.reasons.push_back({"times", std::to_string(overlap)});
        m.score += kTimesPoints;
      }
    }
    return m;
  }
  static std::vector<Match> Rank(const std::map<std::string, Therapist>& all, const Query& q) {
    std::vector<std::pair<Match, int>> found;  // with spare capacity
    for (const auto& [id, t] : all) {
      if (Eligible(t, q)) found.emplace_back(Score(t, q), t.capacity - t.active);
    }
    std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
      if (a.first.score != b.first.score) return a.first.score > b.first.score;
      if (a.second != b.second) return a.second > b.second;
      return a.first.id < b.first.id;
    });
    std::vector<Match> out;
    for (std::size_t i = 0; i < found.size() && i < q.limit; ++i) out.push_back(found[i].first);
    return out;
  }
};

// Small vocabularies, so that random therapists and couples often meet.
struct Random {
  std::mt19937 rng{20261121};
  const std::vector<std::string> countries{"US", "CA", "DE", "MX"};
  const std::vector<std::string> languages{"en", "es", "fr", "de", "pt"};
  const std::vector<std::string> modalities{"video", "chat", "phone"};
  const std::vector<std::string> specialties{"couples", "sex_therapy", "affair_recovery", "lgbtq_affirming",
                                             "communication", "parenting", "trauma"};
  const std::vector<std::string> approaches{"gottman", "eft", "cbt", "imago", "narrative"};
  const std::vector<std::string> genders{"", "woman", "man", "nonbinary"};

  int Int(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); }
  bool Chance(double p) { return std::bernoulli_distribution(p)(rng); }
  const std::string& Pick(const std::vector<std::string>& v) { return v[Int(0, static_cast<int>(v.size()) - 1)]; }
  std::vector<std::string> Some(const std::vector<std::string>& v, int lo, int hi) {
    std::vector<std::string> out;
    for (int n = Int(lo, hi); n > 0; --n) out.push_back(Pick(v));  // duplicates on purpose
    return out;
  }
  Place SomePlace() {
    const std::string& c = Pick(countries);
    return {c, Chance(0.1) ? "" : c + "-" + std::to_string(Int(1, 3))};
  }
  std::vector<Window> SomeWindows(int lo, int hi) {
    std::vector<Window> out;
    for (int n = Int(lo, hi); n > 0; --n) {
      const int start = Int(0, kMinutesPerWeek - 1);
      out.push_back({start, std::min(kMinutesPerWeek, start + Int(1, 600))});
    }
    return out;
  }
  Therapist SomeTherapist(int n) {
    Therapist t;
    t.id = "t" + std::to_string(n);
    for (int k = Int(1, 3); k > 0; --k) {
      Place p = SomePlace();
      if (Chance(0.3)) p.region = "";
      t.licensed.push_back(p);
    }
    t.languages = Some(languages, 1, 3);
    t.modalities = Some(modalities, 1, 2);
    t.specialties = Some(specialties, 0, 4);
    t.approaches = Some(approaches, 0, 3);
    t.gender = Pick(genders);
    t.fee = Int(5, 20) * 1000;
    t.capacity = Int(0, 6);
    t.active = Int(0, 6);
    t.verified_until = kNow + Int(-3, 3) * kHour;
    t.hours = SomeWindows(0, 6);  // overlapping ones too
    return t;
  }
  Answers SomeAnswers(const Place& near) {
    Answers a;
    a.where = Chance(0.7) ? near : SomePlace();
    a.languages = Some(languages, 1, 3);
    a.modalities = Some(modalities, 1, 3);
    a.specialties = Some(specialties, 0, 3);
    a.approaches = Some(approaches, 0, 2);
    a.gender = Pick(genders);
    if (Chance(0.6)) a.max_fee = Int(5, 20) * 1000;
    a.times = SomeWindows(0, 5);
    return a;
  }
  Query SomeQuery(const std::map<std::string, Therapist>& all, int n) {
    Query q;
    const Place home = SomePlace();
    const int partners = Chance(0.05) ? 1 : (Chance(0.05) ? 3 : 2);
    for (int i = 0; i < partners; ++i) q.partners.push_back(SomeAnswers(home));
    for (int k = Int(0, 3); k > 0; --k) q.exclude.push_back("t" + std::to_string(Int(0, n)));
    q.now = kNow + Int(-4, 4) * kHour;
    q.limit = static_cast<std::size_t>(Int(0, 12));
    return q;
  }
};

TEST(RankProperty, NeverBreaksAHardConstraintAndAgreesWithTheNaiveRanking) {
  Random r;
  Index index;
  std::map<std::string, Therapist> all;
  constexpr int kTherapists = 3000;
  for (int i = 0; i < kTherapists; ++i) {
    Therapist t = r.SomeTherapist(i);
    all[t.id] = t;
    ASSERT_TRUE(index.Upsert(t).ok());
  }
  int listed = 0, scored = 0;
  for (int round = 0; round < 2000; ++round) {
    // Now and then the index changes, as the loader would change it.
    if (round % 10 == 0) {
      const std::string id = "t" + std::to_string(r.Int(0, kTherapists - 1));
      switch (r.Int(0, 2)) {
        case 0: {
          Therapist t = r.SomeTherapist(r.Int(0, kTherapists - 1));
          t.id = id;
          all[id] = t;
          ASSERT_TRUE(index.Upsert(t).ok());
          break;
        }
        case 1:
          EXPECT_EQ(index.Remove(id), all.erase(id) == 1);
          break;
        default: {
          const int active = r.Int(0, 6);
          if (auto it = all.find(id); it != all.end()) it->second.active = active;
          EXPECT_EQ(index.SetActive(id, active), all.count(id) == 1);
        }
      }
      ASSERT_EQ(index.Size(), all.size());
    }
    const Query q = r.SomeQuery(all, kTherapists);
    const auto got = index.Rank(q);
    for (const auto& m : got) {
      ASSERT_TRUE(all.count(m.id)) << m.id;
      ASSERT_TRUE(Naive::Eligible(all.at(m.id), q)) << "round " << round << ": " << m.id << " breaks a hard constraint";
    }
    const auto want = Naive::Rank(all, q);
    ASSERT_EQ(Ids(got), Ids(want)) << "round " << round;
    for (std::size_t i = 0; i < got.size(); ++i) {
      ASSERT_EQ(got[i].score, want[i].score) << "round " << round << " " << got[i].id;
      ASSERT_EQ(got[i].reasons, want[i].reasons) << "round " << round << " " << got[i].id;
      scored += got[i].score > 0;
    }
    listed += static_cast<int>(got.size());
  }
  // The data must exercise the rules: plenty listed, plenty with points.
  EXPECT_GT(listed, 2000);
  EXPECT_GT(scored, 1000);
}

// --- threads ---------------------------------------------------------------------------

TEST(Index, ReadersRankWhileAWriterChangesTheIndex) {
  Random r;
  Index index;
  std::map<std::string, Therapist> all;
  for (int i = 0; i < 500; ++i) {
    Therapist t = r.SomeTherapist(i);
    t.capacity = 100;  // always room, so that every round lists someone
    t.verified_until = kNow + kDay;
    all[t.id] = t;
    ASSERT_TRUE(index.Upsert(t).ok());
  }
  std::vector<Query> queries;
  for (int i = 0; i < 50; ++i) {
    Query q = r.SomeQuery(all, 500);
    q.now = kNow;
    queries.push_back(q);
  }

  std::atomic<bool> done{false};
  std::atomic<long> ranked{0};
  std::vector<std::thread> readers;
  for (int k = 0; k < 3; ++k) {
    readers.emplace_back([&, k] {
      std::size_t i = static_cast<std::size_t>(k);
      while (!done.load()) {
        const Query& q = queries[i++ % queries.size()];
        for (const auto& m : index.Rank(q)) {
          // Every id the writer ever writes is t0..t599; a torn read would show otherwise.
          EXPECT_EQ(m.id[0], 't');
          EXPECT_FALSE(m.reasons.empty());
        }
        ranked.fetch_add(1);
      }
    });
  }
  std::mt19937 rng(7);
  for (int i = 0; i < 3000; ++i) {
    const std::string id = "t" + std::to_string(rng() % 600);
    switch (rng() % 3) {
      case 0: {
        Therapist t = r.SomeTherapist(static_cast<int>(rng() % 600));
        t.id = id;
        t.capacity = 100;
        t.verified_until = kNow + kDay;
        all[id] = t;
        ASSERT_TRUE(index.Upsert(t).ok());
        break;
      }
      case 1:
        index.Remove(id);
        all.erase(id);
        break;
      default: {
        const int active = static_cast<int>(rng() % 120);
        EXPECT_EQ(index.SetActive(id, active), all.count(id) == 1);
        if (auto it = all.find(id); it != all.end()) it->second.active = active;
      }
    }
  }
  done = true;
  for (auto& t : readers) t.join();
  EXPECT_GT(ranked.load(), 0);
  // Once the writer is done, the index holds exactly what it was told.
  EXPECT_EQ(index.Size(), all.size());
  for (const auto& q : queries) EXPECT_EQ(Ids(index.Rank(q)), Ids(Naive::Rank(all, q)));
}

}  // namespace
}  // namespace rk::matching
