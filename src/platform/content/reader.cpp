#include "platform/content/reader.hpp"

namespace rk::content {

bool ValidId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) return false;
  return true;
}


std::optional<json::object> ParseObjectFile(std::string_view text, std::string_view name, std::string& error) {
  boost::system::error_code ec;
  json::value doc = json::parse(text, ec);
  if (ec) {
    error = std::string(name) + ": not valid JSON (" + ec.message() + ")";
    return std::nullopt;
  }
  if (!doc.is_object()) {
    error = std::string(name) + ": the file must hold a JSON object";
    return std::nullopt;
  }
  return std::move(doc.as_object());
}

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

bool Flag(Reader& r, const json::object& o, const char* key, const std::string& path) {
  const json::value* v = o.if_contains(key);
  if (!v) return false;
  if (!v->is_bool()) {
    r.Fail(path + "." + key, "must be true or false");
    return false;
  }
  return v->as_bool();
}

std::string UniqueId(Reader& r, const json::object& o, const std::string& path, std::set<std::string>& seen) {
  std::string id = r.String(o, "id", path, true).value_or("");
  if (!id.empty() && !ValidId(id)) r.Fail(path + ".id", "must be lowercase letters, digits, - or _");
  if (!id.empty() && !seen.insert(id).second) r.Fail(path + ".id", "repeats \"" + id + "\"");
  return id;
}

const std::string& English(const Texts& texts) {
  static const std::string kEmpty;
  if (auto it = texts.find("en"); it != texts.end()) return it->second;
  return texts.empty() ? kEmpty : texts.begin()->second;
}

}  // namespace rk::content
