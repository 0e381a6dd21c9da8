#pragma once
// The operators' console: the pure rules. What a licence verification must say, which
// verification an approval rests on, when a verification's end is near or past, and
// how a list's page is named. No I/O here.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "features/therapists/review.hpp"
#include "platform/base/result.hpp"
#include "platform/base/time.hpp"
#include "platform/base/timezone.hpp"

namespace rk::admin {

// The day in UTC at `now`: licence dates ('YYYY-MM-DD') are days in UTC, as
// therapists::IsMatchable reads them.
Date Today(Millis now);

inline constexpr std::size_t kReasonMax = 500;     // a refusal's or a suspension's reason
inline constexpr std::size_t kReferenceMax = 200;  // a register's reference or address

// The problems with a verification's dates, each as a field error: `verified_on` must be
// a real day not after today, `expires_on` a real day after `verified_on`.
std::vector<FieldError> CheckVerificationDates(std::string_view verified_on, std::string_view expires_on, Millis now);

// The verification an approval (or a reinstatement) rests on: the newest one recorded
// since the profile was last submitted (an older one checked what the profile said
// before; a changed licence is submitted again), or nullopt. An approval also needs it
// to be `Running`: its licence runs through the day (UTC) at `now`.
std::optional<therapists::Verification> NewestSince(const std::vector<therapists::Verification>& newest_first,
                                                    std::optional<Millis> submitted_at);
bool Running(const therapists::Verification& v, Millis now);

// Whether an approved profile's verification has ended: it is no longer matchable, and
// the console says so.
bool VerificationEnded(std::string_view status, const std::optional<std::string>& verified_until, Millis now);

// The e-mails a therapist gets about the end of their verification: from kNoticeDays
// before its last day through that day ("soon"), and for kNoticeDays after it ("ended").
// Each goes once per last day; the caller keeps track.
enum class ExpiryNotice { kNone, kSoon, kEnded };
inline constexpr int kNoticeDays = 30;
ExpiryNotice ExpiryNoticeAt(std::string_view last_day, Millis now);

// A list's page starts after a profile, named by a cursor "SUBMITTED_AT.ID" (an id is
// Crockford base32, never a dot). Nullopt when `text` is not one.
std::string FormatPageKey(const therapists::PageKey& key);
std::optional<therapists::PageKey> ParsePageKey(std::string_view text);

}  // namespace rk::admin
