#include "platform/base/time.hpp"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <sstream>
#include <set>
#include <fstream>

namespace rk {

Millis SystemNow() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::string FormatRfc3339(Millis t) {
  using namespace std::chrono;
  const sys_days day = floor<days>(sys_time<milliseconds>(milliseconds(t)));
  const year_month_day ymd(day);
  Millis in_day = t - duration_cast<milliseconds>(day.time_since_epoch()).count();
  const int h = static_cast<int>(in_day / kHour);
  in_day %= kHour;
  const int m = static_cast<int>(in_day / kMinute);
  in_day %= kMinute;
  const int s = static_cast<int>(in_day / kSecond);
  const int ms = static_cast<int>(in_day % kSecond);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), h, m, s, ms);
  return buf;
}

namespace {
bool Digits(std::string_view s, size_t pos, size_t n, int& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (size_t i = 0; i < n; ++i) {
    char c = s[pos + i];
    if (c < '0' || c > '9') return false;
    out = out * 10 + (c - '0');
  }
  return true;
}
}  // namespace

std::optional<Millis> ParseRfc3339(std::string_view s) {
  using namespace std::chrono;
  int y, mo, d, h, mi, se;
  if (!Digits(s, 0, 4, y) || s.size() < 20 || s[4] != '-' || !Digits(s, 5, 2, mo) || s[7] != '-' ||
      !Digits(s, 8, 2, d) || (s[10] != 'T' && s[10] != 't') || !Digits(s, 11, 2, h) || s[13] != ':' ||
      !Digits(s, 14, 2, mi) || s[16] != ':' || !Digits(s, 17, 2, se))
    return std::nullopt;
  const year_month_day ymd{year(y), month(static_cast<unsigned>(mo)), day(static_cast<unsigned>(d))};
  if (!ymd.ok() || h > 23 || mi > 59 || se > 59) return std::nullopt;
  size_t pos = 19;
  Millis frac = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    int digits = 0;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      if (digits < 3) frac = frac * 10 + (s[pos] - '0');
      ++digits;
      ++pos;
    }
    if (digits == 0) return std::nullopt;
    for (int i = digits; i < 3; ++i) frac *= 10;
  }
  Millis offset = 0;
  if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
    ++pos;
  } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    int oh, om;
    if (!Digits(s, pos + 1, 2, oh) || pos + 3 >= s.size() || s[pos + 3] != ':' || !Digits(s, pos + 4, 2, om) ||
        oh > 23 || om > 59)
      return std::nullopt;
    offset = (oh * kHour + om * kMinute) * (s[pos] == '+' ? 1 : -1);
    pos += 6;
  } else {
    return std::nullopt;
  }
  if (pos != s.size()) return std::nullopt;
  const Millis days_ms = duration_cast<milliseconds>(sys_days(ymd).time_since_epoch()).count();
  return days_ms + h * kHour + mi * kMinute + se * kSecond + frac - offset;
}

bool IsKnownTimeZone(std::string_view name) {
  // libstdc++ 12 has no C++20 time zone database, so ask the system's zoneinfo (tzdata).
  if (name.empty() || name.size() > 64 || name.front() == '/' || name.find("..") != std::string_view::npos)
    return false;
  for (char c : name) {
    const bool allowed = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '/' ||
                         c == '_' || c == '-' || c == '+';
    if (!allowed) return false;
  }
  if (name == "UTC") return true;
  // tzdata's own list of zones and links (tzdata.zi: "Z name ..." and "L target name"),
  // so that other files in the folder ("leapseconds", "zone.tab") are not zones. Read once.
  static const std::set<std::string, std::less<>> zones = [] {
    std::set<std::string, std::less<>> out;
    std::ifstream in("/usr/share/zoneinfo/tzdata.zi");
    std::string line;
    while (std::getline(in, line)) {
      std::istringstream words(line);
      std::string kind, first, second;
      words >> kind >> first >> second;
      if (kind == "Z" && !first.empty()) out.insert(first);
      else if (kind == "L" && !second.empty()) out.insert(second);
    }
    return out;
  }();
  std::error_code ec;
  const std::filesystem::path p = std::filesystem::path("/usr/share/zoneinfo") / std::string(name);
  if (!std::filesystem::is_regular_file(p, ec)) return false;
  if (!zones.empty()) return zones.contains(name);
  // Without the list: a zone file is a TZif file.
  std::ifstream file(p, std::ios::binary);
  char magic[4] = {};
  file.read(magic, 4);
  return file && std::string_view(magic, 4) == "TZif";
}

}  // namespace rk
