#include "features/therapists/therapists.hpp"

#include <zlib.h>

#include <algorithm>
#include <cctype>

#include "platform/base/timezone.hpp"

namespace rk::therapists {
namespace {

bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }

FieldError Missing(std::string field, std::string message) { return {std::move(field), "required", std::move(message)}; }

std::uint32_t Be32(std::string_view b, std::size_t at) {
  return (std::uint32_t(std::uint8_t(b[at])) << 24) | (std::uint32_t(std::uint8_t(b[at + 1])) << 16) |
         (std::uint32_t(std::uint8_t(b[at + 2])) << 8) | std::uint32_t(std::uint8_t(b[at + 3]));
}
int Be16(std::string_view b, std::size_t at) { return (std::uint8_t(b[at]) << 8) | std::uint8_t(b[at + 1]); }

Error NotAPhoto(std::string why) {
  return Error::Invalid("That file is not a photo we can use.", {{"photo", "invalid", std::move(why)}});
}

Status CheckSize(int w, int h) {
  if (w <= 0 || h <= 0) return NotAPhoto("The image has no size.");
  if (w > kPhotoMaxSide || h > kPhotoMaxSide)
    return NotAPhoto("Use an image of at most 4096 pixels on each side.");
  return {};
}

// PNG: the signature, then chunks (length, type, data, CRC) from IHDR to IEND, each CRC
// checked. Ancillary chunks that carry text, times or EXIF are left out.
Result<Photo> CleanPng(std::string_view b) {
  static constexpr std::string_view kSignature("\x89PNG\r\n\x1a\n", 8);
  std::string out(kSignature);
  std::size_t at = kSignature.size();
  int width = 0, height = 0;
  bool first = true, ended = false;
  while (!ended) {
    if (b.size() - at < 12) return NotAPhoto("The PNG file is cut short.");
    const std::uint32_t length = Be32(b, at);
    if (length > b.size() - at - 12) return NotAPhoto("The PNG file is cut short.");
    const std::string_view type = b.substr(at + 4, 4);
    const std::string_view chunk = b.substr(at, 12 + length);
    for (char c : type)
      if (!std::isalpha(static_cast<unsigned char>(c))) return NotAPhoto("The PNG file is damaged.");
    const std::uint32_t crc = Be32(b, at + 8 + length);
    const auto* typed = reinterpret_cast<const Bytef*>(b.data() + at + 4);
    if (crc32(crc32(0, nullptr, 0), typed, 4 + length) != crc) return NotAPhoto("The PNG file is damaged.");
    if (first) {
      if (type != "IHDR" || length != 13) return NotAPhoto("The PNG file is damaged.");
      width = static_cast<int>(std::min<std::uint32_t>(Be32(b, at + 8), 1u << 30));
      height = static_cast<int>(std::min<std::uint32_t>(Be32(b, at + 12), 1u << 30));
      first = false;
    }
    ended = type == "IEND";
    static constexpr std::string_view kDropped[] = {"tEXt", "zTXt", "iTXt", "eXIf", "tIME"};
    if (std::find(std::begin(kDropped), std::end(kDropped), type) == std::end(kDropped)) out.append(chunk);
    at += 12 + length;
  }
  if (at != b.size()) return NotAPhoto("The PNG file has something after its end.");
  RK_TRY(CheckSize(width, height));
  return Photo{"image/png", std::move(out), width, height};
}

// JPEG: SOI, then marker segments up to SOS, then the entropy-coded data to EOI. APPn
// segments other than APP0 (JFIF) and APP14 (Adobe colour), and comments, are left out:
// APP1 holds EXIF (with GPS) and XMP.
Result<Photo> CleanJpeg(std::string_view b) {
  std::string out = "\xFF\xD8";
  std::size_t at = 2;
  int width = 0, height = 0;
  for (;;) {
    if (b.size() - at < 4 || std::uint8_t(b[at]) != 0xFF) return NotAPhoto("The JPEG file is damaged.");
    const std::uint8_t marker = std::uint8_t(b[at + 1]);
    if (marker == 0xFF) {  // fill byte
      ++at;
      continue;
    }
    const std::size_t length = static_cast<std::size_t>(Be16(b, at + 2));
    if (length < 2 || length > b.size() - at - 2) return NotAPhoto("The JPEG file is cut short.");
    const std::string_view segment = b.substr(at, 2 + length);
    const bool is_sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    if (is_sof) {
      if (length < 7) return NotAPhoto("The JPEG file is damaged.");
      height = Be16(b, at + 5);
      width = Be16(b, at + 7);
    }
    const bool app = marker >= 0xE0 && marker <= 0xEF;
    const bool dropped = (app && marker != 0xE0 && marker != 0xEE) || marker == 0xFE;
    if (!dropped) out.append(segment);
    at += 2 + length;
    if (marker == 0xDA) break;  // start of scan: the image data follows
  }
  // The image data runs to the EOI marker, which must end the file.
  if (b.size() < at + 2 || b.substr(b.size() - 2) != "\xFF\xD9") return NotAPhoto("The JPEG file is cut short.");
  out.append(b.substr(at));
  RK_TRY(CheckSize(width, height));
  return Photo{"image/jpeg", std::move(out), width, height};
}

}  // namespace

bool InVocabulary(std::span<const std::string_view> words, std::string_view w) {
  return std::find(words.begin(), words.end(), w) != words.end();
}

bool IsLanguageTag(std::string_view tag) {
  return tag.size() >= 2 && tag.size() <= 3 && std::all_of(tag.begin(), tag.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

std::optional<Place> ParsePlace(std::string_view text) {
  if (text.size() < 2 || !IsUpper(text[0]) || !IsUpper(text[1])) return std::nullopt;
  Place p{std::string(text.substr(0, 2)), ""};
  if (text.size() == 2) return p;
  if (text[2] != '-' || text.size() < 4 || text.size() > 6) return std::nullopt;
  for (char c : text.substr(3))
    if (!IsUpper(c) && !(c >= '0' && c <= '9')) return std::nullopt;
  p.region = std::string(text);
  return p;
}

std::string FormatPlace(const Place& p) { return p.region.empty() ? p.country : p.region; }

Status CheckHours(std::vector<Hours>& hours) {
  std::vector<FieldError> errors;
  if (hours.size() > kHoursMax) return Error::Invalid("Too many hours.", {{"hours", "too_many", "List at most 70 windows a week."}});
  for (std::size_t i = 0; i < hours.size(); ++i) {
    const Hours& h = hours[i];
    const bool ok = h.weekday >= 1 && h.weekday <= 7 && h.start_minute >= 0 && h.end_minute <= 24 * 60 &&
                    h.start_minute < h.end_minute && h.start_minute % kMinuteStep == 0 && h.end_minute % kMinuteStep == 0;
    if (!ok)
      errors.push_back({"hours[" + std::to_string(i) + "]", "invalid",
                        "Each window is a weekday from 1 (Monday) to 7, and a start before its end in steps of 15 minutes."});
  }
  if (!errors.empty()) return Error::Invalid("Some hours are not right.", std::move(errors));
  std::sort(hours.begin(), hours.end(), [](const Hours& a, const Hours& b) {
    return a.weekday != b.weekday ? a.weekday < b.weekday : a.start_minute < b.start_minute;
  });
  for (std::size_t i = 1; i < hours.size(); ++i) {
    if (hours[i].weekday == hours[i - 1].weekday && hours[i].start_minute < hours[i - 1].end_minute)
      return Error::Invalid("Some hours overlap.",
                            {{"hours", "overlap", "Two windows on the same day overlap; join them into one."}});
  }
  return {};
}

Status CheckComplete(const Profile& p) {
  std::vector<FieldError> e;
  if (p.full_name.empty()) e.push_back(Missing("full_name", "Your name as it is on your licence."));
  if (p.credential.empty()) e.push_back(Missing("credential", "Choose your credential."));
  if (p.licence_number.empty()) e.push_back(Missing("licence_number", "Your licence number."));
  if (p.licensing_body.empty()) e.push_back(Missing("licensing_body", "The body that issued your licence."));
  if (p.jurisdictions.empty()) e.push_back(Missing("jurisdictions", "Where your licence lets you practise."));
  if (p.languages.empty()) e.push_back(Missing("languages", "The languages you work in."));
  if (p.modalities.empty()) e.push_back(Missing("modalities", "How you meet clients: video, chat or both."));
  if (p.specialties.empty()) e.push_back(Missing("specialties", "At least one specialty."));
  if (p.bio.empty()) e.push_back(Missing("bio", "A few words about how you work."));
  if (p.capacity < 1) e.push_back(Missing("capacity", "How many couples you can see at once."));
  if (!e.empty()) return Error::Invalid("Your profile is not complete yet.", std::move(e));
  return {};
}

bool ChangesLicence(const Profile& before, const Profile& after) {
  auto sorted = [](std::vector<Place> v) {
    std::sort(v.begin(), v.end());
    return v;
  };
  return before.credential != after.credential || before.licence_number != after.licence_number ||
         before.licensing_body != after.licensing_body || sorted(before.jurisdictions) != sorted(after.jurisdictions);
}

bool IsMatchable(std::string_view status, const std::optional<std::string>& verified_until, Millis now) {
  if (status != kApproved || !verified_until) return false;
  const auto last = Date::Parse(*verified_until);
  if (!last) return false;
  return now < (last->DayNumber() + 1) * kDay;
}

Result<Photo> CleanPhoto(std::string_view bytes) {
  if (bytes.size() > kPhotoMaxBytes) return NotAPhoto("Use a photo of at most 1 MB.");
  if (bytes.starts_with(std::string_view("\x89PNG\r\n\x1a\n", 8))) return CleanPng(bytes);
  if (bytes.starts_with("\xFF\xD8\xFF")) return CleanJpeg(bytes);
  return NotAPhoto("Use a JPEG or PNG photo.");
}

}  // namespace rk::therapists
