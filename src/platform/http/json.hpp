#pragma once
// JSON request bodies and responses. ParseObject refuses anything that is not exactly a
// JSON object with known fields; Fields then reads typed values and collects every
// problem, so a client learns about all its mistakes at once.

#include <boost/json.hpp>

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "platform/base/result.hpp"
#include "platform/base/text.hpp"
#include "platform/http/http.hpp"

namespace rk::http {

namespace json = boost::json;

// The body of `req` as a JSON object. Fails with kUnsupportedMediaType unless the
// Content-Type is application/json, and with kInvalidArgument for malformed JSON, a
// non-object, or a field not in `allowed` (each unknown field is named).
Result<json::object> ParseObject(const Request& req, std::initializer_list<std::string_view> allowed);

// Reads fields of a parsed object, recording an error for each one that is missing,
// of the wrong type or out of range.
class Fields {
 public:
  explicit Fields(const json::object& obj) : obj_(obj) {}

  // A string of `min`..`max` Unicode code points (after trimming surrounding white
  // space if `trim`). Missing: error if `required`, else nullopt.
  std::optional<std::string> String(std::string_view name, bool required, std::size_t min, std::size_t max,
                                    bool trim = true);
  std::optional<bool> Bool(std::string_view name, bool required);
  // A list of at most `max_items` distinct strings, each 1..`max_length` code points
  // after trimming, in the order given (a repeat is dropped). Missing: error if
  // `required` (an empty list counts as given), else nullopt.
  std::optional<std::vector<std::string>> Strings(std::string_view name, bool required, std::size_t max_items,
                                                  std::size_t max_length);
  std::optional<std::int64_t> Int(std::string_view name, bool required, std::int64_t min, std::int64_t max);
  bool Has(std::string_view name) const { return obj_.contains(name); }

  void Add(std::string field, std::string code, std::string message) {
    errors_.push_back({std::move(field), std::move(code), std::move(message)});
  }
  bool ok() const { return errors_.empty(); }
  // kInvalidArgument with every recorded problem, or ok.
  Status Finish() const;

 private:
  const json::object& obj_;
  std::vector<FieldError> errors_;
};

// A JSON response with the given status.
Response Json(int status, const json::value& body);

}  // namespace rk::http
