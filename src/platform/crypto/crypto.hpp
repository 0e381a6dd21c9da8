#pragma once
// Cryptographic primitives, from libsodium (HMAC-SHA-1 alone from OpenSSL). Thread-safe once Init() has returned.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "platform/base/result.hpp"
#include "platform/base/time.hpp"

namespace rk::crypto {

// Initialises libsodium. Call once before any other function here; returns false if the
// library could not start (the process should then exit).
bool Init();

// `n` bytes from the OS CSPRNG, encoded base64url without padding.
std::string RandomToken(std::size_t n = 32);

// Bytes as base64 (standard alphabet, padded) and back; nullopt for text that is not.
// For binary data kept in a text column (a photo).
std::string ToBase64(std::string_view bytes);
std::optional<std::string> FromBase64(std::string_view text);

// A uniformly random integer in [0, upper).
std::uint32_t RandomBelow(std::uint32_t upper);

// Lowercase hex SHA-256 of `data`. For hashing high-entropy tokens before storage.
std::string Sha256Hex(std::string_view data);

// HMAC-SHA-1 of `data` under `key`: the 20 raw bytes. Only for protocols that fix it
// (coturn's TURN REST credentials); from OpenSSL, since libsodium has no SHA-1.
std::string HmacSha1(std::string_view key, std::string_view data);

// Compares in time that depends only on the lengths.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

// A time-ordered 128-bit id (48-bit millisecond time, 80 random bits) as 26 Crockford
// base32 characters. Sorts by creation time; not guessable.
std::string NewId(Millis now);

// Cost of the password hash. The defaults take roughly 100 ms and 64 MiB on a 2-core
// machine; tests may lower them.
struct PasswordCost {
  unsigned long long ops = 3;
  std::size_t mem_bytes = 64u << 20;
};

// An argon2id hash string ("$argon2id$v=19$m=...") that embeds its salt and parameters.
// Fails only when memory cannot be allocated.
Result<std::string> HashPassword(std::string_view password, const PasswordCost& cost);

// True if `password` matches `hash`. Never throws; a malformed hash is a mismatch.
bool VerifyPassword(std::string_view hash, std::string_view password);

}  // namespace rk::crypto
