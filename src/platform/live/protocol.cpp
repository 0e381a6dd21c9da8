#include "platform/live/protocol.hpp"

#include <algorithm>
#include <cstdlib>

#include "platform/base/text.hpp"
#include "platform/log/log.hpp"

namespace rk::live {

// protocol.json, built in by cmake/embed_text.cmake.
extern const std::string_view kProtocolJson;

namespace json = boost::json;

std::string_view CloseCodeName(CloseCode code) {
  switch (code) {
    case CloseCode::kNormal: return "normal";
    case CloseCode::kGoingAway: return "going_away";
    case CloseCode::kUnsupportedData: return "unsupported_data";
    case CloseCode::kInvalidPayload: return "invalid_payload";
    case CloseCode::kPolicy: return "policy";
    case CloseCode::kTooBig: return "too_big";
    case CloseCode::kTryAgainLater: return "try_again_later";
    case CloseCode::kSessionEnded: return "session_ended";
    case CloseCode::kCoupleChanged: return "couple_changed";
  }
  return "";
}

namespace {

const char* FramesKey(Direction d) { return d == Direction::kServerToClient ? "server_frames" : "client_frames"; }

const json::object* ObjectAt(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v && v->is_object() ? &v->get_object() : nullptr;
}

std::optional<std::int64_t> IntAt(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (!v) return std::nullopt;
  if (v->is_int64()) return v->get_int64();
  if (v->is_uint64()) return static_cast<std::int64_t>(v->get_uint64());
  return std::nullopt;
}

// Checks one value against one field description. Returns a problem text, or empty.
std::string CheckValue(const json::object& types, const json::object& field, const json::value& v,
                       const std::string& path);

std::string CheckFields(const json::object& types, const std::vector<const json::object*>& field_sets,
                        const json::object& value, const std::string& prefix) {
  std::size_t known = 0;
  for (const json::object* fields : field_sets) {
    for (const auto& [name, desc] : *fields) {
      const std::string path = prefix + std::string(name);
      const json::value* v = value.if_contains(name);
      const bool optional = desc.is_object() && desc.get_object().contains("optional") &&
                            desc.get_object().at("optional").as_bool();
      if (!v) {
        if (!optional) return path + " is missing";
        continue;
      }
      ++known;
      if (!desc.is_object()) return path + ": the schema is malformed";
      if (std::string p = CheckValue(types, desc.get_object(), *v, path); !p.empty()) return p;
    }
  }
  if (known != value.size()) {
    for (const auto& [name, v] : value) {
      bool declared = false;
      for (const json::object* fields : field_sets) declared = declared || fields->contains(name);
      if (!declared) return prefix + std::string(name) + " is not a field of this frame";
    }
  }
  return {};
}

std::string CheckValue(const json::object& types, const json::object& field, const json::value& v,
                       const std::string& path) {
  const json::value* kind_v = field.if_contains("kind");
  const std::string_view kind = kind_v && kind_v->is_string() ? std::string_view(kind_v->get_string()) : "";
  const auto min = IntAt(field, "min");
  const auto max = IntAt(field, "max");
  if (kind == "string") {
    if (!v.is_string()) return path + " must be a string";
    const auto n = CodePoints(v.get_string());
    if (!n) return path + " is not UTF-8";
    if (min && static_cast<std::int64_t>(*n) < *min) return path + " is too short";
    if (max && static_cast<std::int64_t>(*n) > *max) return path + " is too long";
    return {};
  }
  if (kind == "integer") {
    std::int64_t i;
    if (v.is_int64()) i = v.get_int64();
    else if (v.is_uint64() && v.get_uint64() <= INT64_MAX) i = static_cast<std::int64_t>(v.get_uint64());
    else return path + " must be an integer";
    if ((min && i < *min) || (max && i > *max)) return path + " is out of range";
    return {};
  }
  if (kind == "boolean") return v.is_bool() ? std::string() : path + " must be true or false";
  if (kind == "enum") {
    if (!v.is_string()) return path + " must be a string";
    const json::value* values = field.if_contains("values");
    if (values && values->is_array())
      for (const json::value& allowed : values->get_array())
        if (allowed == v) return {};
    return path + " is not one of the allowed values";
  }
  if (kind == "json") {
    const auto max_bytes = IntAt(field, "max_bytes");
    if (max_bytes && static_cast<std::int64_t>(json::serialize(v).size()) > *max_bytes) return path + " is too large";
    return {};
  }
  if (kind == "ref") {
    const json::value* name = field.if_contains("type");
    const json::object* type = name && name->is_string() ? ObjectAt(types, name->get_string()) : nullptr;
    const json::object* fields = type ? ObjectAt(*type, "fields") : nullptr;
    if (!fields) return path + ": the schema names an unknown type";
    if (!v.is_object()) return path + " must be an object";
    return CheckFields(types, {fields}, v.get_object(), path + ".");
  }
  return path + ": the schema has an unknown kind";
}

}  // namespace

Result<Schema> Schema::Parse(std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return Error::Invalid("the live protocol schema is not a JSON object");
  Schema s;
  s.doc_ = std::move(v).as_object();
  const auto version = IntAt(s.doc_, "version");
  const json::object* common = ObjectAt(s.doc_, "common");
  if (!version || !common || !ObjectAt(*common, "all") || !ObjectAt(*common, "event") || !ObjectAt(*common, "client") ||
      !ObjectAt(s.doc_, "types") || !ObjectAt(s.doc_, "server_frames") || !ObjectAt(s.doc_, "client_frames") ||
      !ObjectAt(s.doc_, "close_codes"))
    return Error::Invalid("the live protocol schema lacks a section");
  s.version_ = static_cast<int>(*version);
  for (Direction d : {Direction::kServerToClient, Direction::kClientToServer}) {
    for (const auto& [name, frame] : *ObjectAt(s.doc_, FramesKey(d))) {
      if (!frame.is_object() || !ObjectAt(frame.get_object(), "fields"))
        return Error::Invalid("the live protocol schema's frame " + std::string(name) + " has no fields");
      if (d == Direction::kServerToClient) {
        const json::value* kind = frame.get_object().if_contains("kind");
        if (!kind || !(*kind == "reply" || *kind == "event" || *kind == "ephemeral"))
          return Error::Invalid("the live protocol schema's frame " + std::string(name) + " has no kind");
      }
    }
  }
  return s;
}

const Schema& Schema::Builtin() {
  static const Schema schema = [] {
    auto s = Parse(kProtocolJson);
    if (!s.ok()) {
      log::Error("live_schema_invalid", {{"error", s.error().message}});
      std::abort();
    }
    return std::move(s).value();
  }();
  return schema;
}

std::vector<std::string> Schema::Types(Direction d) const {
  std::vector<std::string> out;
  for (const auto& [name, frame] : *ObjectAt(doc_, FramesKey(d))) out.emplace_back(name);
  std::sort(out.begin(), out.end());
  return out;
}

std::optional<Kind> Schema::KindOf(std::string_view server_type) const {
  const json::object* frame = ObjectAt(*ObjectAt(doc_, "server_frames"), server_type);
  if (!frame) return std::nullopt;
  const json::value& kind = frame->at("kind");
  if (kind == "event") return Kind::kEvent;
  if (kind == "ephemeral") return Kind::kEphemeral;
  return Kind::kReply;
}

std::optional<Problem> Schema::Check(Direction d, const json::object& frame) const {
  const json::value* type = frame.if_contains("type");
  if (!type || !type->is_string()) return Problem{"invalid_frame", "type is missing"};
  const json::object* desc = ObjectAt(*ObjectAt(doc_, FramesKey(d)), type->get_string());
  if (!desc) return Problem{"unknown_type", "there is no frame of type " + std::string(type->get_string())};
  const json::value* v = frame.if_contains("v");
  if (!v || !v->is_int64() || v->get_int64() != version_)
    return Problem{"unsupported_version", "this server speaks version " + std::to_string(version_)};
  const json::object& common = *ObjectAt(doc_, "common");
  std::vector<const json::object*> sets = {ObjectAt(common, "all"), ObjectAt(*desc, "fields")};
  if (d == Direction::kClientToServer) sets.push_back(ObjectAt(common, "client"));
  else if (desc->at("kind") == "event") sets.push_back(ObjectAt(common, "event"));
  const json::object& types = *ObjectAt(doc_, "types");
  if (std::string p = CheckFields(types, sets, frame, ""); !p.empty()) return Problem{"invalid_frame", p};
  return std::nullopt;
}

}  // namespace rk::live
