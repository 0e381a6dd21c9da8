// The matching benchmark (make bench-matching, or build/matching_bench alone):
// 100,000 generated therapists (fixed seed), ranked for ~1,000 generated couples by the
// in-memory index (features/matching) and by the one SQL query that says the same thing
// over the real schema on SQLite, in the same run. Prints p50/p99 of each, their ratio,
// how many queries disagreed (must be 0: the proof that the SQL is equivalent), and
// PASS/FAIL for "index p99 < 2 ms" and "index p99 >= 20x faster than SQL". It prints;
// it never fails a build.
//
//   matching_bench [--migrations DIR] [--therapists N] [--queries N] [--limit K] [--keep]
// DIR defaults to the source tree's migrations/ (it must hold 0011_therapists.sql).
// --keep leaves the SQLite file behind and says where.
//
// Both sides get the same data:
//   - hours: every therapist's time zone is UTC, so their local weekly hours are UTC
//     windows as they are (ToUtcWindows with offset 0); no therapist has overlapping
//     hours (the SQL sums overlaps row by row, the index merges first);
//   - verified_until: the table keeps the last verified day, inclusive, as the schema
//     says; the index gets the instant that day ends (next midnight UTC, exclusive), and
//     the SQL compares the day with today's date in UTC;
//   - active: the index gets the count of accepted care relationships; the SQL counts
//     them (requested, declined and ended rows are there too, and must not count);
//   - status: only approved profiles go into the index; the table has the others too.
// The query's derived values (the agreed gender, the lowest max fee, the times both
// partners prefer) are computed once in C++ and bound, as a repo would; the
// per-partner lists go into the SQL as they are (JSON arrays read with json_each).

#include <algorithm>
#include <chrono>
#include <climits>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <unordered_set>
#include <vector>

#include "features/matching/matching.hpp"
#include "platform/base/timezone.hpp"
#include "platform/db/db.hpp"
#include "platform/log/log.hpp"

namespace rk::matching {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// 2026-11-20 15:00 UTC.
const std::int64_t kToday = Date{2026, 11, 20}.DayNumber();
const Millis kNow = kToday * kDay + 15 * kHour;

// --- generated data ----------------------------------------------------------------------

struct CountryInfo {
  std::string code;
  double weight;          // share of therapists
  int regions;            // "XX-A", "XX-B", ...
  bool regional_licences;  // licensed per region (US states) or nationally
  std::string language;   // the main language of therapy there
};

// A rough spread: a few big markets, a long tail.
const std::vector<CountryInfo> kCountries{
    {"US", 24, 8, true, "en"}, {"GB", 8, 4, false, "en"}, {"CA", 6, 6, true, "en"}, {"DE", 6, 8, false, "de"},
    {"FR", 5, 6, false, "fr"}, {"ES", 4, 6, false, "es"}, {"MX", 4, 6, true, "es"}, {"BR", 4, 6, true, "pt"},
    {"AU", 4, 6, true, "en"},  {"IT", 3, 5, false, "it"}, {"NL", 2, 4, false, "en"}, {"IE", 2, 3, false, "en"},
    {"AR", 2, 4, false, "es"}, {"CO", 2, 4, false, "es"}, {"CL", 1.5, 3, false, "es"}, {"PT", 1.5, 3, false, "pt"},
    {"BE", 1.5, 3, false, "fr"}, {"CH", 1.5, 4, true, "de"}, {"AT", 1.5, 4, false, "de"}, {"SE", 1, 3, false, "en"},
    {"NO", 1, 3, false, "en"}, {"DK", 1, 3, false, "en"}, {"NZ", 1, 3, false, "en"}, {"ZA", 1, 4, false, "en"},
    {"IN", 2, 6, true, "en"},  {"CN", 2, 6, true, "zh"}, {"SG", 1, 1, false, "zh"}, {"AE", 1, 3, false, "ar"},
    {"EG", 1, 3, false, "ar"}, {"MA", 1, 3, false, "ar"},
};
const std::vector<std::string> kLanguages{"en", "es", "fr", "de", "pt", "it", "zh", "ar"};
// The vocabularies of features/therapists (kSpecialties, kApproaches).
const std::vector<std::string> kSpecialties{
    "couples",       "sex_therapy", "affair_recovery",  "lgbtq_affirming", "asexual_inclusive",
    "communication", "conflict",    "intimacy",         "parenting",       "blended_families",
    "separation",    "trauma",      "grief",            "non_monogamy",    "cultural_identity"};
const std::vector<std::string> kApproaches{"gottman", "eft", "cbt", "imago", "narrative",
                                           "solution_focused", "psychodynamic", "act", "systemic", "integrative"};

struct Hours {
  int weekday, start, end;  // local (= UTC) weekday 1-7, minutes from midnight
};

struct Generated {
  Therapist t;
  std::string status;
  std::int64_t verified_day;  // last verified day, inclusive
  std::vector<Hours> hours;
};

class Gen {
 public:
  explicit Gen(std::uint64_t seed) : rng_(seed) {
    std::vector<double> w;
    for (const auto& c : kCountries) w.push_back(c.weight);
    country_ = std::discrete_distribution<int>(w.begin(), w.end());
  }
  int Int(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  bool Chance(double p) { return std::bernoulli_distribution(p)(rng_); }
  template <class T>
  const T& Pick(const std::vector<T>& v) { return v[static_cast<std::size_t>(Int(0, static_cast<int>(v.size()) - 1))]; }
  const CountryInfo& Country() { return kCountries[static_cast<std::size_t>(country_(rng_))]; }
  std::string Region(const CountryInfo& c) { return c.code + "-" + static_cast<char>('A' + Int(0, c.regions - 1)); }
  std::vector<std::string> Distinct(const std::vector<std::string>& from, int n) {
    std::vector<std::string> v = from;
    std::shuffle(v.begin(), v.end(), rng_);
    v.resize(static_cast<std::size_t>(std::min<int>(n, static_cast<int>(v.size()))));
    return v;
  }
  std::string Id() {
    for (;;) {
      char buf[17];
      std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(rng_()));
      if (ids_.insert(buf).second) return buf;
    }
  }

  Generated Therapist() {
    Generated g;
    matching::Therapist& t = g.t;
    t.id = Id();
    const CountryInfo& c = Country();
    if (!c.regional_licences || Chance(0.03)) {
      t.licensed.push_back({c.code, ""});
    } else {
      std::set<std::string> regions;
      for (int n = Chance(0.85) ? 1 : Int(2, 3); n > 0; --n) regions.insert(Region(c));
      for (const auto& r : regions) t.licensed.push_back({c.code, r});
    }
    if (Chance(0.02)) {  // licensed in a second country too
      const CountryInfo& other = Country();
      if (other.code != c.code) t.licensed.push_back({other.code, ""});
    }
    t.languages = {c.language};
    if (c.language != "en" && Chance(0.5)) t.languages.push_back("en");
    if (Chance(0.15)) {
      const std::string& l = Pick(kLanguages);
      if (std::find(t.languages.begin(), t.languages.end(), l) == t.languages.end()) t.languages.push_back(l);
    }
    const double m = std::uniform_real_distribution<double>(0, 1)(rng_);
    t.modalities = m < 0.6 ? std::vector<std::string>{"video"}
                 : m < 0.9 ? std::vector<std::string>{"video", "chat"}
                           : std::vector<std::string>{"chat"};
    t.specialties = Distinct(kSpecialties, Int(1, 5));
    if (Chance(0.8) && std::find(t.specialties.begin(), t.specialties.end(), "couples") == t.specialties.end()) {
      t.specialties.push_back("couples");
    }
    t.approaches = Distinct(kApproaches, Int(1, 3));
    const double gw = std::uniform_real_distribution<double>(0, 1)(rng_);
    t.gender = gw < 0.6 ? "woman" : gw < 0.9 ? "man" : gw < 0.95 ? "nonbinary" : "";
    t.fee = Int(12, 50) * 500;
    t.capacity = Int(3, 15);
    t.active = Chance(0.1) ? t.capacity : Int(0, t.capacity);
    g.verified_day = kToday + (Chance(0.05) ? Int(-60, -1) : Int(0, 400));
    t.verified_until = (g.verified_day + 1) * kDay;
    const double s = std::uniform_real_distribution<double>(0, 1)(rng_);
    g.status = s < 0.97 ? "approved" : s < 0.98 ? "submitted" : s < 0.99 ? "suspended" : "refused";
    // Working days with one or two stretches each, never overlapping.
    for (int day = 1; day <= 7; ++day) {
      if (!Chance(day <= 5 ? 0.75 : 0.2)) continue;
      const int start = Int(7, 12) * 60 + (Chance(0.5) ? 30 : 0);
      const int end = start + Int(2, 6) * 60;
      g.hours.push_back({day, start, end});
      // An evening too, an hour or more after the day's stretch ends.
      const int evening = std::max(end + 60, 17 * 60);
      if (Chance(0.3) && evening + 120 <= 23 * 60) g.hours.push_back({day, evening, evening + 120});
    }
    for (const auto& h : g.hours) {
      for (const auto& w : ToUtcWindows(h.weekday, h.start, h.end, 0)) t.hours.push_back(w);
    }
    return g;
  }

  // Preferred times, as a client would offer them, already in UTC.
  std::vector<Window> Times() {
    std::vector<Window> w;
    auto each_day = [&](int from, int to, int start, int end) {
      for (int d = from; d <= to; ++d) w.push_back({(d - 1) * kMinutesPerDay + start, (d - 1) * kMinutesPerDay + end});
    };
    switch (Int(0, 5)) {
      case 0: break;  // any time
      case 1: each_day(1, 5, 17 * 60, 21 * 60); break;  // weekday evenings
      case 2: each_day(1, 5, 9 * 60, 17 * 60); break;   // weekday daytime
      case 3: each_day(6, 7, 9 * 60, 18 * 60); break;   // weekends
      case 4:
        each_day(1, 5, 17 * 60, 21 * 60);
        each_day(6, 7, 9 * 60, 18 * 60);
        break;
      default: each_day(1, 7, 7 * 60, 10 * 60); break;  // early mornings
    }
    return w;
  }

  Answers Partner(const CountryInfo& c, const Place& home, bool second) {
    Answers a;
    a.where = home;
    if (second && Chance(0.1)) a.where.region = c.regions > 1 ? Region(c) : home.region;  // lives elsewhere
    if (Chance(0.05)) a.where.region = "";  // did not say
    a.languages = {c.language};
    if (Chance(0.4) && c.language != "en") a.languages.push_back("en");
    if (Chance(0.1)) a.languages.push_back(Pick(kLanguages));
    const double m = std::uniform_real_distribution<double>(0, 1)(rng_);
    a.modalities = m < 0.5 ? std::vector<std::string>{"video"}
                 : m < 0.9 ? std::vector<std::string>{"video", "chat"}
                           : std::vector<std::string>{"chat"};
    a.specialties = Distinct(kSpecialties, Int(0, 3));
    a.approaches = Distinct(kApproaches, Int(0, 2));
    const double gw = std::uniform_real_distribution<double>(0, 1)(rng_);
    a.gender = gw < 0.5 ? "" : gw < 0.8 ? "woman" : gw < 0.95 ? "man" : "nonbinary";
    if (Chance(0.5)) a.max_fee = Int(16, 40) * 500;
    a.times = Times();
    return a;
  }

  Query Couple(const std::vector<std::string>& ids, std::size_t limit) {
    Query q;
    const CountryInfo& c = Country();
    const Place home{c.code, Region(c)};
    q.partners.push_back(Partner(c, home, false));
    q.partners.push_back(Partner(c, home, true));
    for (int n = Chance(0.3) ? Int(1, 3) : 0; n > 0; --n) q.exclude.push_back(Pick(ids));
    q.now = kNow;
    q.limit = limit;
    return q;
  }

 private:
  std::mt19937_64 rng_;
  std::discrete_distribution<int> country_;
  std::unordered_set<std::string> ids_;
};

// --- SQLite ------------------------------------------------------------------------------

std::string JsonArray(const std::vector<std::string>& v) {
  std::string out = "[";
  for (const auto& s : v) {
    if (out.size() > 1) out += ',';
    out += '"' + s + '"';  // codes: letters, digits, '_' and '-' only
  }
  return out + "]";
}

std::string JsonWindows(const std::vector<Window>& v) {
  std::string out = "[";
  for (const auto& w : v) {
    if (out.size() > 1) out += ',';
    out += "[" + std::to_string(w.start) + "," + std::to_string(w.end) + "]";
  }
  return out + "]";
}

// The hard constraints in WHERE; the score as a sum of counted EXISTS-like terms; the
// tie-break of the index. Written for a couple (two partners). The first partner's
// place drives the plan (IN on the place index); the second is an EXISTS.
constexpr std::string_view kRankSql = R"(
SELECT id, score, spare FROM (
  SELECT t.user_id AS id,
    t.capacity - (SELECT COUNT(*) FROM care_relationships c
                  WHERE c.therapist_id = t.user_id AND c.status = 'accepted') AS spare,
    3 * (SELECT COUNT(*) FROM therapist_tags g
         WHERE g.therapist_id = t.user_id AND g.kind = 'specialty'
           AND (g.value IN (SELECT value FROM json_each(?)) OR g.value IN (SELECT value FROM json_each(?))))
    + 2 * (SELECT COUNT(*) FROM therapist_tags g
           WHERE g.therapist_id = t.user_id AND g.kind = 'approach'
             AND (g.value IN (SELECT value FROM json_each(?)) OR g.value IN (SELECT value FROM json_each(?))))
    + CASE WHEN t.gender = ? THEN 2 ELSE 0 END
    + CASE WHEN t.fee <= ? THEN 2 ELSE 0 END
    + CASE WHEN (SELECT COALESCE(SUM(MAX(0,
                   MIN((h.weekday - 1) * 1440 + h.end_minute, json_extract(w.value, '$[1]'))
                   - MAX((h.weekday - 1) * 1440 + h.start_minute, json_extract(w.value, '$[0]')))), 0)
                 FROM therapist_hours h, json_each(?) w
                 WHERE h.therapist_id = t.user_id) >= 60 THEN 2 ELSE 0 END AS score
  FROM therapists t
  WHERE t.user_id IN (SELECT j.therapist_id FROM therapist_jurisdictions j
                      WHERE j.country = ? AND j.region IN ('', ?))
    AND EXISTS (SELECT 1 FROM therapist_jurisdictions j
                WHERE j.therapist_id = t.user_id AND j.country = ? AND j.region IN ('', ?))
    AND t.status = 'approved'
    AND t.verified_until >= ?
    AND EXISTS (SELECT 1 FROM therapist_tags g
                WHERE g.therapist_id = t.user_id AND g.kind = 'language'
                  AND g.value IN (SELECT value FROM json_each(?)) AND g.value IN (SELECT value FROM json_each(?)))
    AND EXISTS (SELECT 1 FROM therapist_tags g
                WHERE g.therapist_id = t.user_id AND g.kind = 'modality'
                  AND g.value IN (SELECT value FROM json_each(?)) AND g.value IN (SELECT value FROM json_each(?)))
    AND t.user_id NOT IN (SELECT value FROM json_each(?))
)
WHERE spare > 0
ORDER BY score DESC, spare DESC, id
LIMIT ?
)";

std::vector<db::Value> RankParams(const Query& q) {
  const Answers& a = q.partners[0];
  const Answers& b = q.partners[1];
  db::Value gender = nullptr;
  if (!a.gender.empty() || !b.gender.empty()) {
    if (a.gender.empty() || b.gender.empty() || a.gender == b.gender) gender = a.gender.empty() ? b.gender : a.gender;
  }
  db::Value max_fee = nullptr;
  if (a.max_fee || b.max_fee) max_fee = std::int64_t{std::min(a.max_fee.value_or(INT32_MAX), b.max_fee.value_or(INT32_MAX))};
  std::vector<Window> times;
  if (!a.times.empty() && !b.times.empty()) times = Intersect(Normalize(a.times), Normalize(b.times));
  else times = Normalize(a.times.empty() ? b.times : a.times);
  return {JsonArray(a.specialties), JsonArray(b.specialties), JsonArray(a.approaches), JsonArray(b.approaches),
          gender, max_fee, JsonWindows(times),
          a.where.country, a.where.region, b.where.country, b.where.region,
          Date::FromDayNumber(q.now / kDay).ToString(),
          JsonArray(a.languages), JsonArray(b.languages), JsonArray(a.modalities), JsonArray(b.modalities),
          JsonArray(q.exclude), static_cast<std::int64_t>(q.limit)};
}

#define CHECK_OK(expr)                                                                \
  do {                                                                                \
    auto&& check_ = (expr);                                                           \
    if (!check_.ok()) {                                                               \
      std::fprintf(stderr, "matching_bench: %s: %s\n", #expr, check_.error().message.c_str()); \
      std::exit(2);                                                                   \
    }                                                                                 \
  } while (0)

// The migration files of `dir`, in order. The Migrations point into `files`.
struct MigrationFiles {
  std::deque<std::string> names, texts;  // a deque: its elements never move
  std::vector<db::Migration> steps;
};
void ReadMigrations(const fs::path& dir, MigrationFiles& out) {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() == ".sql") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    std::ifstream in(f);
    std::stringstream text;
    text << in.rdbuf();
    out.texts.push_back(text.str());
    out.names.push_back(f.stem().string());
    out.steps.push_back({std::atoi(out.names.back().c_str()), out.names.back(), out.texts.back()});
  }
}

std::int64_t LoadSqlite(db::Connection& c, const std::vector<Generated>& all) {
  std::int64_t rows = 0;
  auto exec = [&](std::string_view sql, std::initializer_list<db::Value> params) {
    CHECK_OK(c.Exec(sql, params));
    ++rows;
  };
  CHECK_OK(c.Begin());
  std::int64_t couple = 0;
  const std::int64_t at = kNow - 30 * kDay;
  for (const auto& g : all) {
    const Therapist& t = g.t;
    exec("INSERT INTO users (id, email, password_hash, display_name, time_zone, language, created_at, updated_at) "
         "VALUES (?, ?, 'x', 'Therapist', 'UTC', 'en', ?, ?)",
         {t.id, t.id + "@example.org", at, at});
    exec("INSERT INTO therapists (user_id, status, full_name, credential, licence_number, licensing_body, gender, bio, "
         "fee, session_minutes, capacity, time_zone, cancel_hours, reschedule_hours, verified_until, created_at, "
         "updated_at) VALUES (?, ?, 'A Therapist', 'LMFT', '123', 'Board', ?, '', ?, 50, ?, 'UTC', 24, 24, ?, ?, ?)",
         {t.id, g.status, t.gender, std::int64_t{t.fee}, std::int64_t{t.capacity},
          Date::FromDayNumber(g.verified_day).ToString(), at, at});
    for (const auto& p : t.licensed) {
      exec("INSERT INTO therapist_jurisdictions (therapist_id, country, region) VALUES (?, ?, ?)",
           {t.id, p.country, p.region});
    }
    auto tags = [&](const char* kind, const std::vector<std::string>& values) {
      for (const auto& v : values) {
        exec("INSERT INTO therapist_tags (therapist_id, kind, value) VALUES (?, ?, ?)", {t.id, std::string(kind), v});
      }
    };
    tags("language", t.languages);
    tags("modality", t.modalities);
    tags("specialty", t.specialties);
    tags("approach", t.approaches);
    for (const auto& h : g.hours) {
      exec("INSERT INTO therapist_hours (therapist_id, weekday, start_minute, end_minute) VALUES (?, ?, ?, ?)",
           {t.id, std::int64_t{h.weekday}, std::int64_t{h.start}, std::int64_t{h.end}});
    }
    // One couple per accepted relationship (a couple has one open relationship at most);
    // a requested one and an ended one now and then, which must not count.
    auto relationship = [&](const char* status) {
      const std::string cid = "c" + std::to_string(++couple);
      exec("INSERT INTO couples (id, time_zone, created_at) VALUES (?, 'UTC', ?)", {cid, at});
      exec("INSERT INTO care_relationships (id, couple_id, therapist_id, status, created_at) VALUES (?, ?, ?, ?, ?)",
           {"r" + cid, cid, t.id, std::string(status), at});
    };
    for (int i = 0; i < t.active; ++i) relationship("accepted");
    if (t.id[0] < '3') relationship("requested");
    if (t.id[1] < '3') relationship("ended");
    if (t.id[2] < '2') relationship("declined");
  }
  CHECK_OK(c.Commit());
  CHECK_OK(c.ExecScript("ANALYZE"));
  return rows;
}

double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

struct Stats {
  double p50, p99, max, mean;
};
Stats Percentiles(std::vector<double> ms) {
  std::sort(ms.begin(), ms.end());
  auto at = [&](double p) {  // nearest rank
    const auto rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(ms.size())));
    return ms[std::min(ms.size() - 1, rank == 0 ? 0 : rank - 1)];
  };
  double sum = 0;
  for (double v : ms) sum += v;
  return {at(0.50), at(0.99), ms.back(), sum / static_cast<double>(ms.size())};
}

int Main(int argc, char** argv) {
  fs::path migrations = fs::path(REKINDLE_SOURCE_DIR) / "migrations";
  int therapists = 100'000, queries = 1'000;
  std::size_t limit = 5;
  bool keep = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "matching_bench: %s needs a value\n", arg.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (arg == "--migrations") migrations = next();
    else if (arg == "--therapists") therapists = std::atoi(next().c_str());
    else if (arg == "--queries") queries = std::atoi(next().c_str());
    else if (arg == "--limit") limit = static_cast<std::size_t>(std::atoi(next().c_str()));
    else if (arg == "--keep") keep = true;
    else {
      std::fprintf(stderr, "usage: matching_bench [--migrations DIR] [--therapists N] [--queries N] [--limit K] [--keep]\n");
      return 2;
    }
  }
  if (!fs::exists(migrations / "0011_therapists.sql")) {
    std::fprintf(stderr, "matching_bench: %s has no 0011_therapists.sql (pass --migrations DIR)\n",
                 migrations.c_str());
    return 2;
  }
  log::SetLevel(log::Level::kWarn);

  // 1. Data.
  Gen gen(20261121);
  std::vector<Generated> all;
  all.reserve(static_cast<std::size_t>(therapists));
  for (int i = 0; i < therapists; ++i) all.push_back(gen.Therapist());
  std::vector<std::string> ids;
  for (const auto& g : all) ids.push_back(g.t.id);

  // 2. The index.
  auto started = Clock::now();
  Index index;
  for (const auto& g : all) {
    if (g.status == "approved") CHECK_OK(index.Upsert(g.t));
  }
  const double index_load = Seconds(Clock::now() - started);

  // 3. SQLite, with the real migrations, and a page cache big enough to hold it all so
  //    that both sides answer from memory.
  char dir_template[] = "/tmp/rekindle-matching.XXXXXX";
  const char* dir = mkdtemp(dir_template);
  if (!dir) {
    std::perror("mkdtemp");
    return 2;
  }
  const std::string db_path = std::string(dir) + "/matching.db";
  started = Clock::now();
  auto opened = db::Open("sqlite:" + db_path);
  CHECK_OK(opened);
  db::Connection& c = **opened;
  CHECK_OK(c.ExecScript("PRAGMA cache_size = -1048576"));  // 1 GiB, in KiB
  MigrationFiles files;
  ReadMigrations(migrations, files);
  CHECK_OK(db::Migrate(c, files.steps, kNow));
  const std::int64_t rows = LoadSqlite(c, all);
  const double sql_load = Seconds(Clock::now() - started);

  // 4. The same couples against both.
  Gen ask(42);
  std::vector<Query> couples;
  for (int i = 0; i < queries; ++i) couples.push_back(ask.Couple(ids, limit));

  auto run_sql = [&](const Query& q) {
    const auto params = RankParams(q);
    auto r = c.Query(kRankSql, std::span<const db::Value>(params));
    CHECK_OK(r);
    return std::move(r).value();
  };
  // Warm both up (statement prepared, pages cached, branch predictors trained) first.
  for (std::size_t i = 0; i < std::min<std::size_t>(couples.size(), 50); ++i) {
    (void)index.Rank(couples[i]);
    (void)run_sql(couples[i]);
  }

  std::vector<double> index_ms, sql_ms;
  std::size_t mismatches = 0, listed = 0, empty = 0;
  std::vector<std::vector<Match>> index_results(couples.size());
  for (std::size_t i = 0; i < couples.size(); ++i) {
    const auto t0 = Clock::now();
    index_results[i] = index.Rank(couples[i]);
    index_ms.push_back(Seconds(Clock::now() - t0) * 1000);
  }
  for (std::size_t i = 0; i < couples.size(); ++i) {
    const auto t0 = Clock::now();
    const db::Rows r = run_sql(couples[i]);
    sql_ms.push_back(Seconds(Clock::now() - t0) * 1000);
    const auto& mine = index_results[i];
    bool same = r.size() == mine.size();
    for (std::size_t k = 0; same && k < r.size(); ++k) {
      same = r[k].Text(0) == mine[k].id && r[k].Int(1) == mine[k].score;
    }
    if (!same) {
      if (++mismatches <= 3) {
        std::printf("mismatch in query %zu:\n  index:", i);
        for (const auto& m : mine) std::printf(" %s/%d", m.id.c_str(), m.score);
        std::printf("\n  sql:  ");
        for (const auto& row : r) std::printf(" %s/%lld", row.Text(0).c_str(), static_cast<long long>(row.Int(1)));
        std::printf("\n");
      }
    }
    listed += mine.size();
    empty += mine.empty();
  }

  const Stats ix = Percentiles(index_ms);
  const Stats sq = Percentiles(sql_ms);
  const double ratio = sq.p99 / ix.p99;
  std::printf("matching: %d therapists (%zu in the index: approved), %zu couples, limit %zu\n", therapists,
              index.Size(), couples.size(), limit);
  std::printf("load: index %.2f s; SQLite %.1f s (%lld rows, migrations from %s)\n", index_load, sql_load,
              static_cast<long long>(rows), migrations.c_str());
  std::printf("listed: %.2f therapists per couple on average, %zu couples with none\n",
              static_cast<double>(listed) / static_cast<double>(couples.size()), empty);
  std::printf("mismatches (ids or scores differ, index vs SQL): %zu\n", mismatches);
  std::printf("%-16s %10s %10s %10s %10s\n", "", "p50 ms", "p99 ms", "max ms", "mean ms");
  std::printf("%-16s %10.3f %10.3f %10.3f %10.3f\n", "index", ix.p50, ix.p99, ix.max, ix.mean);
  std::printf("%-16s %10.3f %10.3f %10.3f %10.3f\n", "SQL (SQLite)", sq.p50, sq.p99, sq.max, sq.mean);
  std::printf("p99 ratio SQL / index: %.1fx\n", ratio);
  std::printf("%s index p99 < 2 ms (%.3f ms)\n", ix.p99 < 2.0 ? "PASS" : "FAIL", ix.p99);
  std::printf("%s index p99 >= 20x faster than SQL (%.1fx)\n", ratio >= 20 ? "PASS" : "FAIL", ratio);
  std::printf("%s index and SQL agree on every couple\n", mismatches == 0 ? "PASS" : "FAIL");

  opened->reset();
  if (keep) {
    std::printf("kept %s\n", db_path.c_str());
  } else {
    fs::remove_all(dir);
  }
  return 0;
}

}  // namespace
}  // namespace rk::matching

int main(int argc, char** argv) { return rk::matching::Main(argc, argv); }
