#include "platform/base/text.hpp"

#include <uninorm.h>

#include <cstdlib>

namespace rk {

std::optional<std::string> NormalizeNfkc(std::string_view s) {
  if (!CodePoints(s)) return std::nullopt;  // libunistring would substitute, not refuse
  if (s.empty()) return std::string();
  std::size_t length = 0;
  uint8_t* out = u8_normalize(UNINORM_NFKC, reinterpret_cast<const uint8_t*>(s.data()), s.size(), nullptr, &length);
  if (!out) return std::nullopt;
  std::string result(reinterpret_cast<const char*>(out), length);
  std::free(out);
  return result;
}

}  // namespace rk
