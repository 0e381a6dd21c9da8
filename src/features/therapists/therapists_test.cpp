#include "features/therapists/therapists.hpp"

#include <gtest/gtest.h>
#include <zlib.h>

namespace rk::therapists {
namespace {

std::string Be32(std::uint32_t v) {
  return {char(v >> 24), char(v >> 16), char(v >> 8), char(v)};
}
std::string Chunk(std::string_view type, std::string_view data) {
  std::string typed = std::string(type) + std::string(data);
  const auto crc = crc32(crc32(0, nullptr, 0), reinterpret_cast<const Bytef*>(typed.data()), typed.size());
  return Be32(static_cast<std::uint32_t>(data.size())) + typed + Be32(static_cast<std::uint32_t>(crc));
}
// A PNG's structure (the pixels need not decode: only the structure is checked).
std::string Png(int w, int h, std::string_view extra_chunks = "") {
  std::string ihdr = Be32(w) + Be32(h) + std::string("\x08\x02\x00\x00\x00", 5);
  return std::string("\x89PNG\r\n\x1a\n", 8) + Chunk("IHDR", ihdr) + std::string(extra_chunks) + Chunk("IDAT", "xyz") +
         Chunk("IEND", "");
}
std::string Segment(unsigned char marker, std::string_view data) {
  const std::size_t n = data.size() + 2;
  return std::string{char(0xFF), char(marker), char(n >> 8), char(n & 0xFF)} + std::string(data);
}
std::string Jpeg(int w, int h, std::string_view extra = "") {
  std::string sof = std::string("\x08", 1) + std::string{char(h >> 8), char(h & 0xFF), char(w >> 8), char(w & 0xFF)} +
                    std::string("\x01\x01\x11\x00", 4);
  return std::string("\xFF\xD8", 2) + Segment(0xE0, "JFIF\0\x01\x02") + std::string(extra) + Segment(0xC0, sof) +
         Segment(0xDA, std::string("\x01\x01\x00\x00\x3f\x00", 6)) + "scan data" + std::string("\xFF\xD9", 2);
}

TEST(Places, ParseCountriesAndRegions) {
  EXPECT_EQ(ParsePlace("US"), (Place{"US", ""}));
  EXPECT_EQ(ParsePlace("US-CA"), (Place{"US", "US-CA"}));
  EXPECT_EQ(ParsePlace("ES-CT"), (Place{"ES", "ES-CT"}));
  EXPECT_EQ(ParsePlace("GB-ENG"), (Place{"GB", "GB-ENG"}));
  for (const char* bad : {"", "u", "us", "USA", "US-", "US-ca", "US-CALIF", "U1", "US_CA"}) EXPECT_EQ(ParsePlace(bad), std::nullopt) << bad;
  EXPECT_EQ(FormatPlace({"US", "US-CA"}), "US-CA");
  EXPECT_EQ(FormatPlace({"DE", ""}), "DE");
}

TEST(Hours, AreSortedAndMayNotOverlap) {
  std::vector<Hours> h{{2, 600, 720}, {1, 540, 600}, {2, 780, 1020}};
  ASSERT_TRUE(CheckHours(h).ok());
  EXPECT_EQ(h.front(), (Hours{1, 540, 600}));
  std::vector<Hours> touching{{1, 540, 600}, {1, 600, 660}};
  EXPECT_TRUE(CheckHours(touching).ok());
  std::vector<Hours> overlap{{1, 540, 660}, {1, 600, 705}};
  auto s = CheckHours(overlap);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().fields[0].code, "overlap");
  for (Hours bad : {Hours{0, 0, 60}, Hours{8, 0, 60}, Hours{1, 60, 60}, Hours{1, 70, 120}, Hours{1, 0, 24 * 60 + 15},
                    Hours{1, -15, 60}}) {
    std::vector<Hours> v{bad};
    auto r = CheckHours(v);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().fields[0].field, "hours[0]");
  }
  std::vector<Hours> whole_day{{7, 0, 24 * 60}};
  EXPECT_TRUE(CheckHours(whole_day).ok());
}

TEST(Profiles, AreCompleteOnlyWithWhatAnOperatorAndACoupleNeed) {
  Profile p;
  auto s = CheckComplete(p);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().fields.size(), 10u);
  p = {"Ana Ruiz", "psychologist", "M-123", "Colegio Oficial", {{"ES", ""}}, {"es"}, {"video"}, {"couples"}, {}, "",
       "I work with couples.", 6000, 50, 8, "Europe/Madrid", 24, 24};
  EXPECT_TRUE(CheckComplete(p).ok());
  Profile moved = p;
  moved.bio = "Changed.";
  moved.fee = 7000;
  EXPECT_FALSE(ChangesLicence(p, moved));
  moved.jurisdictions = {{"ES", ""}, {"PT", ""}};
  EXPECT_TRUE(ChangesLicence(p, moved));
  Profile reordered = p;
  reordered.jurisdictions = {{"ES", ""}};
  EXPECT_FALSE(ChangesLicence(p, reordered));
}

TEST(Profiles, AreMatchableOnlyApprovedAndThroughTheVerificationsLastDay) {
  const Millis day = 20000 * kDay;  // 2024-10-04
  EXPECT_TRUE(IsMatchable(kApproved, "2024-10-04", day + 23 * kHour));
  EXPECT_FALSE(IsMatchable(kApproved, "2024-10-04", day + kDay));
  EXPECT_FALSE(IsMatchable(kApproved, std::nullopt, day));
  EXPECT_FALSE(IsMatchable(kSuspended, "2030-01-01", day));
  EXPECT_FALSE(IsMatchable(kSubmitted, "2030-01-01", day));
  EXPECT_FALSE(IsMatchable(kApproved, "not a day", day));
}

TEST(Photos, PngKeepsItsImageAndLosesItsText) {
  const std::string with_text = Png(400, 300, Chunk("tEXt", "GPS\0somewhere") + Chunk("eXIf", "exif"));
  auto p = CleanPhoto(with_text);
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_EQ(p->content_type, "image/png");
  EXPECT_EQ(p->width, 400);
  EXPECT_EQ(p->height, 300);
  EXPECT_EQ(p->bytes, Png(400, 300));
  EXPECT_EQ(p->bytes.find("somewhere"), std::string::npos);
}

TEST(Photos, JpegKeepsItsImageAndLosesExifAndComments) {
  const std::string exif = Segment(0xE1, "Exif\0\0GPS here") + Segment(0xFE, "a comment");
  auto p = CleanPhoto(Jpeg(640, 480, exif));
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_EQ(p->content_type, "image/jpeg");
  EXPECT_EQ(p->width, 640);
  EXPECT_EQ(p->height, 480);
  EXPECT_EQ(p->bytes, Jpeg(640, 480));
}

TEST(Photos, AnythingElseIsRefused) {
  std::string damaged = Png(10, 10);
  damaged[20] ^= 1;  // inside IHDR: the CRC no longer matches
  std::string trailing = Png(10, 10) + "<script>";
  std::string cut = Png(10, 10).substr(0, 40);
  std::string jpeg_cut = Jpeg(10, 10).substr(0, 30);
  for (const std::string& bad : {std::string("GIF89a...."), std::string("<svg xmlns='http://www.w3.org/2000/svg'/>"), damaged,
                                 trailing, cut, jpeg_cut, Png(5000, 10), Jpeg(10, 5000), Png(0, 10),
                                 std::string(kPhotoMaxBytes + 1, 'x'), std::string()}) {
    auto p = CleanPhoto(bad);
    EXPECT_FALSE(p.ok()) << bad.substr(0, 20);
    if (!p.ok()) {
      EXPECT_EQ(p.error().fields[0].field, "photo");
    }
  }
}

}  // namespace
}  // namespace rk::therapists

namespace rk::therapists {
namespace {
TEST(LanguageTag, TwoOrThreeLowerCaseLetters) {
  EXPECT_TRUE(IsLanguageTag("en"));
  EXPECT_TRUE(IsLanguageTag("yue"));
  EXPECT_FALSE(IsLanguageTag("e"));
  EXPECT_FALSE(IsLanguageTag("EN"));
  EXPECT_FALSE(IsLanguageTag("en-US"));
}
}  // namespace
}  // namespace rk::therapists
