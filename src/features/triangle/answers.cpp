#include "features/triangle/answers.hpp"

namespace rk::triangle {

std::map<std::string, long long> ReadAnswers(const boost::json::object& body, http::Fields& f, bool required) {
  std::map<std::string, long long> out;
  const boost::json::value* v = body.if_contains("answers");
  if (!v) {
    if (required) f.Add("answers", "required", "Answer the statements first.");
    return out;
  }
  if (!v->is_object()) {
    f.Add("answers", "type", "Answers must be an object of item ids and numbers.");
    return out;
  }
  if (v->as_object().size() > 500) {
    f.Add("answers", "too_many", "There are too many answers.");
    return out;
  }
  for (const auto& kv : v->as_object()) {
    const std::string field = "answers." + std::string(kv.key());
    if (kv.value().is_int64()) out[std::string(kv.key())] = kv.value().as_int64();
    else if (kv.value().is_uint64()) f.Add(field, "range", "This answer is out of range.");
    else f.Add(field, "type", "Each answer must be a whole number.");
  }
  return out;
}

}  // namespace rk::triangle
