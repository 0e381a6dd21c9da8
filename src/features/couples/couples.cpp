#include "features/couples/couples.hpp"

namespace rk::couples {

std::string NewInviteCode(const std::function<std::uint32_t(std::uint32_t)>& random_below) {
  std::string code;
  code.reserve(kInviteLength);
  for (std::size_t i = 0; i < kInviteLength; ++i)
    code.push_back(kInviteAlphabet[random_below(static_cast<std::uint32_t>(kInviteAlphabet.size()))]);
  return code;
}

std::string FormatInviteCode(std::string_view canonical) {
  if (canonical.size() != kInviteLength) return std::string(canonical);
  return std::string(canonical.substr(0, 4)) + "-" + std::string(canonical.substr(4));
}

std::optional<std::string> NormalizeInviteCode(std::string_view typed) {
  if (typed.size() > 32) return std::nullopt;
  std::string out;
  for (char c : typed) {
    if (c == '-' || c == ' ') continue;
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (kInviteAlphabet.find(c) == std::string_view::npos) return std::nullopt;
    out.push_back(c);
  }
  if (out.size() != kInviteLength) return std::nullopt;
  return out;
}

}  // namespace rk::couples
