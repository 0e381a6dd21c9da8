#pragma once
// Structured logs: one JSON object per line on standard error, with an RFC 3339 UTC
// timestamp, a level and an event name. Never pass secrets, tokens, passwords or
// anything a person wrote: log ids and counts instead. Thread-safe.

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <variant>

namespace rk::log {

enum class Level { kDebug, kInfo, kWarn, kError };

using FieldValue = std::variant<std::string_view, std::int64_t, double, bool>;
struct Field {
  std::string_view key;
  FieldValue value;
};

// Lines below `level` are dropped. Default kInfo.
void SetLevel(Level level);
// Parses "debug" | "info" | "warn" | "error"; false on anything else.
bool ParseLevel(std::string_view text, Level& out);

void Write(Level level, std::string_view event, std::initializer_list<Field> fields = {});
inline void Info(std::string_view event, std::initializer_list<Field> fields = {}) { Write(Level::kInfo, event, fields); }
inline void Warn(std::string_view event, std::initializer_list<Field> fields = {}) { Write(Level::kWarn, event, fields); }
inline void Error(std::string_view event, std::initializer_list<Field> fields = {}) { Write(Level::kError, event, fields); }
inline void Debug(std::string_view event, std::initializer_list<Field> fields = {}) { Write(Level::kDebug, event, fields); }

// Appends `text` to `out` as a JSON string literal (quotes included), escaping control
// characters so that no input can forge a log line.
void AppendJsonString(std::string& out, std::string_view text);

}  // namespace rk::log
