#pragma once
// Time is an integer count of milliseconds since the Unix epoch (UTC) everywhere inside
// rekindle and in the database; it becomes RFC 3339 text only at the API edge.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace rk {

using Millis = std::int64_t;

constexpr Millis kSecond = 1000;
constexpr Millis kMinute = 60 * kSecond;
constexpr Millis kHour = 60 * kMinute;
constexpr Millis kDay = 24 * kHour;

// The system clock in epoch milliseconds. Only SystemClock (clock.hpp), log lines and
// key files call it; everything else takes a Clock.
Millis SystemNow();

// "2026-11-21T05:02:34.123Z". Thread-safe.
std::string FormatRfc3339(Millis t);

// Parses "YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)". Returns nullopt on anything else.
std::optional<Millis> ParseRfc3339(std::string_view text);

// True if `name` is an IANA time zone this machine knows ("Europe/Berlin", "UTC").
bool IsKnownTimeZone(std::string_view name);

}  // namespace rk
