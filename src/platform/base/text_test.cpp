#include "platform/base/text.hpp"

#include <gtest/gtest.h>

namespace rk {
namespace {

TEST(Nfkc, ComposedAndDecomposedAreTheSame) {
  EXPECT_EQ(NormalizeNfkc("gr\xC3\xBCn"), NormalizeNfkc("gru\xCC\x88n"));  // ü vs u + combining diaeresis
  EXPECT_EQ(*NormalizeNfkc("gru\xCC\x88n"), "gr\xC3\xBCn");
  EXPECT_EQ(*NormalizeNfkc("\xEF\xAC\x81"), "fi");  // the ﬁ ligature is compatibility-equivalent to "fi"
  EXPECT_EQ(*NormalizeNfkc("plain ascii"), "plain ascii");
  EXPECT_EQ(*NormalizeNfkc(""), "");
  EXPECT_FALSE(NormalizeNfkc("\xff\xfe").has_value());
}

TEST(Text, AsciiLowerLeavesOtherBytes) { EXPECT_EQ(AsciiLower("ÄbC"), "Äbc"); }

TEST(Fold, IgnoresCaseAndAccents) {
  EXPECT_EQ(FoldForSearch("Caf\xC3\xA9").text, "cafe");              // é composed
  EXPECT_EQ(FoldForSearch("CAFE\xCC\x81").text, "cafe");              // E + combining acute
  EXPECT_EQ(FoldForSearch("\xC3\x91" "and\xC3\xBA").text, "nandu");     // Ñandú
  EXPECT_EQ(FoldForSearch("\xC7\x96").text, "u");                     // ǖ: two levels of marks
  EXPECT_EQ(FoldForSearch("\xCE\x86\xCE\xA3").text, "\xCE\xB1\xCF\x83");  // ΆΣ -> ασ
  EXPECT_EQ(FoldForSearch("\xF0\x9F\x8C\x99 ok").text, "\xF0\x9F\x8C\x99 ok");  // emoji unchanged
  EXPECT_EQ(FoldForSearch("").text, "");
}

TEST(Fold, MapsEveryByteBackToWhereItCameFrom) {
  const std::string input = "a\xC3\xA9Z";  // a é Z
  const FoldedText f = FoldForSearch(input);
  ASSERT_EQ(f.text, "aez");
  EXPECT_EQ(f.source, (std::vector<std::uint32_t>{0, 1, 3}));
  const FoldedText bad = FoldForSearch("x\xFFy");
  EXPECT_EQ(bad.text, "x\xEF\xBF\xBDy");  // U+FFFD
  EXPECT_EQ(bad.source.back(), 2u);
}

}  // namespace
}  // namespace rk
