#include "features/video/video.hpp"

#include "platform/crypto/crypto.hpp"

namespace rk::video {

std::string_view StateOnJoin(std::string_view role, std::string_view current) {
  if (role == kTherapist || current == kAdmitted) return kAdmitted;
  return kWaiting;
}

TurnCredential MakeTurnCredential(std::string_view secret, std::string_view name, std::int64_t expires_unix) {
  TurnCredential c;
  c.username = std::to_string(expires_unix) + ":" + std::string(name);
  c.credential = crypto::ToBase64(crypto::HmacSha1(secret, c.username));
  return c;
}

std::vector<IceServer> IceServers(const IceOptions& o, std::string_view name, Millis ends_at) {
  std::vector<IceServer> out;
  if (!o.stun_urls.empty()) out.push_back({o.stun_urls, {}, {}});
  if (!o.turn_urls.empty()) {
    const std::int64_t expires = (ends_at + o.turn_ttl) / kSecond;
    TurnCredential c = MakeTurnCredential(o.turn_secret, name, expires);
    out.push_back({o.turn_urls, std::move(c.username), std::move(c.credential)});
  }
  return out;
}

}  // namespace rk::video
