#include "features/outcomes/routes.hpp"

#include <boost/json.hpp>

#include <cctype>

#include "features/booking/sessions.hpp"
#include "features/care/relationships.hpp"
#include "features/consent/consent.hpp"
#include "features/outcomes/fhir.hpp"
#include "features/outcomes/outcome.hpp"
#include "features/triangle/answers.hpp"
#include "features/triangle/summary.hpp"
#include "platform/base/timezone.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/db/reseal.hpp"
#include "platform/http/json.hpp"
#include "platform/http/messages.hpp"

namespace rk::outcomes {
namespace {

using http::Fields;
using http::Json;
using http::Request;
using http::Response;
using triangle::Instrument;
namespace json = boost::json;

constexpr std::string_view kScope = "satisfaction";
// The short triangle check is asked for before a session when the last is this old.
constexpr Millis kTriangleEvery = 28 * kDay;
constexpr const char* kTriangleForm = "triangle-short";
constexpr std::size_t kListMax = 200;

std::string ResultContext(const std::string& id) { return "outcome_answers:" + id + ":result"; }

// The catalog's outcome measure.
Result<const Instrument*> RequireMeasure(const Context& ctx) {
  const Instrument* ins = ctx.catalog.Outcome();
  if (!ins) return Error::NotFound("There is no outcome measure on this server.");
  return ins;
}

struct Stored {
  std::string id;
  std::string booking_id;  // "" between sessions
  Answered answered;
};

json::object Numbers(const std::map<std::string, long long>& m) {
  json::object o;
  for (const auto& [k, v] : m) o[k] = v;
  return o;
}
json::object Numbers(const triangle::Scores& m) {
  json::object o;
  for (const auto& [k, v] : m) o[k] = v;
  return o;
}

template <typename Map>
Map ReadNumbers(const json::value* v) {
  Map out;
  if (!v || !v->is_object()) return out;
  for (const auto& kv : v->as_object())
    if (kv.value().is_number()) out[std::string(kv.key())] = kv.value().to_number<typename Map::mapped_type>();
  return out;
}

// Which answers to read: `user_id`'s to `instrument`, in care relationship
// `relationship_id` (empty: any), of `version` (0: any).
struct Which {
  std::string user_id, relationship_id, instrument;
  int version = 0;
};

// The answers, oldest first: the newest kListMax, and always the first one too, since a
// course is measured from it.
Result<std::vector<Stored>> Answers(Context& ctx, db::Connection& c, const Which& w) {
  const std::string where = "FROM outcome_answers WHERE user_id = ? AND instrument = ? AND (? = '' OR relationship_id = ?) AND "
                            "(? = 0 OR instrument_version = ?)";
  const std::vector<db::Value> args{w.user_id, w.instrument, w.relationship_id, w.relationship_id, std::int64_t{w.version},
                                    std::int64_t{w.version}};
  const std::string columns = "SELECT id, booking_id, result, taken_at, instrument_version ";
  auto with_limit = args;
  with_limit.push_back(static_cast<std::int64_t>(kListMax));
  RK_ASSIGN_OR_RETURN(auto rows, c.Query(columns + where + " ORDER BY taken_at DESC, id DESC LIMIT ?", with_limit));
  if (rows.size() == kListMax) {
    RK_ASSIGN_OR_RETURN(auto first, c.Query(columns + where + " ORDER BY taken_at, id LIMIT 1", args));
    if (!first.empty() && first[0].Text(0) != rows.back().Text(0)) rows.push_back(first[0]);
  }
  std::vector<Stored> out;
  for (auto r = rows.rbegin(); r != rows.rend(); ++r) {
    RK_ASSIGN_OR_RETURN(std::string text, ctx.sealer.Open(r->Text(2), ResultContext(r->Text(0))));
    boost::system::error_code ec;
    json::value doc = json::parse(text, ec);
    if (ec || !doc.is_object()) return Error::Internal("an outcome answer does not read back");
    Stored s{r->Text(0), r->Text(1), {}};
    s.answered = Answered{r->Text(0), static_cast<int>(r->Int(4)), r->Int(3),
                          ReadNumbers<std::map<std::string, long long>>(doc.as_object().if_contains("answers")),
                          ReadNumbers<triangle::Scores>(doc.as_object().if_contains("scores"))};
    out.push_back(std::move(s));
  }
  return out;
}

// --- a partner's side -------------------------------------------------------------------

// The couple's day now (their shared time zone; UTC if it is unknown here): between
// sessions an answer belongs to it.
std::int64_t Today(const Request& req) {
  auto zone = TimeZone::Load(req.couple().time_zone);
  return zone.ok() ? LocalDate(req.now, **zone).DayNumber() : req.now / kDay;
}

struct Before {
  std::optional<care::Relationship> care;       // accepted care, or nullopt
  std::optional<booking::Session> next;         // the person's next session that has not ended
};

Result<Before> Upcoming(Request& req) {
  Before b;
  RK_ASSIGN_OR_RETURN(auto r, care::CurrentRelationship(req.db(), req.couple().id));
  if (!r || r->status != care::kAccepted) return b;
  b.care = std::move(r);
  RK_ASSIGN_OR_RETURN(auto sessions, booking::SessionsFor(req.db(), req.couple().id, req.user_id(), req.now));
  if (!sessions.empty()) b.next = sessions.front();
  return b;
}

json::value SessionJson(const std::optional<booking::Session>& s) {
  if (!s) return nullptr;
  return json::object{{"id", s->id}, {"starts_at", s->starts_at}, {"ends_at", s->ends_at}};
}

json::object AnswerJson(const Instrument& ins, const Stored& s, std::string_view lang) {
  json::object levels;
  for (const triangle::Subscale& sub : ins.subscales)
    if (auto it = s.answered.scores.find(sub.id); it != s.answered.scores.end())
      if (const triangle::Band* b = triangle::BandOf(sub, triangle::Round1(it->second))) levels[sub.id] = triangle::Pick(b->label, lang);
  return {{"id", s.id},
          {"taken_at", s.answered.taken_at},
          {"session", s.booking_id.empty() ? json::value(nullptr) : json::value(s.booking_id)},
          {"answers", Numbers(s.answered.answers)},
          {"scores", Numbers(s.answered.scores)},
          {"levels", std::move(levels)}};
}

Result<Response> Mine(Context& ctx, Request& req) {
  RK_ASSIGN_OR_RETURN(const Instrument* ins, RequireMeasure(ctx));
  RK_ASSIGN_OR_RETURN(Before before, Upcoming(req));
  RK_ASSIGN_OR_RETURN(auto answers, Answers(ctx, req.db(), {req.user_id(), "", ins->id}));
  const std::string lang = http::LanguageOf(req);
  bool satisfaction_due = false, triangle_due = false;
  json::value triangle_last = nullptr;  // when the person last took a triangle check
  if (before.care && before.next) {
    satisfaction_due = std::none_of(answers.begin(), answers.end(), [&](const Stored& s) { return s.booking_id == before.next->id; });
    RK_ASSIGN_OR_RETURN(auto checks, triangle::ChecksSince(req.db(), ctx.catalog, ctx.sealer, req.user_id(), 0));
    if (!checks.points.empty()) triangle_last = checks.points.back().taken_at;
    triangle_due = ctx.catalog.Find(kTriangleForm) &&
                   (checks.points.empty() || checks.points.back().taken_at < req.now - kTriangleEvery);
  }
  json::array out;
  for (auto it = answers.rbegin(); it != answers.rend(); ++it) out.push_back(AnswerJson(*ins, *it, lang));
  return Json(200, json::object{{"open", before.care.has_value()},
                                {"instrument", ins->id},
                                {"next_session", SessionJson(before.next)},
                                {"due", json::object{{"satisfaction", satisfaction_due},
                                                     {"triangle", triangle_due},
                                                     {"triangle_form", kTriangleForm},
                                                     {"triangle_last", triangle_last}}},
                                {"answers", std::move(out)}});
}

// Answers the measure: for the person's next session, or for today between sessions.
// Answering again for the same slot replaces the answer (a double tap stores one).
Result<Response> Answer(Context& ctx, Request& req) {
  RK_ASSIGN_OR_RETURN(const Instrument* ins, RequireMeasure(ctx));
  RK_ASSIGN_OR_RETURN(auto body, http::ParseObject(req, {"answers"}));
  Fields f(body);
  auto answers = triangle::ReadAnswers(body, f, true);
  RK_TRY(f.Finish());
  RK_ASSIGN_OR_RETURN(triangle::Scores scores, triangle::Score(*ins, answers));
  RK_ASSIGN_OR_RETURN(Before before, Upcoming(req));
  if (!before.care) return Error::Conflict("You have no therapist to answer for.");
  const std::string slot = before.next ? before.next->id : "day:" + std::to_string(Today(req));
  Stored s{crypto::NewId(req.now), before.next ? before.next->id : std::string(), Answered{"", ins->version, req.now, answers, scores}};
  const std::string result = json::serialize(json::object{{"answers", Numbers(answers)}, {"scores", Numbers(scores)}});
  const db::Value booking = s.booking_id.empty() ? db::Value(nullptr) : db::Value(s.booking_id);
  RK_ASSIGN_OR_RETURN(std::int64_t inserted,
                      req.db().Exec("INSERT INTO outcome_answers (id, relationship_id, user_id, slot, booking_id, instrument, "
                                    "instrument_version, result, taken_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT "
                                    "(relationship_id, user_id, slot) DO NOTHING",
                                    {s.id, before.care->id, req.user_id(), slot, booking, ins->id, std::int64_t{ins->version},
                                     ctx.sealer.Seal(result, ResultContext(s.id)), req.now}));
  if (inserted == 0) {
    // Answered already for this session (or day): the answer keeps its id, so an export
    // made before and one made after name the same resource.
    RK_ASSIGN_OR_RETURN(auto row, req.db().QueryOne("SELECT id FROM outcome_answers WHERE relationship_id = ? AND user_id = ? "
                                                    "AND slot = ?",
                                                    {before.care->id, req.user_id(), slot}));
    if (!row) return Error::Internal("an outcome answer vanished while being replaced");
    s.id = row->Text(0);
    RK_TRY(req.db().Exec("UPDATE outcome_answers SET booking_id = ?, instrument = ?, instrument_version = ?, result = ?, "
                         "taken_at = ? WHERE id = ?",
                         {booking, ins->id, std::int64_t{ins->version}, ctx.sealer.Seal(result, ResultContext(s.id)), req.now, s.id}));
  }
  s.answered.id = s.id;
  return Json(inserted ? 201 : 200, AnswerJson(*ins, s, http::LanguageOf(req)));
}

// --- the therapist's side ---------------------------------------------------------------

json::value ChangeJson(const triangle::Difference& d, bool first) {
  if (first) return nullptr;
  return json::object{{"delta", d.delta}, {"reliable", d.reliable}};
}

json::object MeasureJson(const Instrument& ins, std::string_view lang) {
  json::array subscales;
  for (const triangle::Subscale& s : ins.subscales) {
    json::array bands;
    for (const triangle::Band& b : s.bands) bands.push_back(json::object{{"from", b.from}, {"label", triangle::Pick(b.label, lang)}});
    subscales.push_back(json::object{
        {"id", s.id},
        {"title", triangle::Pick(s.title, lang)},
        {"criterion", triangle::Round2(triangle::ReliableChangeCriterion(s.reference_sd, s.reliability))},
        {"cutoff", s.cutoff ? json::value(*s.cutoff) : json::value(nullptr)},
        {"bands", std::move(bands)}});
  }
  return {{"id", ins.id},
          {"version", ins.version},
          {"title", triangle::Pick(ins.title, lang)},
          {"min", ins.ScoreMin(ins.subscales.front())},
          {"max", ins.ScoreMax(ins.subscales.front())},
          {"provisional", ins.provisional},
          {"subscales", std::move(subscales)}};
}

json::object CourseJson(const Instrument& ins, const std::vector<Stored>& answers) {
  json::object out;
  for (const triangle::Subscale& s : ins.subscales) {
    const auto series = SeriesOf(answers, s.id, [](const Stored& a) -> const triangle::Scores& { return a.answered.scores; });
    const auto& with = series.of;
    const auto& scores = series.scores;
    const Trajectory t = Follow(s, scores);
    json::array points;
    for (std::size_t i = 0; i < with.size(); ++i) {
      const Mark& m = t.marks[i];
      points.push_back(json::object{
          {"id", with[i]->id},
          {"taken_at", with[i]->answered.taken_at},
          {"session", with[i]->booking_id.empty() ? json::value(nullptr) : json::value(with[i]->booking_id)},
          {"score", scores[i]},
          {"above_cutoff", m.above_cutoff ? json::value(*m.above_cutoff) : json::value(nullptr)},
          {"since_previous", ChangeJson(m.since_previous, i == 0)},
          {"since_first", ChangeJson(m.since_first, i == 0)}});
    }
    out[s.id] = json::object{{"status", StatusName(t.status)}, {"points", std::move(points)}};
  }
  return out;
}

bool Shares(const http::CareRef& care, const std::string& user_id) {
  return std::find(care.sharing.begin(), care.sharing.end(), user_id) != care.sharing.end();
}

// Partner `m`'s answers in this care relationship to the measure's current version, each
// such reading (or export) recorded in their log; nullopt when they do not share them.
Result<std::optional<std::vector<Stored>>> SharedAnswers(Context& ctx, Request& req, const Instrument& ins,
                                                         const http::Member& m, consent::Access how) {
  const http::CareRef& care = req.care();
  if (!Shares(care, m.user_id)) return std::optional<std::vector<Stored>>();
  RK_ASSIGN_OR_RETURN(auto answers, Answers(ctx, req.db(), {m.user_id, care.relationship_id, ins.id, ins.version}));
  RK_TRY(consent::RecordRead(req.db(), care.relationship_id, req.user_id(), m.user_id, kScope, req.request_id, req.now, how));
  return std::optional<std::vector<Stored>>(std::move(answers));
}

Result<Response> Course(Context& ctx, Request& req) {
  RK_ASSIGN_OR_RETURN(const Instrument* ins, RequireMeasure(ctx));
  const http::CareRef& care = req.care();
  const std::string lang = http::LanguageOf(req);
  json::array partners;
  for (const http::Member& m : care.partners) {
    RK_ASSIGN_OR_RETURN(auto answers, SharedAnswers(ctx, req, *ins, m, consent::Access::kRead));
    json::object p{{"id", m.user_id}, {"display_name", m.display_name}, {"shared", answers.has_value()}};
    if (answers) p["course"] = CourseJson(*ins, *answers);
    partners.push_back(std::move(p));
  }
  return Json(200, json::object{{"instrument", MeasureJson(*ins, lang)}, {"partners", std::move(partners)}});
}

// The sharing partners' outcomes as one FHIR R4 Bundle, to download.
Result<Response> Fhir(Context& ctx, Request& req) {
  RK_ASSIGN_OR_RETURN(const Instrument* ins, RequireMeasure(ctx));
  const http::CareRef& care = req.care();
  std::vector<PersonOutcomes> people;
  for (const http::Member& m : care.partners) {
    RK_ASSIGN_OR_RETURN(auto answers, SharedAnswers(ctx, req, *ins, m, consent::Access::kExport));
    if (!answers) continue;
    PersonOutcomes p{m.user_id, m.display_name, {}};
    for (Stored& a : *answers) p.answered.push_back(std::move(a.answered));
    people.push_back(std::move(p));
  }
  Response r;
  r.content_type = "application/fhir+json";
  r.body = FhirBundle(*ins, http::LanguageOf(req), people, crypto::NewId(req.now), ctx.person_system, req.now);
  // Named by the couple's partners' first letters and the day, so a therapist's downloads
  // for several couples do not overwrite each other.
  std::string initials;
  for (const http::Member& m : care.partners)
    if (!m.display_name.empty() && std::isalnum(static_cast<unsigned char>(m.display_name[0]))) initials += m.display_name[0];
  r.With("Content-Disposition", "attachment; filename=\"outcomes-" + (initials.empty() ? std::string() : initials + "-") +
                                    FormatRfc3339(req.now).substr(0, 10) + ".fhir.json\"");
  r.With("Cache-Control", "no-store");
  return r;
}

}  // namespace

void RegisterRoutes(http::Router& router, Context& ctx) {
  using http::Method;
  using http::Policy;
  using http::Work;
  http::RouteTable t(router, ctx);
  t.Add(Method::kGet, "/api/v1/care/outcomes", Policy::CoupleMember(), Work::kRead, Mine);
  t.Add(Method::kPost, "/api/v1/care/outcomes", Policy::CoupleMember(), Work::kWrite, Answer);
  // Reads that are recorded: each writes the partner's log and the audit log.
  const Policy sharing = Policy::TherapistOfCouple(std::string(kScope));
  t.Add(Method::kGet, "/api/v1/therapist/couples/{id}/outcomes", sharing, Work::kWrite, Course);
  t.Add(Method::kGet, "/api/v1/therapist/couples/{id}/outcomes/fhir", sharing, Work::kWrite, Fhir);
}

Result<std::int64_t> Reseal(db::Connection& c, const crypto::Sealer& s) {
  const db::SealedColumn columns[] = {
      {"SELECT id, result FROM outcome_answers", "UPDATE outcome_answers SET result = ? WHERE id = ? AND result = ?",
       [](const db::Row& r) { return ResultContext(r.Text(0)); }},
  };
  return db::ResealColumns(c, s, columns);
}

}  // namespace rk::outcomes
