#include "platform/base/text.hpp"

#include <unicase.h>
#include <unictype.h>
#include <uninorm.h>
#include <unistr.h>

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

namespace {

// Appends the folded form of `uc`, which began at byte `at` of the input.
void AppendFolded(ucs4_t uc, std::uint32_t at, FoldedText& out) {
  ucs4_t parts[UC_DECOMPOSITION_MAX_LENGTH];
  const int n = uc_canonical_decomposition(uc, parts);
  if (n > 0) {
    // A mapping is one level deep; its parts may decompose further (ǖ is ü + macron).
    for (int i = 0; i < n; ++i) AppendFolded(parts[i], at, out);
    return;
  }
  if (uc_is_general_category(uc, UC_CATEGORY_Mn)) return;
  uint8_t bytes[6];
  const int len = u8_uctomb(bytes, uc_tolower(uc), sizeof bytes);
  for (int i = 0; i < len; ++i) {
    out.text.push_back(static_cast<char>(bytes[i]));
    out.source.push_back(at);
  }
}

}  // namespace

FoldedText FoldForSearch(std::string_view s) {
  FoldedText out;
  out.text.reserve(s.size());
  out.source.reserve(s.size());
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  for (std::size_t i = 0; i < s.size();) {
    ucs4_t uc = 0;
    const int n = u8_mbtouc(&uc, p + i, s.size() - i);
    AppendFolded(uc, static_cast<std::uint32_t>(i), out);
    i += static_cast<std::size_t>(n > 0 ? n : 1);
  }
  return out;
}

}  // namespace rk
