// What the server says to a person, in their language. English is written in the code;
// content/messages/<lang>.json maps each English message to its translation. A message
// with a value in it is a template on both sides: "This must be at most {max}
// characters." matches any number there and carries it into the translation.
//
// The language is the first one in the request's Accept-Language that has a catalogue
// (the web client sends the person's chosen language); English otherwise.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "platform/base/result.hpp"
#include "platform/http/http.hpp"

namespace rk::http {

// The base tags of an Accept-Language header ("es-MX;q=0.8" -> "es"), lower case, most
// preferred first (q-values respected, ties keep their order; q=0 dropped).
std::vector<std::string> AcceptedLanguages(std::string_view accept_language);
// The language of the words a feature writes itself ("en" or "es"): the first of those
// in the request's Accept-Language, English otherwise. The same rule as Messages::Pick.
std::string LanguageOf(const Request& req);

class Messages {
 public:
  // English only.
  Messages() = default;
  // Reads every <lang>.json in `dir` (a missing directory means English only).
  static Result<Messages> LoadDirectory(const std::string& dir);
  // From catalogues given directly: language → (English → translation).
  static Result<Messages> FromCatalogues(const std::map<std::string, std::map<std::string, std::string>>& catalogues);

  // The language to answer in, for an Accept-Language header.
  std::string Pick(std::string_view accept_language) const;
  // `english` in `language` (itself when there is no translation).
  std::string Say(std::string_view language, std::string_view english) const;
  // Translates a problem+json body (title, detail, each field's message) in place.
  void Localize(Response& problem, std::string_view language) const;
  // Whether `english` has a translation in `language` (exact or by template).
  bool Has(std::string_view language, std::string_view english) const;

 private:
  struct Template {
    std::vector<std::string> literals;  // the text around the values: values.size() + 1 parts
    std::vector<std::string> names;     // the values' names, in order
    std::string translation;
  };
  struct Catalogue {
    std::unordered_map<std::string, std::string> exact;
    std::vector<Template> templates;
  };
  const std::string* Find(const Catalogue& c, std::string_view english, std::string& out) const;
  std::map<std::string, Catalogue, std::less<>> catalogues_;
};

}  // namespace rk::http
