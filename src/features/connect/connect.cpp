#include "features/connect/connect.hpp"

#include <algorithm>

namespace rk::connect {
namespace json = boost::json;
using content::Reader;

const Question* Content::FindQuestion(std::string_view id) const {
  for (const Question& q : questions)
    if (q.id == id) return &q;
  return nullptr;
}

const DesireItem* Content::FindItem(std::string_view id) const {
  for (const DesireItem& i : items)
    if (i.id == id) return &i;
  return nullptr;
}

const Guide* Content::FindGuide(std::string_view id) const {
  for (const Guide& g : guides)
    if (g.id == id) return &g;
  return nullptr;
}

namespace {

std::vector<std::string> Languages(Reader& r, const json::object& o) {
  std::vector<std::string> out;
  if (const json::array* langs = r.Array(o, "languages", "", true)) {
    for (std::size_t i = 0; i < langs->size(); ++i) {
      if (!(*langs)[i].is_string()) r.Fail(Reader::Index("languages", i), "must be a language tag");
      else out.emplace_back((*langs)[i].as_string());
    }
    if (out.empty()) r.Fail("languages", "must name at least one language");
  }
  return out;
}

// Calls `each(object, path)` for every element of array `key`, which must be objects.
template <class F>
void ForEach(Reader& r, const json::object& o, const std::string& key, F each) {
  const json::array* arr = r.Array(o, key, "", true);
  if (!arr) return;
  if (arr->empty()) r.Fail(key, "must not be empty");
  for (std::size_t i = 0; i < arr->size() && !r.failed(); ++i) {
    const std::string path = Reader::Index(key, i);
    if (!(*arr)[i].is_object()) {
      r.Fail(path, "must be an object");
      return;
    }
    each((*arr)[i].as_object(), path);
  }
}

bool Flag(Reader& r, const json::object& o, const char* key, const std::string& path) {
  const json::value* v = o.if_contains(key);
  if (!v) return false;
  if (!v->is_bool()) {
    r.Fail(path + "." + key, "must be true or false");
    return false;
  }
  return v->as_bool();
}

std::string Id(Reader& r, const json::object& o, const std::string& path, std::set<std::string>& seen) {
  std::string id = r.String(o, "id", path, true).value_or("");
  if (!id.empty() && !content::ValidId(id)) r.Fail(path + ".id", "must be lowercase letters, digits, - or _");
  if (!id.empty() && !seen.insert(id).second) r.Fail(path + ".id", "repeats \"" + id + "\"");
  return id;
}

Status Done(const Reader& r) {
  if (r.failed()) return Error::Invalid(r.error());
  return {};
}

}  // namespace

Status ParseQuestions(std::string_view text, std::string_view name, Content& out) {
  std::string error;
  auto o = content::ParseObjectFile(text, name, error);
  if (!o) return Error::Invalid(error);
  Reader r(name);
  r.Unknown(*o, "", {"version", "languages", "themes", "questions"});
  const auto langs = Languages(r, *o);
  if (const json::object* themes = r.Object(*o, "themes", "", true)) {
    for (const auto& kv : *themes) {
      json::object holder{{"t", kv.value()}};
      out.themes[std::string(kv.key())] = r.Text(holder, "t", "themes." + std::string(kv.key()), true, langs);
    }
  }
  std::set<std::string> seen;
  ForEach(r, *o, "questions", [&](const json::object& q, const std::string& path) {
    r.Unknown(q, path, {"id", "theme", "depth", "sexual", "text"});
    Question question;
    question.id = Id(r, q, path, seen);
    question.theme = r.String(q, "theme", path, true).value_or("");
    if (!r.failed() && !out.themes.contains(question.theme)) r.Fail(path + ".theme", "names no theme in \"themes\"");
    question.depth = static_cast<int>(r.Integer(q, "depth", path, true).value_or(1));
    if (!r.failed() && (question.depth < 1 || question.depth > 3)) r.Fail(path + ".depth", "must be 1, 2 or 3");
    question.sexual = Flag(r, q, "sexual", path);
    question.text = r.Text(q, "text", path, true, langs);
    out.questions.push_back(std::move(question));
  });
  std::sort(out.questions.begin(), out.questions.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  return Done(r);
}

Status ParseDesires(std::string_view text, std::string_view name, Content& out) {
  std::string error;
  auto o = content::ParseObjectFile(text, name, error);
  if (!o) return Error::Invalid(error);
  Reader r(name);
  r.Unknown(*o, "", {"version", "languages", "categories", "items"});
  const auto langs = Languages(r, *o);
  std::set<std::string> seen_categories, seen_items;
  ForEach(r, *o, "categories", [&](const json::object& c, const std::string& path) {
    r.Unknown(c, path, {"id", "title", "sexual"});
    DesireCategory cat;
    cat.id = Id(r, c, path, seen_categories);
    cat.title = r.Text(c, "title", path, true, langs);
    cat.sexual = Flag(r, c, "sexual", path);
    out.categories.push_back(std::move(cat));
  });
  ForEach(r, *o, "items", [&](const json::object& i, const std::string& path) {
    r.Unknown(i, path, {"id", "category", "sexual", "text"});
    DesireItem item;
    item.id = Id(r, i, path, seen_items);
    item.category = r.String(i, "category", path, true).value_or("");
    const auto cat = std::find_if(out.categories.begin(), out.categories.end(),
                                  [&](const DesireCategory& c) { return c.id == item.category; });
    if (!r.failed() && cat == out.categories.end()) r.Fail(path + ".category", "names no category");
    item.sexual = Flag(r, i, "sexual", path);
    if (!r.failed() && cat->sexual && !item.sexual)
      r.Fail(path + ".sexual", "must be true in a sexual category");
    item.text = r.Text(i, "text", path, true, langs);
    out.items.push_back(std::move(item));
  });
  return Done(r);
}

Status ParseGuides(std::string_view text, std::string_view name, Content& out) {
  std::string error;
  auto o = content::ParseObjectFile(text, name, error);
  if (!o) return Error::Invalid(error);
  Reader r(name);
  r.Unknown(*o, "", {"version", "languages", "guides"});
  const auto langs = Languages(r, *o);
  std::set<std::string> seen;
  ForEach(r, *o, "guides", [&](const json::object& g, const std::string& path) {
    r.Unknown(g, path, {"id", "title", "description", "steps"});
    Guide guide;
    guide.id = Id(r, g, path, seen);
    guide.title = r.Text(g, "title", path, true, langs);
    guide.description = r.Text(g, "description", path, true, langs);
    const json::array* steps = r.Array(g, "steps", path, true);
    if (steps && steps->empty()) r.Fail(path + ".steps", "must not be empty");
    for (std::size_t i = 0; steps && i < steps->size() && !r.failed(); ++i) {
      const std::string spath = Reader::Index(path + ".steps", i);
      if (!(*steps)[i].is_object()) {
        r.Fail(spath, "must be an object");
        break;
      }
      const json::object& so = (*steps)[i].as_object();
      r.Unknown(so, spath, {"speaker", "minutes", "prompt", "listener"});
      GuideStep step;
      step.speaker = r.String(so, "speaker", spath, true).value_or("");
      if (!r.failed() && step.speaker != "starter" && step.speaker != "partner" && step.speaker != "both")
        r.Fail(spath + ".speaker", "must be starter, partner or both");
      step.minutes = static_cast<int>(r.Integer(so, "minutes", spath, true).value_or(1));
      if (!r.failed() && (step.minutes < 1 || step.minutes > 120)) r.Fail(spath + ".minutes", "must be 1 to 120");
      step.prompt = r.Text(so, "prompt", spath, true, langs);
      step.listener = r.Text(so, "listener", spath, true, langs);
      guide.steps.push_back(std::move(step));
    }
    out.guides.push_back(std::move(guide));
  });
  return Done(r);
}

std::vector<std::string> EligibleQuestions(const Content& content, bool both_opted_in) {
  std::vector<std::string> out;
  for (const Question& q : content.questions)
    if (!q.sexual || both_opted_in) out.push_back(q.id);
  return out;
}

namespace {
// FNV-1a then splitmix64: a stable generator that does not depend on the library.
std::uint64_t Seed(std::string_view s) {
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
  return h;
}
std::uint64_t Next(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}
}  // namespace

std::string PickQuestion(std::string_view couple_id, std::int64_t day, const std::vector<std::string>& eligible,
                         const std::set<std::string>& recent) {
  std::vector<std::string> order = eligible;
  std::sort(order.begin(), order.end());
  std::uint64_t state = Seed(couple_id);
  for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[Next(state) % i]);
  const std::size_t n = order.size();
  const std::size_t start = static_cast<std::size_t>(((day % static_cast<std::int64_t>(n)) + static_cast<std::int64_t>(n)) %
                                                     static_cast<std::int64_t>(n));
  for (std::size_t k = 0; k < n; ++k) {
    const std::string& id = order[(start + k) % n];
    if (!recent.contains(id)) return id;
  }
  return order[start];
}

DailyView ViewDaily(const DailyAnswers& a) {
  DailyView v;
  v.mine = a.mine;
  v.partner_answered = a.partner.has_value();
  v.revealed = a.mine.has_value() && a.partner.has_value();
  if (v.revealed) v.partner = a.partner;
  return v;
}

std::optional<Desire> ParseDesire(std::string_view s) {
  if (s == "yes") return Desire::kYes;
  if (s == "maybe") return Desire::kMaybe;
  if (s == "no") return Desire::kNo;
  return std::nullopt;
}

std::string_view DesireName(Desire d) {
  switch (d) {
    case Desire::kYes: return "yes";
    case Desire::kMaybe: return "maybe";
    case Desire::kNo: return "no";
  }
  return "no";
}

bool Visible(const DesireItem& item, bool opted_in) { return !item.sexual || opted_in; }

std::vector<std::string> Matches(const Content& content, const std::map<std::string, Desire>& mine,
                                 const std::map<std::string, Desire>& theirs, bool i_opted_in, bool they_opted_in) {
  std::vector<std::string> out;
  auto wants = [](const std::map<std::string, Desire>& m, const std::string& id) {
    auto it = m.find(id);
    return it != m.end() && it->second != Desire::kNo;
  };
  for (const DesireItem& item : content.items) {
    if (item.sexual && !(i_opted_in && they_opted_in)) continue;
    if (wants(mine, item.id) && wants(theirs, item.id)) out.push_back(item.id);
  }
  return out;
}

std::string SpeakerAt(const Guide& guide, int step) {
  if (step < 0 || step >= static_cast<int>(guide.steps.size())) return "";
  return guide.steps[static_cast<std::size_t>(step)].speaker;
}

}  // namespace rk::connect
