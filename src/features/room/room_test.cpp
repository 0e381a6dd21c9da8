#include "features/room/room.hpp"

#include <gtest/gtest.h>

namespace rk::room {
namespace {

TEST(Members, JointHasEveryonePrivateItsPartnerAndTheTherapist) {
  const std::vector<std::string> partners{"a", "b"};
  EXPECT_EQ(Members("joint", "t", partners), (std::vector<std::string>{"a", "b", "t"}));
  EXPECT_EQ(Members("a", "t", partners), (std::vector<std::string>{"a", "t"}));
  EXPECT_EQ(Members("b", "t", partners), (std::vector<std::string>{"b", "t"}));
  // Nobody is in a thread of someone who is not a partner (the therapist's own id, a stranger).
  EXPECT_TRUE(Members("t", "t", partners).empty());
  EXPECT_TRUE(Members("c", "t", partners).empty());
  EXPECT_TRUE(Members("private", "t", partners).empty());
}

TEST(CanWrite, ClosedNoPolicyOrNotAcknowledgedRefuse) {
  EXPECT_TRUE(CanWrite(true, 2, false, 2).ok());
  EXPECT_TRUE(CanWrite(true, 2, true, std::nullopt).ok());
  EXPECT_EQ(CanWrite(false, 2, false, 2).error().code, ErrorCode::kConflict);
  EXPECT_EQ(CanWrite(false, 2, true, std::nullopt).error().code, ErrorCode::kConflict);
  EXPECT_EQ(CanWrite(true, std::nullopt, true, std::nullopt).error().code, ErrorCode::kConflict);
  EXPECT_EQ(CanWrite(true, std::nullopt, false, std::nullopt).error().code, ErrorCode::kConflict);
  // An older version acknowledged: the new one must be read first.
  const Status old = CanWrite(true, 3, false, 2);
  ASSERT_FALSE(old.ok());
  ASSERT_EQ(old.error().fields.size(), 1u);
  EXPECT_EQ(old.error().fields[0].field, "policy");
  EXPECT_FALSE(CanWrite(true, 3, false, std::nullopt).ok());
}

TEST(Sniff, TellsPdfAndImagesByTheirBytes) {
  EXPECT_EQ(*Sniff("%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"), Kind::kPdf);
  EXPECT_EQ(*Sniff("\xFF\xD8\xFF\xE0rest"), Kind::kImage);
  EXPECT_EQ(*Sniff(std::string("\x89PNG\r\n\x1A\n", 8) + "rest"), Kind::kImage);
  EXPECT_EQ(Sniff("%PDF-1.7 cut short").error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(Sniff("<html><script>").error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(Sniff("").error().code, ErrorCode::kInvalidArgument);
  std::string big = "%PDF-1.7";
  big.resize(kAttachmentMax + 1, ' ');
  big.replace(big.size() - 6, 5, "%%EOF");
  EXPECT_EQ(Sniff(big).error().code, ErrorCode::kInvalidArgument);
}

TEST(CleanName, KeepsTheLastSegmentWithoutControlsOrQuotes) {
  EXPECT_EQ(CleanName("report.pdf"), "report.pdf");
  EXPECT_EQ(CleanName("C:\\Users\\ana\\plan.pdf"), "plan.pdf");
  EXPECT_EQ(CleanName("../../etc/passwd"), "passwd");
  EXPECT_EQ(CleanName("a\"b\r\nc.pdf"), "abc.pdf");
  EXPECT_EQ(CleanName(""), "attachment");
  EXPECT_EQ(CleanName(".."), "attachment");
  // At most kNameMax characters, never cutting a character in two.
  std::string long_name;
  for (int i = 0; i < 200; ++i) long_name += "é";
  const std::string clean = CleanName(long_name);
  EXPECT_EQ(clean.size(), 2 * kNameMax);
}

}  // namespace
}  // namespace rk::room
