#pragma once
// E-mail templates: our own words, one file per template, language and part, built into
// the binary (content/mail/, embedded by cmake/embed.cmake).
//
//   NAME.LANG.txt   "Subject: <one line>", an empty line, then the plain-text body
//   NAME.LANG.html  the HTML body: what goes inside <body> of layout.html
//   layout.html     the HTML document around every body ({{lang}}, {{subject}}, {{body}})
//
// Bodies name values as {{name}} (lowercase letters, digits and '_'). In the HTML body
// every value is escaped; subjects take no values at all, so they stay neutral and
// fixed. A template is chosen by the person's language ("es-MX" uses "es"), falling back
// to English, which every template must have. Thread-safe after Load.

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "platform/base/result.hpp"

namespace rk::mail {

using Vars = std::map<std::string, std::string>;

struct Rendered {
  std::string language;  // the language used
  std::string subject;
  std::string text;
  std::string html;  // a whole document
};

class Templates {
 public:
  // Loads templates from files (file name -> contents). kInvalidArgument naming the file
  // when one is malformed: a name not NAME.LANG.txt or .html, a text file without its
  // subject line, a part without its twin, a template without English, a placeholder
  // that is not {{name}}, a subject with a placeholder, no layout.html.
  static Result<Templates> Load(const std::map<std::string, std::string>& files);

  // Renders template `name` in `language` (or English), filling in `vars`. kInternal
  // when the template does not exist or uses a value `vars` lacks.
  Result<Rendered> Render(std::string_view name, std::string_view language, const Vars& vars) const;

  // Every template's name, and the languages each comes in.
  std::map<std::string, std::set<std::string>> Catalogue() const;
  // The values template `name` uses, in every language.
  std::set<std::string> Placeholders(std::string_view name) const;

 private:
  struct Part {
    std::string subject;
    std::string text;
    std::string html;
  };
  std::map<std::string, std::map<std::string, Part>> templates_;  // name -> language -> part
  std::string layout_;
};

// The primary language subtag of a tag, lowercased: "es" for "es-MX", "pt" for "pt-BR".
std::string PrimaryLanguage(std::string_view tag);

// Replaces every {{name}} in `text` with vars[name], passed through `escape` when it is
// not null. kInternal naming the first placeholder `vars` lacks.
Result<std::string> Fill(std::string_view text, const Vars& vars, std::string (*escape)(std::string_view));

}  // namespace rk::mail
