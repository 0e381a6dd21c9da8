#pragma once
// Small text helpers shared by every layer.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rk {

// The number of Unicode code points in `s`, or nullopt if `s` is not valid UTF-8.
inline std::optional<std::size_t> CodePoints(std::string_view s) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (len == 0 || i + len > s.size()) return std::nullopt;
    for (std::size_t k = 1; k < len; ++k)
      if ((static_cast<unsigned char>(s[i + k]) >> 6) != 0x2) return std::nullopt;
    i += len;
    ++n;
  }
  return n;
}

// ASCII lowercase copy of `s` (other bytes unchanged).
inline std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// The Unicode NFKC form of UTF-8 `s` (so that "ü" typed composed or decomposed is the
// same text), or nullopt if `s` is not valid UTF-8.
std::optional<std::string> NormalizeNfkc(std::string_view s);

// Text folded for matching what a person typed against what they wrote, without case or
// accents: each code point is decomposed (canonical decomposition), its non-spacing
// marks dropped and the rest lowercased, so "Café", "CAFE" and "cafe" followed by
// U+0301 all fold to "cafe". `source[i]` is the byte of the input where the code point
// that gave byte i of `text` begins, so a match in `text` can be found again in the
// input. Bytes that are not UTF-8 fold to U+FFFD.
struct FoldedText {
  std::string text;
  std::vector<std::uint32_t> source;
};
FoldedText FoldForSearch(std::string_view s);

}  // namespace rk
