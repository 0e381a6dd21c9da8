// HMAC-SHA-1 from OpenSSL's libcrypto (libsodium has no SHA-1). Kept to this file.
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "platform/crypto/crypto.hpp"

namespace rk::crypto {

std::string HmacSha1(std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  // One-shot HMAC() is not deprecated in OpenSSL 3; it fails only on allocation.
  if (!HMAC(EVP_sha1(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
            data.size(), out, &n))
    return {};
  return std::string(reinterpret_cast<const char*>(out), n);
}

}  // namespace rk::crypto
