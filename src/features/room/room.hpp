#pragma once
// The couple room: the pure rules. Which threads a room has and who is in each, who may
// write, and what an attachment may be. No I/O.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "platform/base/result.hpp"

namespace rk::room {

// The thread both partners and the therapist are in. A partner's private thread with the
// therapist is keyed by the partner's id; the partner calls it "private".
inline constexpr std::string_view kJoint = "joint";
inline constexpr std::string_view kPrivate = "private";

inline constexpr std::size_t kMessageMax = 4000;   // characters
inline constexpr std::size_t kPolicyMax = 8000;    // characters
inline constexpr std::size_t kNameMax = 120;       // an attachment's file name, characters
inline constexpr std::size_t kAttachmentMax = 1u << 20;

// Who is in thread `thread` of a room with `therapist_id` and `partners`: everyone for
// the joint thread, the partner and the therapist for a partner's private thread, and
// nobody for any other key.
std::vector<std::string> Members(std::string_view thread, const std::string& therapist_id,
                                 const std::vector<std::string>& partners);

// Why `viewer` may not write in a room now, or ok: the room is closed (care ended, the
// couple parted) or has no policy yet (kConflict), or a partner has not acknowledged
// the policy's current version (kConflict, with the field "policy").
// The answer to a partner who has not acknowledged the policy (or not its current version).
Error NotAcknowledged();
Status CanWrite(bool open, std::optional<std::int64_t> policy_version, bool is_therapist,
                std::optional<std::int64_t> acknowledged_version);

// What an attachment is, told by its bytes (never by what the client says): a PDF, or a
// JPEG or PNG image. kInvalid otherwise or when larger than kAttachmentMax.
enum class Kind { kPdf, kImage };
Result<Kind> Sniff(std::string_view bytes);

// A file name fit to keep and to show: the last path segment, without control
// characters, at most kNameMax characters; "attachment" when nothing is left.
std::string CleanName(std::string_view name);

}  // namespace rk::room
