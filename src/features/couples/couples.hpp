#pragma once
// Couples: the pure rules for invite codes. No I/O here.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "platform/base/time.hpp"

namespace rk::couples {

constexpr Millis kInviteLifetime = 7 * kDay;
// A closed (expired, withdrawn or used) invite is kept this long, so that a late code
// still gets "expired" or "already used" rather than "not found"; then it is deleted.
constexpr Millis kInviteRetention = 30 * kDay;

// Invite codes are 8 characters from an alphabet without look-alikes (no 0/O, 1/I/L,
// U), shown as two groups of four: "K7QX-3MPD". About 39 bits: guessing is hopeless
// under the join rate limit, and the code is easy to read aloud and type.
constexpr std::string_view kInviteAlphabet = "23456789ABCDEFGHJKMNPQRSTVWXYZ";
constexpr std::size_t kInviteLength = 8;

// A new code in its canonical form (no dash). `random_below(n)` returns a uniform
// integer in [0, n).
std::string NewInviteCode(const std::function<std::uint32_t(std::uint32_t)>& random_below);

// "K7QX3MPD" -> "K7QX-3MPD".
std::string FormatInviteCode(std::string_view canonical);

// Accepts what a person types or a link carries: any case, with or without a dash or
// spaces. Returns the canonical form, or nullopt if it cannot be a code.
std::optional<std::string> NormalizeInviteCode(std::string_view typed);

}  // namespace rk::couples
