#include "features/admin/admin.hpp"

#include <charconv>

namespace rk::admin {

Date Today(Millis now) { return Date::FromDayNumber(now >= 0 ? now / kDay : (now - kDay + 1) / kDay); }

std::vector<FieldError> CheckVerificationDates(std::string_view verified_on, std::string_view expires_on, Millis now) {
  std::vector<FieldError> errors;
  const auto on = Date::Parse(verified_on);
  const auto until = Date::Parse(expires_on);
  if (!on) errors.push_back({"verified_on", "invalid", "Write the date as YYYY-MM-DD."});
  else if (on->DayNumber() > Today(now).DayNumber())
    errors.push_back({"verified_on", "future", "The day you checked cannot be in the future."});
  if (!until) errors.push_back({"expires_on", "invalid", "Write the date as YYYY-MM-DD."});
  else if (on && until->DayNumber() <= on->DayNumber())
    errors.push_back({"expires_on", "before_check", "The licence must run past the day you checked it."});
  return errors;
}

std::optional<therapists::Verification> NewestSince(const std::vector<therapists::Verification>& newest_first,
                                                    std::optional<Millis> submitted_at) {
  for (const therapists::Verification& v : newest_first)
    if (!submitted_at || v.recorded_at >= *submitted_at) return v;
  return std::nullopt;
}

bool Running(const therapists::Verification& v, Millis now) {
  const auto last = Date::Parse(v.expires_on);
  return last && last->DayNumber() >= Today(now).DayNumber();
}

bool VerificationEnded(std::string_view status, const std::optional<std::string>& verified_until, Millis now) {
  return status == therapists::kApproved && !therapists::IsMatchable(status, verified_until, now);
}

ExpiryNotice ExpiryNoticeAt(std::string_view last_day, Millis now) {
  const auto last = Date::Parse(last_day);
  if (!last) return ExpiryNotice::kNone;
  const std::int64_t left = last->DayNumber() - Today(now).DayNumber();
  if (left >= 0 && left <= kNoticeDays) return ExpiryNotice::kSoon;
  if (left < 0 && left >= -kNoticeDays) return ExpiryNotice::kEnded;
  return ExpiryNotice::kNone;
}

std::string FormatPageKey(const therapists::PageKey& key) { return std::to_string(key.submitted_at) + "." + key.user_id; }

std::optional<therapists::PageKey> ParsePageKey(std::string_view text) {
  const auto dot = text.find('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 >= text.size() || text.size() > 64) return std::nullopt;
  therapists::PageKey key;
  const char* end = text.data() + dot;
  auto [ptr, ec] = std::from_chars(text.data(), end, key.submitted_at);
  if (ec != std::errc() || ptr != end || key.submitted_at < 0) return std::nullopt;
  key.user_id = std::string(text.substr(dot + 1));
  for (char ch : key.user_id)
    if (!((ch >= '0' && ch <= '9') || (ch >= 'A' && ch <= 'Z'))) return std::nullopt;
  return key;
}

}  // namespace rk::admin
