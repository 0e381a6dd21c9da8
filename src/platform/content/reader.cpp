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

}  // namespace rk::content
