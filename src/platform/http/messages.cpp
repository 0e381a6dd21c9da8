#include "platform/http/messages.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <boost/json.hpp>

namespace rk::http {
namespace {

// Splits "at most {max} characters" into literals {"at most ", " characters"} and names {"max"}.
bool Split(std::string_view text, std::vector<std::string>& literals, std::vector<std::string>& names) {
  std::string current;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '{') {
      const std::size_t close = text.find('}', i);
      if (close == std::string_view::npos) return false;
      literals.push_back(std::move(current));
      current.clear();
      names.emplace_back(text.substr(i + 1, close - i - 1));
      i = close;
    } else {
      current += text[i];
    }
  }
  literals.push_back(std::move(current));
  return true;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  return out;
}

}  // namespace

Result<Messages> Messages::FromCatalogues(const std::map<std::string, std::map<std::string, std::string>>& catalogues) {
  Messages m;
  for (const auto& [language, entries] : catalogues) {
    Catalogue& c = m.catalogues_[language];
    for (const auto& [english, translation] : entries) {
      if (english.find('{') == std::string::npos) {
        c.exact.emplace(english, translation);
        continue;
      }
      Template t;
      std::vector<std::string> translated_literals, translated_names;
      if (!Split(english, t.literals, t.names) || !Split(translation, translated_literals, translated_names))
        return Error::Invalid("messages/" + language + ": an unclosed { in \"" + english + "\"");
      auto a = t.names, b = translated_names;
      std::sort(a.begin(), a.end());
      std::sort(b.begin(), b.end());
      if (a != b) return Error::Invalid("messages/" + language + ": the translation of \"" + english + "\" has other values");
      t.translation = translation;
      c.templates.push_back(std::move(t));
    }
    // Longer templates first: the most specific wins.
    std::sort(c.templates.begin(), c.templates.end(), [](const Template& x, const Template& y) {
      std::size_t lx = 0, ly = 0;
      for (const auto& l : x.literals) lx += l.size();
      for (const auto& l : y.literals) ly += l.size();
      return lx > ly;
    });
  }
  return m;
}

Result<Messages> Messages::LoadDirectory(const std::string& dir) {
  std::map<std::string, std::map<std::string, std::string>> catalogues;
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return Messages();
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.path().extension() != ".json") continue;
    const std::string language = entry.path().stem().string();
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    boost::system::error_code jec;
    const boost::json::value v = boost::json::parse(text.str(), jec);
    if (jec || !v.is_object()) return Error::Invalid("messages/" + language + ".json is not a JSON object");
    auto& entries = catalogues[language];
    for (const auto& [key, value] : v.as_object()) {
      if (key.starts_with("//")) continue;  // comments
      if (!value.is_string()) return Error::Invalid("messages/" + language + ".json: \"" + std::string(key) + "\" is not text");
      entries.emplace(std::string(key), std::string(value.as_string()));
    }
  }
  return FromCatalogues(catalogues);
}

std::vector<std::string> AcceptedLanguages(std::string_view header) {
  struct Choice {
    std::string tag;
    double q;
    std::size_t order;
  };
  std::vector<Choice> choices;
  std::size_t order = 0;
  while (!header.empty() && order < 32) {
    const std::size_t comma = header.find(',');
    std::string_view item = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
    double q = 1.0;
    if (const std::size_t semi = item.find(';'); semi != std::string_view::npos) {
      std::string_view params = item.substr(semi + 1);
      item = item.substr(0, semi);
      if (const std::size_t qp = params.find("q="); qp != std::string_view::npos) {
        try {
          q = std::stod(std::string(params.substr(qp + 2, 5)));
        } catch (...) {
          q = 0;
        }
      }
    }
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    std::string base = Lower(item.substr(0, item.find('-')));
    if (!base.empty() && q > 0) choices.push_back({std::move(base), q, order++});
  }
  std::stable_sort(choices.begin(), choices.end(), [](const Choice& a, const Choice& b) { return a.q > b.q; });
  std::vector<std::string> out;
  out.reserve(choices.size());
  for (Choice& c : choices) out.push_back(std::move(c.tag));
  return out;
}

std::string LanguageOf(const Request& req) {
  for (const std::string& tag : AcceptedLanguages(req.Header("accept-language")))
    if (tag == "en" || tag == "es") return tag;
  return "en";
}

std::string Messages::Pick(std::string_view header) const {
  for (const std::string& tag : AcceptedLanguages(header)) {
    if (tag == "en") return "en";
    if (catalogues_.contains(tag)) return tag;
  }
  return "en";
}

const std::string* Messages::Find(const Catalogue& c, std::string_view english, std::string& out) const {
  if (auto it = c.exact.find(std::string(english)); it != c.exact.end()) return &it->second;
  for (const Template& t : c.templates) {
    std::string_view rest = english;
    if (!rest.starts_with(t.literals.front())) continue;
    rest.remove_prefix(t.literals.front().size());
    std::map<std::string, std::string> values;
    bool ok = true;
    for (std::size_t i = 0; i < t.names.size() && ok; ++i) {
      const std::string& next = t.literals[i + 1];
      // The last literal anchors at the end; others at their first occurrence.
      const std::size_t at = i + 2 == t.literals.size() ? (rest.ends_with(next) ? rest.size() - next.size() : std::string_view::npos)
                                                       : (next.empty() ? std::string_view::npos : rest.find(next));
      if (at == std::string_view::npos || at == 0) {
        ok = false;
        break;
      }
      values[t.names[i]] = std::string(rest.substr(0, at));
      rest.remove_prefix(at + next.size());
    }
    if (!ok || !rest.empty()) continue;
    out.clear();
    std::vector<std::string> literals, names;
    Split(t.translation, literals, names);
    for (std::size_t i = 0; i < literals.size(); ++i) {
      out += literals[i];
      if (i < names.size()) out += values[names[i]];
    }
    return &out;
  }
  return nullptr;
}

bool Messages::Has(std::string_view language, std::string_view english) const {
  auto it = catalogues_.find(language);
  if (it == catalogues_.end()) return false;
  std::string scratch;
  return Find(it->second, english, scratch) != nullptr;
}

std::string Messages::Say(std::string_view language, std::string_view english) const {
  auto it = catalogues_.find(language);
  if (it == catalogues_.end()) return std::string(english);
  std::string scratch;
  const std::string* found = Find(it->second, english, scratch);
  return found ? *found : std::string(english);
}

void Messages::Localize(Response& problem, std::string_view language) const {
  if (language == "en" || !catalogues_.contains(language)) return;
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(problem.body, ec);
  if (ec || !v.is_object()) return;
  auto& o = v.as_object();
  auto say = [&](boost::json::value* field) {
    if (field && field->is_string()) *field = Say(language, std::string_view(field->as_string()));
  };
  say(o.if_contains("title"));
  say(o.if_contains("detail"));
  if (auto* errors = o.if_contains("errors"); errors && errors->is_array())
    for (auto& e : errors->as_array())
      if (e.is_object()) say(e.as_object().if_contains("message"));
  problem.body = boost::json::serialize(v);
  problem.With("Content-Language", std::string(language));
}

}  // namespace rk::http
