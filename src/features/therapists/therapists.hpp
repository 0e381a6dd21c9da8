#pragma once
// Therapists: the pure rules. What a profile may say, which vocabularies its lists use,
// what weekly hours and days off look like, when a profile is matchable, and what an
// uploaded photo must be. No I/O here.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "platform/base/result.hpp"
#include "platform/base/time.hpp"

namespace rk::therapists {

// The vocabularies the lists use: stable ids the web client words in each language.
inline constexpr std::string_view kSpecialties[] = {
    "couples",          "sex_therapy",      "affair_recovery",  "lgbtq_affirming",   "asexual_inclusive",
    "communication",    "conflict",         "intimacy",         "parenting",         "blended_families",
    "separation",       "trauma",           "grief",            "non_monogamy",      "cultural_identity",
};
inline constexpr std::string_view kApproaches[] = {
    "gottman", "eft", "cbt", "imago", "narrative", "solution_focused", "psychodynamic", "integrative", "systemic", "act",
};
inline constexpr std::string_view kModalities[] = {"video", "chat"};
inline constexpr std::string_view kGenders[] = {"woman", "man", "nonbinary", ""};  // "" = not said
inline constexpr std::string_view kCredentials[] = {
    "psychologist", "marriage_family_therapist", "clinical_social_worker", "counsellor", "psychotherapist", "psychiatrist",
    "sex_therapist",
};
bool InVocabulary(std::span<const std::string_view> words, std::string_view w);
// A primary language tag as profiles and questionnaires keep it: 2 or 3 lower-case letters ("en").
bool IsLanguageTag(std::string_view tag);

// Where someone may practise or is: a country (ISO 3166-1 alpha-2, "US") and a region in
// it (ISO 3166-2, "US-CA"), or "" for the whole country.
struct Place {
  std::string country;
  std::string region;
  bool operator==(const Place&) const = default;
  bool operator<(const Place& o) const { return country != o.country ? country < o.country : region < o.region; }
};
// Parses "US" or "US-CA" (two capital letters; a region code of 1-3 capitals or digits
// after the dash). Nullopt when it is not that shape.
std::optional<Place> ParsePlace(std::string_view text);
std::string FormatPlace(const Place& p);

// Weekly hours in the therapist's own time zone: weekday 1 (Monday) to 7, minutes from
// midnight in steps of 15, start before end.
struct Hours {
  int weekday = 1;
  int start_minute = 0;
  int end_minute = 0;
  bool operator==(const Hours&) const = default;
};
inline constexpr int kMinuteStep = 15;
inline constexpr std::size_t kHoursMax = 70;     // windows per week
inline constexpr std::size_t kDaysOffMax = 366;  // days off listed ahead
// Sorts `hours` and checks each window and that none overlap; the field error names the
// first bad window ("hours[3]").
Status CheckHours(std::vector<Hours>& hours);

// Statuses a profile goes through. An applicant writes a draft and submits it; an
// operator approves it (after recording a licence verification) or refuses it with a
// reason, and may suspend an approved one. A refused profile may be changed and
// submitted again; a suspended one only an operator lifts.
inline constexpr std::string_view kDraft = "draft";
inline constexpr std::string_view kSubmitted = "submitted";
inline constexpr std::string_view kApproved = "approved";
inline constexpr std::string_view kRefused = "refused";
inline constexpr std::string_view kSuspended = "suspended";

// A profile as the therapist writes it (the operator's part, status and verification,
// lives beside it).
struct Profile {
  std::string full_name;
  std::string credential;
  std::string licence_number;
  std::string licensing_body;
  std::vector<Place> jurisdictions;
  std::vector<std::string> languages;    // primary language tags: "en", "es"
  std::vector<std::string> modalities;   // kModalities
  std::vector<std::string> specialties;  // kSpecialties
  std::vector<std::string> approaches;   // kApproaches
  std::string gender;                    // kGenders
  std::string bio;
  std::int64_t fee = 0;  // per session, minor units of the deployment's currency
  int session_minutes = 50;
  int capacity = 0;  // the most couples at once
  std::string time_zone = "UTC";
  int cancel_hours = 24;      // a session can be cancelled until this long before it
  int reschedule_hours = 24;  // and moved until this long before it
};

inline constexpr std::size_t kNameMax = 100;
inline constexpr std::size_t kLicenceMax = 60;
inline constexpr std::size_t kBodyMax = 200;
inline constexpr std::size_t kBioMax = 2000;
inline constexpr std::size_t kListMax = 20;
inline constexpr std::int64_t kFeeMax = 10'000'00;  // minor units
inline constexpr int kCapacityMax = 100;

// What a profile lacks before it can be submitted (each as a field error), or ok.
Status CheckComplete(const Profile& p);

// Whether a change from `before` to `after` touches what an operator verified (the
// credential, the licence, the licensing body or where it is valid): such a change
// sends an approved profile back for verification.
bool ChangesLicence(const Profile& before, const Profile& after);

// Matchable: approved, and the licence verification runs through `verified_until` (a
// 'YYYY-MM-DD' day in UTC, inclusive) at `now`.
bool IsMatchable(std::string_view status, const std::optional<std::string>& verified_until, Millis now);

// --- photos --------------------------------------------------------------------------

inline constexpr std::size_t kPhotoMaxBytes = 1u << 20;  // 1 MiB
inline constexpr int kPhotoMaxSide = 4096;

// A photo as kept: its content type and bytes without metadata.
struct Photo {
  std::string content_type;  // image/jpeg or image/png
  std::string bytes;
  int width = 0;
  int height = 0;
};

// Checks that `bytes` is one whole JPEG or PNG image (by its structure, not by what the
// client says it is), at most kPhotoMaxSide on each side, and returns it without the
// parts that may carry metadata (JPEG APPn segments other than JFIF, comments; PNG text,
// time and EXIF chunks), since a phone's photo can say where it was taken. kInvalid with
// the reason otherwise.
Result<Photo> CleanPhoto(std::string_view bytes);

}  // namespace rk::therapists
