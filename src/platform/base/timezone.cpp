#include "platform/base/timezone.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <mutex>

#include "platform/base/files.hpp"

namespace rk {
namespace {

std::int64_t Be(std::string_view s, std::size_t pos, int bytes) {
  std::uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v = (v << 8) | static_cast<unsigned char>(s[pos + i]);
  if (bytes == 4) return static_cast<std::int32_t>(static_cast<std::uint32_t>(v));
  return static_cast<std::int64_t>(v);
}

struct Header {
  std::size_t isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt;
};

// Reads the header at `pos`. The counts are unsigned (RFC 8536 3.1) and bounded, so that
// no block size computed from them can wrap around.
bool ReadHeader(std::string_view s, std::size_t pos, Header& h, char& version) {
  if (pos > s.size() || s.size() - pos < 44 || s.substr(pos, 4) != "TZif") return false;
  version = s[pos + 4];
  auto count = [&](std::size_t at) { return static_cast<std::size_t>(static_cast<std::uint32_t>(Be(s, pos + at, 4))); };
  h = {count(20), count(24), count(28), count(32), count(36), count(40)};
  return h.typecnt > 0 && h.typecnt < 256 && h.timecnt < 100000 && h.leapcnt < 100000 && h.charcnt < 65536 &&
         h.isstdcnt <= h.typecnt && h.isutcnt <= h.typecnt;
}

std::size_t BlockSize(const Header& h, int time_bytes) {
  return h.timecnt * time_bytes + h.timecnt + h.typecnt * 6 + h.charcnt + h.leapcnt * (time_bytes + 4) + h.isstdcnt +
         h.isutcnt;
}

}  // namespace

Result<TimeZone> TimeZone::Parse(std::string_view s) {
  Header h;
  char version;
  if (!ReadHeader(s, 0, h, version)) return Error::Invalid("not a TZif file");
  std::size_t pos = 44;
  int time_bytes = 4;
  if (version >= '2') {
    // Skip the 32-bit block and read the 64-bit one.
    pos += BlockSize(h, 4);
    if (!ReadHeader(s, pos, h, version)) return Error::Invalid("TZif: no second header");
    pos += 44;
    time_bytes = 8;
  }
  if (s.size() < pos + BlockSize(h, time_bytes)) return Error::Invalid("TZif: truncated");
  TimeZone z;
  const std::size_t types_at = pos + h.timecnt * time_bytes + h.timecnt;
  std::vector<std::int32_t> type_offsets(h.typecnt);
  std::vector<bool> type_dst(h.typecnt);
  for (std::size_t i = 0; i < h.typecnt; ++i) {
    type_offsets[i] = static_cast<std::int32_t>(Be(s, types_at + i * 6, 4));
    type_dst[i] = s[types_at + i * 6 + 4] != 0;
  }
  for (std::size_t i = 0; i < h.timecnt; ++i) {
    const std::size_t idx = static_cast<unsigned char>(s[pos + h.timecnt * time_bytes + i]);
    if (idx >= h.typecnt) return Error::Invalid("TZif: bad type index");
    z.transitions_.push_back(Be(s, pos + i * time_bytes, time_bytes));
    z.offsets_.push_back(type_offsets[idx]);
  }
  // Before any transition: the first standard-time type (RFC 8536 3.2), else type 0.
  z.initial_offset_ = type_offsets[0];
  for (std::size_t i = 0; i < h.typecnt; ++i)
    if (!type_dst[i]) {
      z.initial_offset_ = type_offsets[i];
      break;
    }
  return z;
}

Result<std::shared_ptr<const TimeZone>> TimeZone::Load(std::string_view name) {
  static std::mutex mu;
  static std::map<std::string, std::shared_ptr<const TimeZone>, std::less<>> cache;
  std::lock_guard lock(mu);
  if (auto it = cache.find(name); it != cache.end()) return it->second;
  if (!IsKnownTimeZone(name)) return Error::Invalid("unknown time zone " + std::string(name));
  auto data = ReadFile("/usr/share/zoneinfo/" + std::string(name));
  if (!data) return Error::Unavailable("cannot read the time zone " + std::string(name));
  RK_ASSIGN_OR_RETURN(TimeZone z, Parse(*data));
  auto shared = std::make_shared<const TimeZone>(std::move(z));
  cache.emplace(std::string(name), shared);
  return shared;
}

std::int64_t TimeZone::OffsetAt(Millis utc) const {
  const std::int64_t seconds = utc >= 0 ? utc / 1000 : -((-utc + 999) / 1000);
  auto it = std::upper_bound(transitions_.begin(), transitions_.end(), seconds);
  if (it == transitions_.begin()) return initial_offset_;
  return offsets_[static_cast<std::size_t>(it - transitions_.begin() - 1)];
}

std::int64_t Date::DayNumber() const {
  using namespace std::chrono;
  return sys_days(year_month_day{std::chrono::year(year), std::chrono::month(month), std::chrono::day(day)})
      .time_since_epoch()
      .count();
}

Date Date::FromDayNumber(std::int64_t days) {
  using namespace std::chrono;
  const year_month_day ymd{sys_days(std::chrono::days(days))};
  return Date{static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day())};
}

std::int64_t MondayOf(std::int64_t day) {
  // 1970-01-01 was a Thursday: day 0 is weekday 3 counting Monday as 0.
  const std::int64_t weekday = ((day + 3) % 7 + 7) % 7;
  return day - weekday;
}

std::string Date::ToString() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", year, month, day);
  return buf;
}

std::optional<Date> Date::Parse(std::string_view t) {
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return std::nullopt;
  int y = 0, m = 0, d = 0;
  for (int i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (t[i] < '0' || t[i] > '9') return std::nullopt;
  y = (t[0] - '0') * 1000 + (t[1] - '0') * 100 + (t[2] - '0') * 10 + (t[3] - '0');
  m = (t[5] - '0') * 10 + (t[6] - '0');
  d = (t[8] - '0') * 10 + (t[9] - '0');
  const std::chrono::year_month_day ymd{std::chrono::year(y), std::chrono::month(static_cast<unsigned>(m)),
                                        std::chrono::day(static_cast<unsigned>(d))};
  if (!ymd.ok()) return std::nullopt;
  return Date{y, static_cast<unsigned>(m), static_cast<unsigned>(d)};
}

Date LocalDate(Millis utc, const TimeZone& zone) {
  const Millis local = utc + zone.OffsetAt(utc) * 1000;
  const std::int64_t days = local >= 0 ? local / kDay : -((-local + kDay - 1) / kDay);
  return Date::FromDayNumber(days);
}

}  // namespace rk
