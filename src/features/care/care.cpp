#include "features/care/care.hpp"

#include <algorithm>
#include <set>

#include "platform/base/files.hpp"

namespace rk::care {
namespace {

using content::Reader;
namespace json = boost::json;

ResultText ReadResult(Reader& r, const json::object& o, const std::string& path, const std::vector<std::string>& langs) {
  ResultText out;
  r.Unknown(o, path, {"title", "body"});
  out.title = r.Text(o, "title", path, true, langs);
  out.body = r.Text(o, "body", path, true, langs);
  return out;
}

bool IsDate(std::string_view s) {
  return s.size() == 10 && s[4] == '-' && s[7] == '-' &&
         std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || c == '-'; });
}

}  // namespace

Status ParseScreen(std::string_view text, std::string_view name, Screen& out) {
  std::string error;
  auto o = content::ParseObjectFile(text, name, error);
  if (!o) return Error::Invalid(error);
  Reader r(name);
  r.Unknown(*o, "", {"version", "languages", "title", "intro", "questions", "results", "unavailable"});
  out.version = r.String(*o, "version", "", true).value_or("");
  out.languages = content::Languages(r, *o);
  out.title = r.Text(*o, "title", "", true, out.languages);
  out.intro = r.Text(*o, "intro", "", true, out.languages);
  std::set<std::string> seen;
  content::ForEach(r, *o, "questions", [&](const json::object& q, const std::string& path) {
    r.Unknown(q, path, {"id", "text", "answers"});
    Question question;
    question.id = content::UniqueId(r, q, path, seen);
    question.text = r.Text(q, "text", path, true, out.languages);
    std::set<std::string> choice_ids;
    bool any_clear = false;
    const json::array* answers = r.Array(q, "answers", path, true);
    for (std::size_t i = 0; answers && i < answers->size() && !r.failed(); ++i) {
      const std::string at = Reader::Index(path + ".answers", i);
      if (!(*answers)[i].is_object()) {
        r.Fail(at, "must be an object");
        break;
      }
      const json::object& a = (*answers)[i].as_object();
      r.Unknown(a, at, {"id", "text", "concern"});
      Choice c;
      c.id = content::UniqueId(r, a, at, choice_ids);
      c.text = r.Text(a, "text", at, true, out.languages);
      const json::value* concern = a.if_contains("concern");
      if (!concern || !concern->is_bool()) r.Fail(at + ".concern", "must be true or false");
      else c.concern = concern->as_bool();
      any_clear = any_clear || !c.concern;
      question.choices.push_back(std::move(c));
    }
    if (!r.failed() && question.choices.size() < 2) r.Fail(path + ".answers", "needs at least two answers");
    if (!r.failed() && !any_clear) r.Fail(path + ".answers", "needs an answer that is not a concern");
    out.questions.push_back(std::move(question));
  });
  if (const json::object* results = r.Object(*o, "results", "", true)) {
    r.Unknown(*results, "results", {"clear", "concerning"});
    if (const json::object* c = r.Object(*results, "clear", "results", true))
      out.clear = ReadResult(r, *c, "results.clear", out.languages);
    if (const json::object* c = r.Object(*results, "concerning", "results", true))
      out.concerning = ReadResult(r, *c, "results.concerning", out.languages);
  }
  if (const json::object* u = r.Object(*o, "unavailable", "", true))
    out.unavailable = ReadResult(r, *u, "unavailable", out.languages);
  if (r.failed()) return Error::Invalid(r.error());
  return {};
}

std::string_view OutcomeName(Outcome o) { return o == Outcome::kClear ? "clear" : "concerning"; }

std::optional<Outcome> ParseOutcome(std::string_view s) {
  if (s == "clear") return Outcome::kClear;
  if (s == "concerning") return Outcome::kConcerning;
  return std::nullopt;
}

Result<Outcome> Route(const Screen& screen, const std::map<std::string, std::string>& answers) {
  bool concern = false;
  for (const Question& q : screen.questions) {
    auto it = answers.find(q.id);
    if (it == answers.end())
      return Error::Invalid("Answer every question; \"I'd rather not say\" is always a choice.",
                            {{"answers." + q.id, "required", "Choose an answer."}});
    auto c = std::find_if(q.choices.begin(), q.choices.end(), [&](const Choice& c) { return c.id == it->second; });
    if (c == q.choices.end())
      return Error::Invalid("Choose from the listed answers.", {{"answers." + q.id, "unknown", "Choose from the listed answers."}});
    concern = concern || c->concern;
  }
  for (const auto& [id, _] : answers) {
    if (std::none_of(screen.questions.begin(), screen.questions.end(), [&](const Question& q) { return q.id == id; }))
      return Error::Invalid("Answer only the listed questions.", {{"answers", "unknown", "Answer only the listed questions."}});
  }
  return concern ? Outcome::kConcerning : Outcome::kClear;
}

const CountryResources& Resources::For(std::string_view country) const {
  const CountryResources* fallback = nullptr;
  for (const CountryResources& c : countries) {
    if (c.country == country) return c;
    if (c.country == "default") fallback = &c;
  }
  return *fallback;  // ParseResources makes sure there is one
}

Status ParseResources(std::string_view text, std::string_view name, Resources& out) {
  std::string error;
  auto o = content::ParseObjectFile(text, name, error);
  if (!o) return Error::Invalid(error);
  Reader r(name);
  r.Unknown(*o, "", {"version", "languages", "checked", "note", "countries"});
  out.version = r.String(*o, "version", "", true).value_or("");
  out.languages = content::Languages(r, *o);
  out.checked = r.String(*o, "checked", "", true).value_or("");
  if (!r.failed() && !IsDate(out.checked)) r.Fail("checked", "must be a date, YYYY-MM-DD");
  out.note = r.Text(*o, "note", "", true, out.languages);
  std::set<std::string> seen;
  content::ForEach(r, *o, "countries", [&](const json::object& c, const std::string& path) {
    r.Unknown(c, path, {"country", "checked", "resources"});
    CountryResources country;
    country.country = r.String(c, "country", path, true).value_or("");
    const bool code = country.country.size() == 2 && std::all_of(country.country.begin(), country.country.end(),
                                                                  [](char ch) { return ch >= 'A' && ch <= 'Z'; });
    if (!r.failed() && !code && country.country != "default")
      r.Fail(path + ".country", "must be an ISO 3166-1 alpha-2 code or \"default\"");
    if (!r.failed() && !seen.insert(country.country).second) r.Fail(path + ".country", "is listed twice");
    country.checked = r.String(c, "checked", path, true).value_or("");
    if (!r.failed() && !IsDate(country.checked)) r.Fail(path + ".checked", "must be a date, YYYY-MM-DD");
    content::ForEach(r, c, "resources", [&](const json::object& x, const std::string& rpath_in) {
      const std::string rpath = path + "." + rpath_in;
      r.Unknown(x, rpath, {"name", "kind", "phone", "text", "url", "hours", "about"});
      Resource res;
      res.name = r.String(x, "name", rpath, true).value_or("");
      res.kind = r.String(x, "kind", rpath, true).value_or("");
      if (!r.failed() && res.kind != "emergency" && res.kind != "abuse" && res.kind != "crisis")
        r.Fail(rpath + ".kind", "must be emergency, abuse or crisis");
      res.phone = r.String(x, "phone", rpath, true).value_or("");
      res.text = r.String(x, "text", rpath, false).value_or("");
      res.url = r.String(x, "url", rpath, false).value_or("");
      if (!r.failed() && !res.url.empty() && !res.url.starts_with("https://"))
        r.Fail(rpath + ".url", "must start with https://");
      res.hours = r.Text(x, "hours", rpath, true, out.languages);
      res.about = r.Text(x, "about", rpath, true, out.languages);
      country.resources.push_back(std::move(res));
    });
    out.countries.push_back(std::move(country));
  });
  if (!r.failed() && !seen.contains("default")) r.Fail("countries", "needs a \"default\" entry");
  if (r.failed()) return Error::Invalid(r.error());
  return {};
}

Result<Content> LoadContent(const std::string& dir) {
  Content content;
  for (auto [file, parse] : {std::pair{"screen.json", 0}, std::pair{"resources.json", 1}}) {
    const std::string path = dir + "/" + file;
    auto text = ReadFile(path);
    if (!text) return Error::Invalid(path + ": cannot be read");
    RK_TRY(parse == 0 ? ParseScreen(*text, path, content.screen) : ParseResources(*text, path, content.resources));
  }
  return content;
}

std::optional<DayPart> FindDayPart(std::string_view id) {
  const bool weekend = id.starts_with("weekend_");
  if (!weekend && !id.starts_with("weekday_")) return std::nullopt;
  const std::string_view part = id.substr(8);
  DayPart d{weekend ? 6 : 1, weekend ? 7 : 5, 0, 0};
  if (part == "morning") d.start_minute = 8 * 60, d.end_minute = 12 * 60;
  else if (part == "afternoon") d.start_minute = 12 * 60, d.end_minute = 17 * 60;
  else if (part == "evening") d.start_minute = 17 * 60, d.end_minute = 21 * 60;
  else return std::nullopt;
  return d;
}

matching::Answers ToAnswers(const Questionnaire& q, int utc_offset_minutes) {
  matching::Answers a;
  const auto dash = q.where.find('-');
  a.where = {q.where.substr(0, dash), dash == std::string::npos ? std::string() : q.where};
  a.languages = q.languages;
  a.modalities = q.modalities;
  a.specialties = q.specialties;
  a.approaches = q.approaches;
  a.gender = q.gender;
  if (q.max_fee) a.max_fee = static_cast<int>(*q.max_fee);
  for (const std::string& id : q.times) {
    auto part = FindDayPart(id);
    if (!part) continue;
    for (int day = part->first_weekday; day <= part->last_weekday; ++day)
      for (const matching::Window& w : matching::ToUtcWindows(day, part->start_minute, part->end_minute, utc_offset_minutes))
        a.times.push_back(w);
  }
  a.times = matching::Normalize(std::move(a.times));
  return a;
}

namespace {
json::array Array(const std::vector<std::string>& v) {
  json::array out;
  for (const std::string& s : v) out.push_back(json::string(s));
  return out;
}
std::optional<std::vector<std::string>> Strings(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (!v || !v->is_array()) return std::nullopt;
  std::vector<std::string> out;
  for (const json::value& x : v->as_array()) {
    if (!x.is_string()) return std::nullopt;
    out.emplace_back(x.as_string());
  }
  return out;
}
}  // namespace

std::string Serialize(const Questionnaire& q) {
  json::object o{{"where", q.where},
                 {"languages", Array(q.languages)},
                 {"modalities", Array(q.modalities)},
                 {"specialties", Array(q.specialties)},
                 {"approaches", Array(q.approaches)},
                 {"gender", q.gender},
                 {"max_fee", q.max_fee ? json::value(*q.max_fee) : json::value(nullptr)},
                 {"times", Array(q.times)},
                 {"time_zone", q.time_zone}};
  return json::serialize(o);
}

std::optional<Questionnaire> Deserialize(std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return std::nullopt;
  const json::object& o = v.as_object();
  Questionnaire q;
  auto str = [&](std::string_view key, std::string& out) {
    const json::value* x = o.if_contains(key);
    if (!x || !x->is_string()) return false;
    out = std::string(x->as_string());
    return true;
  };
  if (!str("where", q.where) || !str("gender", q.gender) || !str("time_zone", q.time_zone)) return std::nullopt;
  std::vector<std::string>* lists[] = {&q.languages, &q.modalities, &q.specialties, &q.approaches, &q.times};
  const char* keys[] = {"languages", "modalities", "specialties", "approaches", "times"};
  for (int i = 0; i < 5; ++i) {
    auto list = Strings(o, keys[i]);
    if (!list) return std::nullopt;
    *lists[i] = std::move(*list);
  }
  const json::value* fee = o.if_contains("max_fee");
  if (fee && fee->is_int64()) q.max_fee = fee->as_int64();
  return q;
}

Status CanOpenJoint(ScreenState a, ScreenState b, bool spoke_alone) {
  if (a == ScreenState::kNotTaken || b == ScreenState::kNotTaken)
    return Error::Conflict("Both partners take the private check before sessions together can open.");
  if ((a == ScreenState::kConcerning || b == ScreenState::kConcerning) && !spoke_alone)
    return Error{ErrorCode::kConflict, "A partner's check asks for a conversation alone first; confirm you have had it.",
                 {{"spoke_alone", "required", "Confirm you have spoken with each partner alone."}}, 0};
  return {};
}

}  // namespace rk::care
