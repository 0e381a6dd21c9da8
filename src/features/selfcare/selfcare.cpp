#include "features/selfcare/selfcare.hpp"

#include <algorithm>

namespace rk::selfcare {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\v'; }
bool IsContinuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// At most `max` code points of `text` from byte `from`, white space runs as one space,
// "…" before when `from` is not the start and after when the text goes on.
std::string Tidy(std::string_view text, std::size_t from, std::size_t max) {
  std::string out;
  std::size_t points = 0;
  bool space = false;
  std::size_t i = from;
  while (i < text.size() && IsSpace(text[i])) ++i;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (IsSpace(c)) {
      space = true;
      continue;
    }
    if (!IsContinuation(c)) {
      if (points + (space ? 1 : 0) >= max) break;
      if (space && !out.empty()) {
        out.push_back(' ');
        ++points;
      }
      space = false;
      ++points;
    }
    out.push_back(c);
  }
  // Only white space left is not "more".
  while (i < text.size() && IsSpace(text[i])) ++i;
  if (i < text.size()) out += "…";
  if (from > 0) out.insert(0, "…");
  return out;
}

}  // namespace

bool IsKind(std::string_view kind) { return std::find(std::begin(kKinds), std::end(kKinds), kind) != std::end(kKinds); }

DayWindow LogWindow(std::int64_t today) { return {today - kDaysBack, today}; }

std::string Excerpt(std::string_view text, std::size_t max) { return Tidy(text, 0, max); }

std::optional<std::string> PrepareQuery(std::string_view q) {
  std::string folded = FoldForSearch(q).text;
  const auto first = folded.find_first_not_of(" \n\r\t\f\v");
  if (first == std::string::npos) return std::nullopt;
  folded.erase(0, first);
  folded.erase(folded.find_last_not_of(" \n\r\t\f\v") + 1);
  return folded;
}

std::optional<std::string> MatchSnippet(std::string_view text, std::string_view query, std::size_t max) {
  if (query.empty()) return std::nullopt;
  const FoldedText folded = FoldForSearch(text);
  const std::size_t at = folded.text.find(query);
  if (at == std::string::npos) return std::nullopt;
  // Start a little before the match, on a code point, so that it reads in context.
  std::size_t from = folded.source[at];
  for (std::size_t back = 0; from > 0 && back < max / 4;) {
    --from;
    if (!IsContinuation(text[from])) ++back;
  }
  return Tidy(text, from, max);
}

}  // namespace rk::selfcare
