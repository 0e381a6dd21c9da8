#include "platform/crypto/sealer.hpp"

#include <sodium.h>
#include <sys/stat.h>

#include <chrono>
#include <fstream>
#include <sstream>

#include <filesystem>

#include "platform/base/files.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/log/log.hpp"

namespace rk::crypto {
namespace {

// v2 pads the plaintext (ISO/IEC 7816-4, sodium_pad) to a multiple of kPadBlock bytes
// before sealing, so that a value's length says nothing within a block: "yes", "no" and
// "maybe" — and any value under kPadBlock bytes — seal to the same length. v1 (no
// padding) still opens; rotating the key re-seals it as v2.
constexpr std::string_view kPrefix = "v2:";
constexpr std::string_view kPrefixV1 = "v1:";
constexpr std::size_t kPadBlock = 256;

std::string B64(const unsigned char* data, std::size_t n) {
  std::string out(sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), data, n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(out.find('\0'));
  return out;
}

std::optional<std::string> Unb64(std::string_view text) {
  std::string out(text.size(), '\0');
  std::size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(), nullptr, &len,
                        nullptr, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
    return std::nullopt;
  out.resize(len);
  return out;
}

bool ValidKeyId(std::string_view id) {
  if (id.empty() || id.size() > 32) return false;
  for (char c : id)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) return false;
  return true;
}

Result<std::pair<std::map<std::string, std::string>, std::string>> ParseKeyFile(const std::string& path, std::string_view text) {
  std::map<std::string, std::string> keys;
  std::string active;
  std::istringstream in{std::string(text)};
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.empty() || line[0] == '#') continue;
    const auto space = line.find(' ');
    const std::string id = line.substr(0, space);
    auto raw = space == std::string::npos ? std::nullopt : Unb64(line.substr(space + 1));
    if (!ValidKeyId(id) || !raw || raw->size() != crypto_aead_xchacha20poly1305_ietf_KEYBYTES)
      return Error::Invalid(path + ": line " + std::to_string(n) + ": expected \"<key id> <base64url 32-byte key>\"");
    keys[id] = *raw;
    active = id;
  }
  if (keys.empty()) return Error::Invalid(path + ": holds no key");
  return std::make_pair(std::move(keys), std::move(active));
}

std::string NewKeyLine(Millis now) {
  unsigned char key[crypto_aead_xchacha20poly1305_ietf_KEYBYTES];
  crypto_aead_xchacha20poly1305_ietf_keygen(key);
  const std::string line = "k" + NewId(now) + " " + B64(key, sizeof key) + "\n";
  sodium_memzero(key, sizeof key);
  return line;
}

}  // namespace

Result<std::unique_ptr<Sealer>> Sealer::FromFile(const std::string& path) {
  auto s = std::unique_ptr<Sealer>(new Sealer());
  s->path_ = path;
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    const auto parent = std::filesystem::path(path).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
    const mode_t old = umask(077);
    {
      std::ofstream out(path, std::ios::out | std::ios::trunc);
      out << "# rekindle data keys: <key id> <base64url key>. The last line is the active key.\n"
             "# Keep this file secret and backed up apart from the database.\n"
          << NewKeyLine(SystemNow());
      if (!out) {
        umask(old);
        return Error::Unavailable("cannot create the key file " + path);
      }
    }
    umask(old);
    ::chmod(path.c_str(), 0600);
    log::Info("key_file_created", {{"path", path}});
  }
  RK_TRY(s->Reload());
  return s;
}

Result<std::unique_ptr<Sealer>> Sealer::FromKey(std::string_view key_id, std::string_view base64_key) {
  auto raw = Unb64(base64_key);
  if (!ValidKeyId(key_id) || !raw || raw->size() != crypto_aead_xchacha20poly1305_ietf_KEYBYTES)
    return Error::Invalid("data_key must be a base64url 32-byte key with a key id");
  auto s = std::unique_ptr<Sealer>(new Sealer());
  s->keys_[std::string(key_id)] = *raw;
  s->active_ = std::string(key_id);
  return s;
}

void Sealer::ReloadIfChanged() const {
  if (path_.empty()) return;
  const std::int64_t now =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
  {
    std::lock_guard lock(mu_);
    if (now - last_check_ < kRecheckSeconds) return;
    last_check_ = now;
  }
  struct stat st {};
  if (::stat(path_.c_str(), &st) != 0) return;
  const std::int64_t mtime = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
  bool changed;
  {
    std::lock_guard lock(mu_);
    changed = mtime != file_mtime_;
  }
  if (changed) (void)Reload();
}

Status Sealer::Reload() const {
  if (path_.empty()) return Error::Internal("no key file to reload");
  struct stat st {};
  if (::stat(path_.c_str(), &st) == 0 && (st.st_mode & 077) != 0)
    log::Warn("key_file_permissions", {{"path", path_}, {"advice", "chmod 600"}});
  const std::int64_t mtime = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
  auto text = ReadFile(path_);
  if (!text) return Error::Unavailable("cannot read the key file " + path_);
  RK_ASSIGN_OR_RETURN(auto parsed, ParseKeyFile(path_, *text));
  std::lock_guard lock(mu_);
  keys_ = std::move(parsed.first);
  active_ = std::move(parsed.second);
  file_mtime_ = mtime;
  return {};
}

std::string Sealer::active_key_id() const {
  std::lock_guard lock(mu_);
  return active_;
}

std::string Sealer::Seal(std::string_view plaintext, std::string_view context) const {
  ReloadIfChanged();
  std::string id, key;
  {
    std::lock_guard lock(mu_);
    id = active_;
    key = keys_.at(active_);
  }
  std::string padded(plaintext);
  padded.resize(((plaintext.size() / kPadBlock) + 1) * kPadBlock);
  std::size_t padded_len = 0;
  sodium_pad(&padded_len, reinterpret_cast<unsigned char*>(padded.data()), plaintext.size(), kPadBlock, padded.size());
  padded.resize(padded_len);
  std::string box(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + padded.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES, '\0');
  auto* nonce = reinterpret_cast<unsigned char*>(box.data());
  randombytes_buf(nonce, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
  unsigned long long clen = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(nonce + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, &clen,
                                             reinterpret_cast<const unsigned char*>(padded.data()), padded.size(),
                                             reinterpret_cast<const unsigned char*>(context.data()), context.size(), nullptr,
                                             nonce, reinterpret_cast<const unsigned char*>(key.data()));
  sodium_memzero(key.data(), key.size());
  sodium_memzero(padded.data(), padded.size());
  return std::string(kPrefix) + id + ":" + B64(reinterpret_cast<const unsigned char*>(box.data()), box.size());
}

Result<std::string> Sealer::Open(std::string_view sealed, std::string_view context) const {
  const bool padded = sealed.starts_with(kPrefix);
  if (!padded && !sealed.starts_with(kPrefixV1)) return std::string(sealed);  // legacy plaintext
  const std::string_view rest = sealed.substr(kPrefix.size());
  const auto colon = rest.find(':');
  if (colon == std::string_view::npos) return Error::Internal("A stored value is damaged.");
  const std::string id(rest.substr(0, colon));
  std::string key;
  for (int attempt = 0; attempt < 2 && key.empty(); ++attempt) {
    {
      std::lock_guard lock(mu_);
      if (auto it = keys_.find(id); it != keys_.end()) key = it->second;
    }
    if (key.empty() && attempt == 0 && !path_.empty()) (void)Reload();  // rotated by another process
  }
  if (key.empty()) {
    log::Error("unseal_unknown_key", {{"key_id", id}});
    return Error::Internal("A stored value cannot be read with the keys this server has.");
  }
  auto box = Unb64(rest.substr(colon + 1));
  if (!box || box->size() < crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + crypto_aead_xchacha20poly1305_ietf_ABYTES)
    return Error::Internal("A stored value is damaged.");
  const auto* nonce = reinterpret_cast<const unsigned char*>(box->data());
  const std::size_t clen = box->size() - crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  std::string plain(clen - crypto_aead_xchacha20poly1305_ietf_ABYTES, '\0');
  unsigned long long plen = 0;
  const int rc = crypto_aead_xchacha20poly1305_ietf_decrypt(
      reinterpret_cast<unsigned char*>(plain.data()), &plen, nullptr, nonce + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES,
      clen, reinterpret_cast<const unsigned char*>(context.data()), context.size(), nonce,
      reinterpret_cast<const unsigned char*>(key.data()));
  sodium_memzero(key.data(), key.size());
  if (rc != 0) {
    log::Error("unseal_failed", {{"key_id", id}});
    return Error::Internal("A stored value failed its integrity check.");
  }
  plain.resize(plen);
  if (padded) {
    std::size_t unpadded = 0;
    if (sodium_unpad(&unpadded, reinterpret_cast<const unsigned char*>(plain.data()), plain.size(), kPadBlock) != 0)
      return Error::Internal("A stored value is damaged.");
    plain.resize(unpadded);
  }
  return plain;
}

bool Sealer::IsSealed(std::string_view value) {
  return value.starts_with(kPrefix) || value.starts_with(kPrefixV1);
}

bool Sealer::UnderActiveKey(std::string_view sealed) const {
  std::lock_guard lock(mu_);
  return sealed.starts_with(std::string(kPrefix) + active_ + ":");
}

Result<std::string> Sealer::AddKeyToFile() {
  if (path_.empty()) return Error::Invalid("the data key comes from configuration, not a key file; rotate it there");
  const std::string line = NewKeyLine(SystemNow());
  {
    std::ofstream out(path_, std::ios::app);
    out << line;
    if (!out) return Error::Unavailable("cannot write the key file " + path_);
  }
  RK_TRY(Reload());
  return active_key_id();
}

}  // namespace rk::crypto
