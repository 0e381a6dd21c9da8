#include "platform/http/json.hpp"

#include <algorithm>

namespace rk::http {

Result<json::object> ParseObject(const Request& req, std::initializer_list<std::string_view> allowed) {
  std::string_view type = req.Header("content-type");
  const std::size_t semi = type.find(';');
  std::string_view media = type.substr(0, semi);
  while (!media.empty() && media.back() == ' ') media.remove_suffix(1);
  std::string lowered(media);
  for (char& c : lowered) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lowered != "application/json")
    return Error{ErrorCode::kUnsupportedMediaType, "Send the request body as application/json.", {}, 0};
  boost::system::error_code ec;
  json::value v = json::parse(req.body, ec);
  if (ec) return Error::Invalid("The request body is not valid JSON.");
  if (!v.is_object()) return Error::Invalid("The request body must be a JSON object.");
  std::vector<FieldError> unknown;
  for (const auto& kv : v.as_object()) {
    bool known = false;
    for (std::string_view a : allowed) known = known || kv.key() == a;
    if (!known) unknown.push_back({std::string(kv.key()), "unknown_field", "This field is not accepted here."});
  }
  if (!unknown.empty()) return Error::Invalid("The request has fields that are not accepted.", std::move(unknown));
  return std::move(v.as_object());
}

std::optional<std::string> Fields::String(std::string_view name, bool required, std::size_t min, std::size_t max,
                                          bool trim) {
  const json::value* v = obj_.if_contains(name);
  if (!v || v->is_null()) {
    if (required) Add(std::string(name), "required", "This is required.");
    return std::nullopt;
  }
  if (!v->is_string()) {
    Add(std::string(name), "type", "This must be text.");
    return std::nullopt;
  }
  std::string s(v->as_string());
  if (trim) {
    const auto first = s.find_first_not_of(" \t\r\n");
    const auto last = s.find_last_not_of(" \t\r\n");
    s = first == std::string::npos ? "" : s.substr(first, last - first + 1);
  }
  const auto n = CodePoints(s);
  if (!n) {
    Add(std::string(name), "encoding", "This must be valid UTF-8 text.");
    return std::nullopt;
  }
  if (s.find('\0') != std::string::npos) {
    Add(std::string(name), "encoding", "This must not contain NUL characters.");
    return std::nullopt;
  }
  if (*n < min) {
    // Empty reads as missing, whatever the minimum: "required", not "at least 3 characters".
    const bool empty = *n == 0 || min <= 1;
    Add(std::string(name), empty ? "required" : "too_short",
        empty ? "This is required." : "This must be at least " + std::to_string(min) + " characters.");
    return std::nullopt;
  }
  if (*n > max) {
    Add(std::string(name), "too_long", "This must be at most " + std::to_string(max) + " characters.");
    return std::nullopt;
  }
  return s;
}

std::optional<std::vector<std::string>> Fields::Strings(std::string_view name, bool required, std::size_t max_items,
                                                        std::size_t max_length) {
  const json::value* v = obj_.if_contains(name);
  if (!v || v->is_null()) {
    if (required) Add(std::string(name), "required", "This is required.");
    return std::nullopt;
  }
  if (!v->is_array()) {
    Add(std::string(name), "type", "This must be a list of texts.");
    return std::nullopt;
  }
  const json::array& items = v->as_array();
  if (items.size() > max_items) {
    Add(std::string(name), "too_many", "This list is too long.");
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (const json::value& item : items) {
    const auto n = item.is_string() ? CodePoints(item.as_string()) : std::nullopt;
    std::string s = item.is_string() ? std::string(item.as_string()) : std::string();
    const auto first = s.find_first_not_of(" \t\r\n");
    s = first == std::string::npos ? "" : s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
    if (!n || s.empty() || s.find('\0') != std::string::npos || *CodePoints(s) > max_length) {
      Add(std::string(name), "invalid", "Each entry must be a short text.");
      return std::nullopt;
    }
    if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(std::move(s));
  }
  return out;
}

std::optional<bool> Fields::Bool(std::string_view name, bool required) {
  const json::value* v = obj_.if_contains(name);
  if (!v || v->is_null()) {
    if (required) Add(std::string(name), "required", "This is required.");
    return std::nullopt;
  }
  if (!v->is_bool()) {
    Add(std::string(name), "type", "This must be true or false.");
    return std::nullopt;
  }
  return v->as_bool();
}

std::optional<std::int64_t> Fields::Int(std::string_view name, bool required, std::int64_t min, std::int64_t max) {
  const json::value* v = obj_.if_contains(name);
  if (!v || v->is_null()) {
    if (required) Add(std::string(name), "required", "This is required.");
    return std::nullopt;
  }
  std::int64_t n;
  if (v->is_int64()) n = v->as_int64();
  else if (v->is_uint64() && v->as_uint64() <= static_cast<std::uint64_t>(INT64_MAX)) n = static_cast<std::int64_t>(v->as_uint64());
  else {
    Add(std::string(name), "type", "This must be a whole number.");
    return std::nullopt;
  }
  if (n < min || n > max) {
    Add(std::string(name), "range",
        "This must be between " + std::to_string(min) + " and " + std::to_string(max) + ".");
    return std::nullopt;
  }
  return n;
}

Status Fields::Finish() const {
  if (errors_.empty()) return {};
  return Error::Invalid("Please correct the highlighted fields.", errors_);
}

Response Json(int status, const json::value& body) {
  return Response{status, "application/json", json::serialize(body), {}};
}

}  // namespace rk::http
