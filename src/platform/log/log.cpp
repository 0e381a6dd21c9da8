#include "platform/log/log.hpp"

#include <atomic>
#include <charconv>
#include <cstdio>
#include <mutex>

#include "platform/base/time.hpp"

namespace rk::log {
namespace {
std::atomic<Level> g_level{Level::kInfo};
std::mutex g_mutex;

constexpr std::string_view Name(Level l) {
  switch (l) {
    case Level::kDebug: return "debug";
    case Level::kInfo: return "info";
    case Level::kWarn: return "warn";
    case Level::kError: return "error";
  }
  return "info";
}
// Appends the RFC 3339 time of `now`. The text up to the second is formatted once per
// second and reused; each thread keeps its own copy.
void AppendTimestamp(std::string& out, Millis now) {
  thread_local Millis cached_second = -1;
  thread_local std::string cached;  // "2026-11-21T05:02:34."
  const Millis second = now / 1000;
  if (second != cached_second) {
    cached = FormatRfc3339(second * 1000).substr(0, 20);
    cached_second = second;
  }
  out += cached;
  const int ms = static_cast<int>(now % 1000);
  out.push_back(static_cast<char>('0' + ms / 100));
  out.push_back(static_cast<char>('0' + ms / 10 % 10));
  out.push_back(static_cast<char>('0' + ms % 10));
  out.push_back('Z');
}

}  // namespace

void SetLevel(Level level) { g_level = level; }

bool ParseLevel(std::string_view text, Level& out) {
  for (Level l : {Level::kDebug, Level::kInfo, Level::kWarn, Level::kError}) {
    if (text == Name(l)) {
      out = l;
      return true;
    }
  }
  return false;
}

void AppendJsonString(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  for (unsigned char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20 || c == 0x7f) {
          out += "\\u00";
          out.push_back(kHex[c >> 4]);
          out.push_back(kHex[c & 15]);
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
  }
  out.push_back('"');
}

void Write(Level level, std::string_view event, std::initializer_list<Field> fields) {
  if (level < g_level.load(std::memory_order_relaxed)) return;
  std::string line;
  line.reserve(256);
  line += "{\"ts\":\"";
  AppendTimestamp(line, SystemNow());
  line += "\",\"level\":\"";
  line += Name(level);
  line += "\",\"event\":";
  AppendJsonString(line, event);
  for (const Field& f : fields) {
    line.push_back(',');
    AppendJsonString(line, f.key);
    line.push_back(':');
    if (auto* s = std::get_if<std::string_view>(&f.value)) {
      AppendJsonString(line, *s);
    } else if (auto* i = std::get_if<std::int64_t>(&f.value)) {
      char buf[24];
      line.append(buf, std::to_chars(buf, buf + sizeof buf, *i).ptr);
    } else if (auto* d = std::get_if<double>(&f.value)) {
      char buf[48];
      line.append(buf, std::to_chars(buf, buf + sizeof buf, *d, std::chars_format::fixed, 3).ptr);
    } else {
      line += std::get<bool>(f.value) ? "true" : "false";
    }
  }
  line += "}\n";
  std::lock_guard lock(g_mutex);
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
}

}  // namespace rk::log
