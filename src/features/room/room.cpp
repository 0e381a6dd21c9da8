#include "features/room/room.hpp"

#include <algorithm>

namespace rk::room {

std::vector<std::string> Members(std::string_view thread, const std::string& therapist_id,
                                 const std::vector<std::string>& partners) {
  if (thread == kJoint) {
    std::vector<std::string> out = partners;
    out.push_back(therapist_id);
    return out;
  }
  if (std::find(partners.begin(), partners.end(), thread) != partners.end())
    return {std::string(thread), therapist_id};
  return {};
}

Error NotAcknowledged() {
  return Error{ErrorCode::kConflict,
               "Read and acknowledge your therapist's policy on secrets first.",
               {{"policy", "not_acknowledged", "Read the policy and acknowledge it."}},
               0};
}

Status CanWrite(bool open, std::optional<std::int64_t> policy_version, bool is_therapist,
                std::optional<std::int64_t> acknowledged_version) {
  if (!open) return Error::Conflict("This room is closed; what was written stays here to read.");
  if (!policy_version)
    return Error::Conflict(is_therapist ? "Write your policy on secrets first: partners read it before they write."
                                        : "Your therapist hasn't written their policy on secrets yet.");
  if (!is_therapist && acknowledged_version != policy_version) return NotAcknowledged();
  return {};
}

Result<Kind> Sniff(std::string_view bytes) {
  auto invalid = [](std::string why) {
    return Error::Invalid("Attach a PDF, a JPEG or a PNG.", {{"attachment", "invalid", std::move(why)}});
  };
  if (bytes.empty()) return invalid("The file is empty.");
  if (bytes.size() > kAttachmentMax) return invalid("Attach a file of at most 1 MiB.");
  if (bytes.starts_with("%PDF-")) {
    // A whole PDF ends with %%EOF (perhaps followed by line ends).
    const std::string_view tail = bytes.substr(bytes.size() > 1024 ? bytes.size() - 1024 : 0);
    if (tail.find("%%EOF") == std::string_view::npos) return invalid("The PDF is not complete.");
    return Kind::kPdf;
  }
  if (bytes.starts_with("\xFF\xD8\xFF") || bytes.starts_with("\x89PNG\r\n\x1A\n")) return Kind::kImage;
  return invalid("Attach a PDF, a JPEG or a PNG.");
}

std::string CleanName(std::string_view name) {
  if (auto slash = name.find_last_of("/\\"); slash != std::string_view::npos) name = name.substr(slash + 1);
  std::string out;
  std::size_t chars = 0;
  for (const char c : name) {
    const unsigned char ch = static_cast<unsigned char>(c);
    if (ch < 0x20 || ch == 0x7F || ch == '"') continue;
    const bool starts_char = (ch & 0xC0) != 0x80;
    if (starts_char && chars == kNameMax) break;
    if (starts_char) ++chars;
    out.push_back(c);
  }
  const bool blank = std::all_of(out.begin(), out.end(), [](char c) { return c == ' ' || c == '.'; });
  return blank ? "attachment" : out;
}

}  // namespace rk::room
