#pragma once
// Accounts: the pure rules. No I/O here.

#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>

#include "platform/base/result.hpp"
#include "platform/base/time.hpp"

namespace rk::accounts {

// A session is valid while it has been used within this long.
constexpr Millis kSessionIdleLifetime = 30 * kDay;
// last_used_at is written at most this often, so that reads stay reads.
constexpr Millis kSessionTouchInterval = kHour;

// A session last used at `last_used_at` has ended by `now`.
inline bool IsSessionExpired(Millis last_used_at, Millis now) { return now - last_used_at > kSessionIdleLifetime; }
// Whether to write a new last_used_at at `now`.
inline bool NeedsTouch(Millis last_used_at, Millis now) { return now - last_used_at > kSessionTouchInterval; }

// Links sent by e-mail work once, for this long.
constexpr Millis kSignupLinkLifetime = 24 * kHour;  // finishes a sign-up
constexpr Millis kVerifyLinkLifetime = 24 * kHour;  // confirms an existing account's address
constexpr Millis kResetLinkLifetime = 30 * kMinute;  // chooses a new password

constexpr std::size_t kPasswordMin = 15;   // NIST SP 800-63B rev. 4, password as the only factor
constexpr std::size_t kPasswordMax = 256;
constexpr std::size_t kDisplayNameMax = 60;

// Trims and lowercases an e-mail address and checks its shape (one @, a dotted domain,
// no spaces, at most 254 characters). Returns nullopt if it is not an address.
std::optional<std::string> NormalizeEmail(std::string_view email);

// True for a language tag such as "en", "de", "pt-BR".
bool IsValidLanguage(std::string_view tag);

// A device as a sign-in notice names it: a browser and a system from a fixed list of
// names, never text copied from the User-Agent header (which the sender controls).
// "—" when not recognised.
struct Device {
  std::string browser;
  std::string system;
};
Device DescribeDevice(std::string_view user_agent);

// "2026-11-21 10:30 UTC": a time as e-mails show it.
std::string FormatMailTime(Millis t);

// The words a password must not be built on.
struct PasswordContext {
  std::string email;         // normalised; its local part is a context word
  std::string display_name;  // a context word when 4 characters or longer
};

// Refuses passwords that are easy to guess, per NIST SP 800-63B: too short or too long
// (counted in Unicode code points), one of the most common passwords, a common password
// repeated ("passwordpassword") or padded with a simple run ("password12345678"), a
// simple run on its own, or built on the product's name or the person's own name or
// e-mail. No composition rules. Thread-safe after construction.
class PasswordPolicy {
 public:
  // `common_list`: one password per line (the 10,000 most common).
  explicit PasswordPolicy(std::string_view common_list);

  // nullopt if acceptable; otherwise the reason as a FieldError on "password" (codes:
  // too_short, too_long, common, repeated, simple_pattern, context_word).
  std::optional<FieldError> Check(std::string_view password, const PasswordContext& context,
                                  std::string_view field = "password") const;
  std::size_t common_count() const { return common_.size(); }

 private:
  bool IsCommon(std::string_view lowered) const;
  std::unordered_set<std::string> common_;
};

// True if `s` is made of one character repeated, or is a stretch of an ascending or
// descending digit or letter sequence or a keyboard row ("12345678", "abcdef", "qwerty").
bool IsSimpleRun(std::string_view s);

}  // namespace rk::accounts
