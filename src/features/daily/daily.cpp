#include "features/daily/daily.hpp"

#include <algorithm>

#include "platform/base/files.hpp"

namespace rk::daily {
namespace json = boost::json;
using content::Reader;

const Question* Content::FindQuestion(std::string_view id) const {
  auto it = std::lower_bound(questions.begin(), questions.end(), id,
                             [](const Question& q, std::string_view key) { return q.id < key; });
  return it != questions.end() && it->id == id ? &*it : nullptr;
}

Status ParseQuestions(std::string_view text, std::string_view name, Content& out) {
  std::string error;
  auto o = content::ParseObjectFile(text, name, error);
  if (!o) return Error::Invalid(error);
  Reader r(name);
  r.Unknown(*o, "", {"version", "languages", "themes", "questions"});
  const auto langs = content::Languages(r, *o);
  if (const json::object* themes = r.Object(*o, "themes", "", true)) {
    for (const auto& kv : *themes) {
      json::object holder{{"t", kv.value()}};
      out.themes[std::string(kv.key())] = r.Text(holder, "t", "themes." + std::string(kv.key()), true, langs);
    }
  }
  std::set<std::string> seen;
  content::ForEach(r, *o, "questions", [&](const json::object& q, const std::string& path) {
    r.Unknown(q, path, {"id", "theme", "depth", "sexual", "text"});
    Question question;
    question.id = content::UniqueId(r, q, path, seen);
    question.theme = r.String(q, "theme", path, true).value_or("");
    if (!r.failed() && !out.themes.contains(question.theme)) r.Fail(path + ".theme", "names no theme in \"themes\"");
    question.depth = static_cast<int>(r.Integer(q, "depth", path, true).value_or(1));
    if (!r.failed() && (question.depth < 1 || question.depth > 3)) r.Fail(path + ".depth", "must be 1, 2 or 3");
    question.sexual = content::Flag(r, q, "sexual", path);
    question.text = r.Text(q, "text", path, true, langs);
    out.questions.push_back(std::move(question));
  });
  std::sort(out.questions.begin(), out.questions.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  if (r.failed()) return Error::Invalid(r.error());
  return {};
}

Result<Content> LoadContent(const std::string& dir) {
  const std::string path = dir + "/questions.json";
  auto text = ReadFile(path);
  if (!text) return Error::Invalid(path + ": cannot be read");
  Content content;
  RK_TRY(ParseQuestions(*text, path, content));
  return content;
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

Status CheckAnswerWindow(std::int64_t day, std::int64_t today) {
  if (day > today) return Error::Invalid("That day has not begun yet.", {{"date", "future", "You can answer today's question."}});
  if (day < today - 1)
    return Error::Invalid("That question has closed.", {{"date", "closed", "You can answer today's question, or yesterday's."}});
  return {};
}

View ViewDaily(const Answers& a) {
  View v;
  v.mine = a.mine;
  v.partner_answered = a.partner.has_value();
  v.revealed = a.mine.has_value() && a.partner.has_value();
  if (v.revealed) v.partner = a.partner;
  return v;
}

Status CheckNotLocked(std::size_t answered) {
  if (answered >= 2) return Error::Conflict("You have both answered, so the answers are revealed and locked.");
  return {};
}

}  // namespace rk::daily
