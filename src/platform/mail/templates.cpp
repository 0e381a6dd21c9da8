#include "platform/mail/templates.hpp"

#include "platform/base/text.hpp"
#include "platform/mail/message.hpp"

namespace rk::mail {
namespace {

constexpr std::string_view kSubject = "Subject: ";

bool IsNameChar(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; }

// Calls `on_name` for each {{name}} in `text`; false when a "{{" does not start one.
template <class F>
bool ForEachPlaceholder(std::string_view text, F on_name) {
  for (std::size_t at = text.find("{{"); at != std::string_view::npos; at = text.find("{{", at + 2)) {
    const auto end = text.find("}}", at + 2);
    if (end == std::string_view::npos || end == at + 2) return false;
    const std::string_view name = text.substr(at + 2, end - at - 2);
    for (char c : name)
      if (!IsNameChar(c)) return false;
    on_name(name);
  }
  return true;
}

bool WellFormed(std::string_view text) {
  return ForEachPlaceholder(text, [](std::string_view) {});
}

}  // namespace

std::string PrimaryLanguage(std::string_view tag) {
  const auto dash = tag.find_first_of("-_");
  return AsciiLower(tag.substr(0, dash));
}

Result<std::string> Fill(std::string_view text, const Vars& vars, std::string (*escape)(std::string_view)) {
  std::string out;
  std::size_t from = 0;
  for (std::size_t at = text.find("{{"); at != std::string_view::npos; at = text.find("{{", from)) {
    const auto end = text.find("}}", at + 2);
    if (end == std::string_view::npos) break;
    const std::string name(text.substr(at + 2, end - at - 2));
    const auto it = vars.find(name);
    if (it == vars.end()) return Error::Internal("An e-mail template needs the value " + name + ".");
    out += text.substr(from, at - from);
    out += escape ? escape(it->second) : it->second;
    from = end + 2;
  }
  out += text.substr(from);
  return out;
}

Result<Templates> Templates::Load(const std::map<std::string, std::string>& files) {
  Templates t;
  auto bad = [](const std::string& file, const std::string& why) { return Error::Invalid("mail/" + file + ": " + why); };
  for (const auto& [file, data] : files) {
    if (!CodePoints(data)) return bad(file, "not UTF-8 text");
    if (file == "layout.html") {
      t.layout_ = data;
      continue;
    }
    const auto dot1 = file.find('.');
    const auto dot2 = file.rfind('.');
    if (dot1 == std::string::npos || dot1 == dot2) return bad(file, "name it NAME.LANG.txt or NAME.LANG.html");
    const std::string name = file.substr(0, dot1);
    const std::string lang = file.substr(dot1 + 1, dot2 - dot1 - 1);
    const std::string ext = file.substr(dot2 + 1);
    if (name.empty() || lang.empty() || lang != PrimaryLanguage(lang)) return bad(file, "name it NAME.LANG.txt or NAME.LANG.html");
    for (char c : name)
      if (!IsNameChar(c)) return bad(file, "template names are lowercase letters, digits and _");
    if (!WellFormed(data)) return bad(file, "a {{ that does not start a {{name}}");
    Part& part = t.templates_[name][lang];
    if (ext == "txt") {
      const auto eol = data.find('\n');
      if (!data.starts_with(kSubject) || eol == std::string::npos || data.compare(eol + 1, 1, "\n") != 0)
        return bad(file, "start with \"Subject: ...\" and an empty line");
      part.subject = data.substr(kSubject.size(), eol - kSubject.size());
      while (!part.subject.empty() && (part.subject.back() == ' ' || part.subject.back() == '\r')) part.subject.pop_back();
      if (part.subject.empty()) return bad(file, "the subject is empty");
      if (part.subject.find("{{") != std::string::npos) return bad(file, "subjects take no values");
      part.text = data.substr(eol + 2);
    } else if (ext == "html") {
      part.html = data;
    } else {
      return bad(file, "name it NAME.LANG.txt or NAME.LANG.html");
    }
  }
  if (t.layout_.empty()) return Error::Invalid("mail/layout.html is missing");
  for (const auto& [name, langs] : t.templates_) {
    if (!langs.contains("en")) return bad(name + ".en.txt", "every template needs English");
    for (const auto& [lang, part] : langs) {
      if (part.subject.empty()) return bad(name + "." + lang + ".txt", "missing");
      if (part.html.empty()) return bad(name + "." + lang + ".html", "missing");
    }
  }
  return t;
}

Result<Rendered> Templates::Render(std::string_view name, std::string_view language, const Vars& vars) const {
  const auto it = templates_.find(std::string(name));
  if (it == templates_.end()) return Error::Internal("There is no e-mail template " + std::string(name) + ".");
  std::string lang = PrimaryLanguage(language);
  auto part = it->second.find(lang);
  if (part == it->second.end()) {
    lang = "en";
    part = it->second.find(lang);
  }
  Rendered r;
  r.language = lang;
  r.subject = part->second.subject;
  RK_ASSIGN_OR_RETURN(r.text, Fill(part->second.text, vars, nullptr));
  RK_ASSIGN_OR_RETURN(std::string body, Fill(part->second.html, vars, &EscapeHtml));
  // The layout's own values: the body is HTML already; the subject is text.
  RK_ASSIGN_OR_RETURN(r.html, Fill(layout_, {{"lang", lang}, {"subject", EscapeHtml(r.subject)}, {"body", body}}, nullptr));
  return r;
}

std::map<std::string, std::set<std::string>> Templates::Catalogue() const {
  std::map<std::string, std::set<std::string>> out;
  for (const auto& [name, langs] : templates_)
    for (const auto& [lang, part] : langs) out[name].insert(lang);
  return out;
}

std::set<std::string> Templates::Placeholders(std::string_view name) const {
  std::set<std::string> out;
  const auto it = templates_.find(std::string(name));
  if (it == templates_.end()) return out;
  for (const auto& [lang, part] : it->second) {
    for (const std::string* text : {&part.text, &part.html})
      ForEachPlaceholder(*text, [&](std::string_view n) { out.insert(std::string(n)); });
  }
  return out;
}

}  // namespace rk::mail
