#include "features/accounts/accounts.hpp"

#include <algorithm>
#include <array>

#include "platform/base/text.hpp"

namespace rk::accounts {
namespace {

std::string Lower(std::string_view s) { return AsciiLower(s); }

constexpr std::array<std::string_view, 6> kRuns = {
    "012345678901234567890", "098765432109876543210", "abcdefghijklmnopqrstuvwxyz",
    "zyxwvutsrqponmlkjihgfedcba", "qwertyuiopasdfghjklzxcvbnm", "mnbvcxzlkjhgfdsapoiuytrewq",
};

// The shortest unit whose repetition makes up `s` ("abcabc" -> "abc"), or `s` itself.
std::string_view RepeatUnit(std::string_view s) {
  for (std::size_t len = 1; len <= s.size() / 2; ++len) {
    if (s.size() % len != 0) continue;
    bool all = true;
    for (std::size_t i = len; i < s.size() && all; i += len) all = s.substr(i, len) == s.substr(0, len);
    if (all) return s.substr(0, len);
  }
  return s;
}

const std::string kPassphraseHint =
    " Try a passphrase: three or four unrelated words you can remember, like a short, odd sentence.";

}  // namespace

Device DescribeDevice(std::string_view ua) {
  auto has = [ua](std::string_view needle) { return ua.find(needle) != std::string_view::npos; };
  Device d{"—", "—"};
  // Order matters: Edge and Opera say "Chrome" too, Chrome says "Safari", Android says "Linux".
  if (has("Edg/") || has("EdgA/") || has("EdgiOS/")) d.browser = "Edge";
  else if (has("OPR/") || has("Opera")) d.browser = "Opera";
  else if (has("SamsungBrowser/")) d.browser = "Samsung Internet";
  else if (has("Firefox/") || has("FxiOS/")) d.browser = "Firefox";
  else if (has("Chromium/")) d.browser = "Chromium";
  else if (has("Chrome/") || has("CriOS/")) d.browser = "Chrome";
  else if (has("Safari/") && has("Version/")) d.browser = "Safari";
  if (has("iPhone") || has("iPad") || has("iPod")) d.system = "iOS";
  else if (has("Android")) d.system = "Android";
  else if (has("Windows")) d.system = "Windows";
  else if (has("CrOS")) d.system = "ChromeOS";
  else if (has("Macintosh") || has("Mac OS X")) d.system = "macOS";
  else if (has("Linux") || has("X11")) d.system = "Linux";
  return d;
}

std::string FormatMailTime(Millis t) {
  const std::string iso = FormatRfc3339(t);  // 2026-11-21T10:30:00.000Z
  return iso.substr(0, 10) + " " + iso.substr(11, 5) + " UTC";
}

bool IsSimpleRun(std::string_view s) {
  if (s.empty()) return true;
  if (std::all_of(s.begin(), s.end(), [&](char c) { return c == s.front(); })) return true;
  for (std::string_view run : kRuns)
    if (s.size() <= run.size() && run.find(s) != std::string_view::npos) return true;
  return false;
}

std::optional<std::string> NormalizeEmail(std::string_view email) {
  while (!email.empty() && (email.front() == ' ' || email.front() == '\t')) email.remove_prefix(1);
  while (!email.empty() && (email.back() == ' ' || email.back() == '\t')) email.remove_suffix(1);
  if (email.size() < 3 || email.size() > 254) return std::nullopt;
  const std::size_t at = email.find('@');
  if (at == 0 || at == std::string_view::npos || email.find('@', at + 1) != std::string_view::npos) return std::nullopt;
  const std::string_view domain = email.substr(at + 1);
  const std::size_t dot = domain.find('.');
  if (domain.empty() || dot == 0 || dot == std::string_view::npos || domain.back() == '.') return std::nullopt;
  for (unsigned char c : email)
    if (c <= ' ' || c == 0x7f || c == '<' || c == '>' || c == ',' || c == ';' || c == '"') return std::nullopt;
  if (!CodePoints(email)) return std::nullopt;
  return Lower(email);
}

bool IsValidLanguage(std::string_view tag) {
  if (tag.size() < 2 || tag.size() > 35) return false;
  std::size_t i = 0, part = 0;
  while (i <= tag.size()) {
    std::size_t j = tag.find('-', i);
    if (j == std::string_view::npos) j = tag.size();
    std::string_view sub = tag.substr(i, j - i);
    if (part == 0) {
      if (sub.size() < 2 || sub.size() > 3 || !std::all_of(sub.begin(), sub.end(), [](char c) { return c >= 'a' && c <= 'z'; }))
        return false;
    } else if (sub.empty() || sub.size() > 8 ||
               !std::all_of(sub.begin(), sub.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)); })) {
      return false;
    }
    ++part;
    i = j + 1;
  }
  return true;
}

PasswordPolicy::PasswordPolicy(std::string_view list) {
  std::size_t i = 0;
  while (i < list.size()) {
    std::size_t j = list.find('\n', i);
    if (j == std::string_view::npos) j = list.size();
    std::string_view line = list.substr(i, j - i);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!line.empty()) common_.insert(Lower(line));
    i = j + 1;
  }
}

bool PasswordPolicy::IsCommon(std::string_view lowered) const { return common_.contains(std::string(lowered)); }

std::optional<FieldError> PasswordPolicy::Check(std::string_view password, const PasswordContext& context,
                                                std::string_view field) const {
  auto fail = [&](std::string code, std::string message) {
    return FieldError{std::string(field), std::move(code), std::move(message)};
  };
  const auto n = CodePoints(password);
  if (!n) return fail("encoding", "The password must be valid text.");
  if (*n < kPasswordMin)
    return fail("too_short", "Use at least " + std::to_string(kPasswordMin) +
                                 " characters. A longer password is the best protection when it is your only key." +
                                 kPassphraseHint);
  if (*n > kPasswordMax) return fail("too_long", "Use at most " + std::to_string(kPasswordMax) + " characters.");

  const std::string lower = Lower(password);
  if (lower.find("rekindle") != std::string::npos)
    return fail("context_word", "Leave the app's name out of your password; it is the first thing anyone would try." +
                                    kPassphraseHint);
  const std::string local = context.email.substr(0, context.email.find('@'));
  if (local.size() >= 3 && lower.find(local) != std::string::npos)
    return fail("context_word", "Leave your e-mail name out of your password; it is easy to guess." + kPassphraseHint);
  const std::string name = Lower(context.display_name);
  if (name.size() >= 4 && lower.find(name) != std::string::npos)
    return fail("context_word", "Leave your name out of your password; it is easy to guess." + kPassphraseHint);

  if (IsSimpleRun(lower))
    return fail("simple_pattern", "This is a simple pattern that is guessed quickly." + kPassphraseHint);
  if (IsCommon(lower))
    return fail("common", "This is one of the most common passwords, so it is guessed first." + kPassphraseHint);

  const std::string_view unit = RepeatUnit(lower);
  if (unit.size() < lower.size())
    return fail("repeated", "A word or pattern repeated is guessed almost as fast as the word alone." + kPassphraseHint);

  // Peel simple runs off either end ("password12345678", "!!!!password") and look again.
  for (std::size_t cut = 1; cut < lower.size(); ++cut) {
    const std::string_view head = std::string_view(lower).substr(0, lower.size() - cut);
    const std::string_view tail = std::string_view(lower).substr(lower.size() - cut);
    const std::string_view front = std::string_view(lower).substr(0, cut);
    const std::string_view rest = std::string_view(lower).substr(cut);
    const bool padded_end = IsSimpleRun(tail) && (IsCommon(head) || RepeatUnit(head).size() < head.size() || head.size() < 4);
    const bool padded_start = IsSimpleRun(front) && (IsCommon(rest) || RepeatUnit(rest).size() < rest.size() || rest.size() < 4);
    if (padded_end || padded_start)
      return fail("common", "This is a common password with a simple run added, which is guessed early." +
                                kPassphraseHint);
  }
  return std::nullopt;
}

}  // namespace rk::accounts
