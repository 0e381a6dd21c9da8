#pragma once
// Time-based one-time passwords (RFC 6238) for the second factor of therapist and
// operator accounts: HMAC-SHA-1, 6 digits, 30-second steps — what authenticator apps
// expect. Codes come from liboath; which codes are accepted is decided here:
//   - the current step, or the one before it (RFC 6238 §5.2: one step back for delay);
//   - only a step later than the last one accepted for that person, so a code is used
//     once (replay is refused even within its 30 seconds).
// Recovery codes are random, shown once, and kept only as SHA-256 hashes.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "platform/base/result.hpp"
#include "platform/base/time.hpp"

namespace rk::crypto::totp {

inline constexpr int kDigits = 6;
inline constexpr int kStepSeconds = 30;
inline constexpr std::size_t kSecretBytes = 20;  // 160 bits, RFC 4226's recommendation
inline constexpr int kRecoveryCodes = 10;

// A new secret: kSecretBytes random bytes in base32 (RFC 4648, no padding), as apps take it.
std::string NewSecret();

// The otpauth:// address a QR code carries: issuer and account are shown by the app.
std::string Uri(std::string_view issuer, std::string_view account, std::string_view secret_base32);

// The step an instant falls in.
std::int64_t StepAt(Millis at);

// The code of `secret_base32` at `at`, `digits` long. kInvalid for a secret that is not
// base32.
Result<std::string> CodeAt(std::string_view secret_base32, Millis at, int digits = kDigits);

// The step `code` belongs to, if it is the code of the current step or the one before,
// and that step is later than `last_step` (the last step accepted for this secret).
// Nullopt when it is not acceptable; kInvalid for a secret that is not base32.
Result<std::optional<std::int64_t>> Verify(std::string_view secret_base32, std::string_view code, Millis now,
                                           std::optional<std::int64_t> last_step);

// kRecoveryCodes new codes, "xxxx-xxxx-xxxx" in lowercase base32 (60 bits each).
std::vector<std::string> NewRecoveryCodes();
// How a recovery code is kept and looked up: SHA-256 of the code without dashes, spaces
// or case, so that "ABCD EFGH …" typed by hand matches.
std::string RecoveryHash(std::string_view code);

}  // namespace rk::crypto::totp
