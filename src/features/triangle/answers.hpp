#pragma once
// Reading a person's answers to an instrument from a request body, for every feature
// that takes them (the triangle check, outcomes).

#include <map>
#include <string>

#include <boost/json/object.hpp>

#include "platform/http/json.hpp"

namespace rk::triangle {

// Reads body["answers"] as {"ITEM": integer, ...}; records a field error in `f` for
// anything else (and "required" when absent and `required`). Scoring checks the items.
std::map<std::string, long long> ReadAnswers(const boost::json::object& body, http::Fields& f, bool required);

}  // namespace rk::triangle
