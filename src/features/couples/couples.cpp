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

Status CheckJoin(const InviteState* invite, const std::string& joiner_id, Millis now, bool joiner_in_couple,
                 bool inviter_in_couple) {
  if (!invite) return Error::NotFound("There is no invite with that code. Check it with your partner.");
  if (invite->inviter_id == joiner_id) return Error::Conflict("This is your own invite. Send it to your partner to join.");
  if (invite->used) return Error::Gone("This invite has already been used. Ask your partner for a new one.");
  if (invite->expires_at <= now) return Error::Gone("This invite has expired. Ask your partner for a new one.");
  if (joiner_in_couple) return Error::Conflict("You are already in a couple. Leave it first to join another.");
  if (inviter_in_couple) return Error::Conflict("This invite is no longer open. Ask your partner for a new one.");
  return {};
}

}  // namespace rk::couples
