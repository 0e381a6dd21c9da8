#include "platform/crypto/totp.hpp"

#include <liboath/oath.h>
#include <sodium.h>

#include <cctype>
#include <cstdlib>
#include <mutex>

#include "platform/crypto/crypto.hpp"

namespace rk::crypto::totp {
namespace {

constexpr char kBase32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

void InitOnce() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (oath_init() != OATH_OK) std::abort();
  });
}

std::string Base32(const unsigned char* data, std::size_t n) {
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (std::size_t i = 0; i < n; ++i) {
    buffer = (buffer << 8) | data[i];
    bits += 8;
    while (bits >= 5) {
      out += kBase32[(buffer >> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += kBase32[(buffer << (5 - bits)) & 31];
  return out;
}

// The raw secret from its base32 text (spaces and case ignored), or kInvalid.
Result<std::string> Decode(std::string_view secret_base32) {
  InitOnce();
  std::string clean;
  for (char c : secret_base32)
    if (c != ' ' && c != '=') clean += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  char* raw = nullptr;
  std::size_t len = 0;
  if (clean.empty() || oath_base32_decode(clean.data(), clean.size(), &raw, &len) != OATH_OK)
    return Error::Invalid("totp: the secret is not base32");
  std::string out(raw, len);
  sodium_memzero(raw, len);
  std::free(raw);
  return out;
}

Result<std::string> CodeOfStep(const std::string& secret, std::int64_t step, int digits) {
  char code[16] = {};
  const int rc = oath_totp_generate(secret.data(), secret.size(), static_cast<time_t>(step * kStepSeconds), kStepSeconds,
                                    OATH_TOTP_DEFAULT_START_TIME, static_cast<unsigned>(digits), code);
  if (rc != OATH_OK) return Error::Internal(std::string("totp: ") + oath_strerror(rc));
  return std::string(code);
}

std::string Uri(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace

std::string NewSecret() {
  unsigned char bytes[kSecretBytes];
  randombytes_buf(bytes, sizeof bytes);
  std::string out = Base32(bytes, sizeof bytes);
  sodium_memzero(bytes, sizeof bytes);
  return out;
}

std::string Uri(std::string_view issuer, std::string_view account, std::string_view secret_base32) {
  return "otpauth://totp/" + Uri(issuer) + ":" + Uri(account) + "?secret=" + std::string(secret_base32) +
         "&issuer=" + Uri(issuer) + "&algorithm=SHA1&digits=" + std::to_string(kDigits) +
         "&period=" + std::to_string(kStepSeconds);
}

std::int64_t StepAt(Millis at) { return at / 1000 / kStepSeconds; }

Result<std::string> CodeAt(std::string_view secret_base32, Millis at, int digits) {
  RK_ASSIGN_OR_RETURN(std::string secret, Decode(secret_base32));
  auto code = CodeOfStep(secret, StepAt(at), digits);
  sodium_memzero(secret.data(), secret.size());
  return code;
}

Result<std::optional<std::int64_t>> Verify(std::string_view secret_base32, std::string_view code, Millis now,
                                           std::optional<std::int64_t> last_step) {
  RK_ASSIGN_OR_RETURN(std::string secret, Decode(secret_base32));
  std::optional<std::int64_t> accepted;
  const std::int64_t current = StepAt(now);
  // Both steps are always computed and compared, so the time taken tells nothing.
  for (const std::int64_t step : {current, current - 1}) {
    auto expected = CodeOfStep(secret, step, kDigits);
    if (!expected.ok()) {
      sodium_memzero(secret.data(), secret.size());
      return expected.error();
    }
    const bool same = code.size() == expected->size() && ConstantTimeEquals(code, *expected);
    if (same && (!last_step || step > *last_step) && !accepted) accepted = step;
  }
  sodium_memzero(secret.data(), secret.size());
  return accepted;
}

std::vector<std::string> NewRecoveryCodes() {
  std::vector<std::string> out;
  for (int i = 0; i < kRecoveryCodes; ++i) {
    unsigned char bytes[8];
    randombytes_buf(bytes, sizeof bytes);
    std::string text = Base32(bytes, sizeof bytes).substr(0, 12);
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out.push_back(text.substr(0, 4) + "-" + text.substr(4, 4) + "-" + text.substr(8, 4));
  }
  return out;
}

std::string RecoveryHash(std::string_view code) {
  std::string clean;
  for (char c : code)
    if (c != '-' && c != ' ') clean += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return Sha256Hex(clean);
}

}  // namespace rk::crypto::totp
