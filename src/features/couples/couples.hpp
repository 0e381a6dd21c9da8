#pragma once
// Couples: the pure rules for invite codes and for joining. No I/O here.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "platform/base/result.hpp"
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

// An invite as the join rule sees it.
struct InviteState {
  std::string inviter_id;
  Millis expires_at = 0;
  bool used = false;
};

// Whether `joiner_id` may join with `invite` (null: no such code) at `now`, given
// whether the joiner and the inviter are in a couple already. The errors, checked in
// this order: kNotFound (no such code), kConflict (one's own invite), kGone (used,
// then expired), kConflict (the joiner is in a couple; the inviter is).
Status CheckJoin(const InviteState* invite, const std::string& joiner_id, Millis now, bool joiner_in_couple,
                 bool inviter_in_couple);

}  // namespace rk::couples
