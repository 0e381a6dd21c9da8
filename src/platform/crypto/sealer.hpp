#pragma once
// Encryption at rest for sensitive text (answers, notes, messages): XChaCha20-Poly1305
// (libsodium) under a data key from a key ring.
//
// A sealed value is text: "v2:<key id>:<base64url(24-byte nonce || ciphertext+tag)>".
// The plaintext is padded to a multiple of 256 bytes before sealing, so that a value's
// length tells nothing within a block (a sealed "no" and a sealed "maybe" are equally
// long). "v1:" values (unpadded, older) still open; rotating the key re-seals them.
// Each value is bound to where it lives by associated data (e.g. "daily_answers:C:D:U"),
// so a ciphertext moved to another row or column fails to open.
//
// The key file holds one key per line, "<key id> <base64url 32-byte key>"; the last
// line is the active key used for sealing. Older keys stay to open older values until
// `rekindle admin rotate-key` has re-sealed them. The file is created with mode 0600 on
// first start. A server re-reads the file when it meets an unknown key id, and notices a
// changed file within kRecheckSeconds when sealing, so rotation needs no restart.
// Thread-safe.

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "platform/base/result.hpp"

namespace rk::crypto {

class Sealer {
 public:
  static constexpr int kRecheckSeconds = 2;
  // Loads `path`, creating it (mode 0600, one new key) when it does not exist.
  static Result<std::unique_ptr<Sealer>> FromFile(const std::string& path);
  // A ring with a single key given directly (configuration); no file.
  static Result<std::unique_ptr<Sealer>> FromKey(std::string_view key_id, std::string_view base64_key);

  // Seals `plaintext` under the active key, bound to `context`.
  std::string Seal(std::string_view plaintext, std::string_view context) const;
  // Opens a sealed value. Values without a "v1:"/"v2:" prefix are legacy plaintext and
  // are returned as they are. Fails (kInternal, logged) when the value was tampered with,
  // moved, or its key is unknown even after re-reading the key file.
  Result<std::string> Open(std::string_view sealed, std::string_view context) const;

  // True if `value` is sealed (any version, any key).
  static bool IsSealed(std::string_view value);
  // True if `sealed` is a sealed value of the current version under the active key.
  bool UnderActiveKey(std::string_view sealed) const;
  std::string active_key_id() const;

  // Appends a new key to the key file and makes it active. Returns its id.
  Result<std::string> AddKeyToFile();

 private:
  Status Reload() const;
  void ReloadIfChanged() const;
  std::string path_;
  mutable std::int64_t file_mtime_ = 0;     // GUARDED_BY(mu_)
  mutable std::int64_t last_check_ = 0;     // GUARDED_BY(mu_), steady seconds
  mutable std::mutex mu_;
  mutable std::map<std::string, std::string> keys_;  // GUARDED_BY(mu_): id -> 32 raw bytes
  mutable std::string active_;                        // GUARDED_BY(mu_)
};

}  // namespace rk::crypto
