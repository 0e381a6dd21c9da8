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

}  // namespace
}  // namespace rk
