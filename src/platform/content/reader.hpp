#pragma once
// Reading content files (instruments, questions, desire items, guides) with errors
// that name the file and the field: "questions.json: questions[12].theme: is required".
// The reader records the first problem and ignores later ones.

#include <boost/json.hpp>

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>
#include <map>
#include <set>

namespace rk::content {

namespace json = boost::json;
using Texts = std::map<std::string, std::string>;

// True for ids of lowercase letters, digits, '-' and '_' (1 to 64 characters).
bool ValidId(std::string_view id);

// Walks a JSON document, recording the first problem with its path.
class Reader {
 public:
  static constexpr double kIntegerMax = 2147483647;
  explicit Reader(std::string_view name) : name_(name) {}
  bool failed() const { return !error_.empty(); }
  const std::string& error() const { return error_; }

  bool Fail(const std::string& path, const std::string& what) {
    if (error_.empty()) error_ = std::string(name_) + ": " + path + ": " + what;
    return false;
  }

  const json::object* Object(const json::object& o, const std::string& key, const std::string& path, bool required) {
    const json::value* v = o.if_contains(key);
    if (!v) {
      if (required) Fail(Join(path, key), "is required");
      return nullptr;
    }
    if (!v->is_object()) {
      Fail(Join(path, key), "must be an object");
      return nullptr;
    }
    return &v->as_object();
  }
  const json::array* Array(const json::object& o, const std::string& key, const std::string& path, bool required) {
    const json::value* v = o.if_contains(key);
    if (!v) {
      if (required) Fail(Join(path, key), "is required");
      return nullptr;
    }
    if (!v->is_array()) {
      Fail(Join(path, key), "must be an array");
      return nullptr;
    }
    return &v->as_array();
  }
  std::optional<std::string> String(const json::object& o, const std::string& key, const std::string& path, bool required) {
    const json::value* v = o.if_contains(key);
    if (!v) {
      if (required) Fail(Join(path, key), "is required");
      return std::nullopt;
    }
    if (!v->is_string() || v->as_string().empty()) {
      Fail(Join(path, key), "must be a non-empty string");
      return std::nullopt;
    }
    return std::string(v->as_string());
  }
  std::optional<bool> Bool(const json::object& o, const std::string& key, const std::string& path, bool required) {
    const json::value* v = o.if_contains(key);
    if (!v) {
      if (required) Fail(Join(path, key), "is required");
      return std::nullopt;
    }
    if (!v->is_bool()) {
      Fail(Join(path, key), "must be true or false");
      return std::nullopt;
    }
    return v->as_bool();
  }
  std::optional<double> Number(const json::object& o, const std::string& key, const std::string& path, bool required) {
    const json::value* v = o.if_contains(key);
    if (!v) {
      if (required) Fail(Join(path, key), "is required");
      return std::nullopt;
    }
    if (!v->is_number()) {
      Fail(Join(path, key), "must be a number");
      return std::nullopt;
    }
    return v->to_number<double>();
  }
  std::optional<long long> Integer(const json::object& o, const std::string& key, const std::string& path, bool required) {
    auto d = Number(o, key, path, required);
    if (!d) return std::nullopt;
    // Whole numbers in content are counts, points and versions, read into an int.
    if (std::floor(*d) != *d || *d < -kIntegerMax || *d > kIntegerMax) {
      Fail(Join(path, key), "must be a whole number from -2147483647 to 2147483647");
      return std::nullopt;
    }
    return static_cast<long long>(*d);
  }
  // A map of language -> non-empty text; every language of the instrument is required.
  Texts Text(const json::object& o, const std::string& key, const std::string& path, bool required,
             const std::vector<std::string>& languages) {
    Texts out;
    const json::object* t = Object(o, key, path, required);
    if (!t) return out;
    for (const auto& kv : *t) {
      if (!kv.value().is_string() || kv.value().as_string().empty()) {
        Fail(Join(Join(path, key), std::string(kv.key())), "must be a non-empty string");
        return out;
      }
      out[std::string(kv.key())] = std::string(kv.value().as_string());
    }
    for (const std::string& lang : languages)
      if (!out.contains(lang)) Fail(Join(path, key), "has no text for language \"" + lang + "\"");
    return out;
  }
  static std::string Join(const std::string& path, const std::string& key) { return path.empty() ? key : path + "." + key; }
  static std::string Index(const std::string& path, std::size_t i) { return path + "[" + std::to_string(i) + "]"; }

  void Unknown(const json::object& o, const std::string& path, std::initializer_list<std::string_view> known) {
    for (const auto& kv : o) {
      bool ok = false;
      for (std::string_view k : known) ok = ok || kv.key() == k;
      if (!ok) Fail(Join(path, std::string(kv.key())), "is not a known field");
    }
  }

 private:
  std::string_view name_;
  std::string error_;
};


// Parses `text` as a JSON object, or fails with "NAME: not valid JSON (...)".
std::optional<json::object> ParseObjectFile(std::string_view text, std::string_view name, std::string& error);

// Helpers shared by the content files of several features.

// The file's "languages": a non-empty array of language tags.
std::vector<std::string> Languages(Reader& r, const json::object& o);

// Calls `each(object, path)` for every element of array `key`, which must be a
// non-empty array of objects.
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

// An optional true/false field (false when absent).
bool Flag(Reader& r, const json::object& o, const char* key, const std::string& path);

// The object's "id": valid (ValidId) and not in `seen` (which it joins).
std::string UniqueId(Reader& r, const json::object& o, const std::string& path, std::set<std::string>& seen);

// The text in English, or in the first language there is (content is English for now;
// the files carry language maps for more).
const std::string& English(const Texts& texts);

}  // namespace rk::content
