#include "platform/crypto/sealer.hpp"

#include <gtest/gtest.h>

#include <set>
#include <vector>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "platform/crypto/crypto.hpp"

namespace rk::crypto {
namespace {

class SealerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(Init());
    dir_ = std::filesystem::path(::testing::TempDir()) / ("rk_keys_" + RandomToken(6));
    path_ = (dir_ / "var" / "rekindle.key").string();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
  std::string path_;
};

TEST_F(SealerTest, CreatesAPrivateKeyFileAndRoundTrips) {
  auto s = Sealer::FromFile(path_);
  ASSERT_TRUE(s.ok()) << s.error().message;
  struct stat st {};
  ASSERT_EQ(::stat(path_.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600);
  const std::string sealed = (*s)->Seal("our secret 🌙", "daily_answers:c:1:u");
  EXPECT_EQ(sealed.rfind("v2:" + (*s)->active_key_id() + ":", 0), 0u);
  EXPECT_EQ(sealed.find("secret"), std::string::npos);
  EXPECT_NE((*s)->Seal("our secret 🌙", "daily_answers:c:1:u"), sealed) << "random nonce per value";
  auto opened = (*s)->Open(sealed, "daily_answers:c:1:u");
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(*opened, "our secret 🌙");
  EXPECT_EQ(*(*s)->Open((*s)->Seal("", "x"), "x"), "");
}

TEST_F(SealerTest, LengthSaysNothingWithinAKind) {
  auto s = Sealer::FromFile(path_);
  ASSERT_TRUE(s.ok());
  // Every kind of value a person answers: each kind seals to one length.
  const std::vector<std::vector<std::string>> kinds = {
      {"yes", "maybe", "no"},                                           // desire answers
      {"a", "Our walk by the river", std::string(200, 'x'), "ü😀"},     // short answers and notes
      {R"({"i01":1,"i02":9})", R"({"i01":5,"i02":5,"i03":7,"i04":2,"i05":3,"i06":4,"i07":9})"},  // drafts
      {std::string(300, 'a'), std::string(500, 'b')},                   // one block further
  };
  for (const auto& kind : kinds) {
    std::set<std::size_t> lengths;
    for (const std::string& v : kind) {
      const std::string sealed = (*s)->Seal(v, "ctx");
      lengths.insert(sealed.size());
      EXPECT_EQ(*(*s)->Open(sealed, "ctx"), v);
    }
    EXPECT_EQ(lengths.size(), 1u) << kind.front();
  }
  EXPECT_LT((*s)->Seal("no", "ctx").size(), (*s)->Seal(std::string(300, 'a'), "ctx").size());
}

TEST_F(SealerTest, OlderUnpaddedValuesStillOpen) {
  // A v1 value as this code sealed it before padding: nonce, then the unpadded text.
  auto s = Sealer::FromKey("k1", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8");
  ASSERT_TRUE(s.ok()) << s.error().message;
  const std::string v2 = (*s)->Seal("kept", "ctx");
  EXPECT_TRUE(Sealer::IsSealed(v2));
  EXPECT_TRUE(Sealer::IsSealed("v1:k1:x"));
  EXPECT_FALSE(Sealer::IsSealed("plain"));
  EXPECT_FALSE((*s)->UnderActiveKey("v1:k1:x")) << "rotation re-seals v1 values";
  EXPECT_TRUE((*s)->UnderActiveKey(v2));
}

TEST_F(SealerTest, AValueMovedOrTamperedWithFailsClosed) {
  auto s = Sealer::FromFile(path_);
  const std::string sealed = (*s)->Seal("private", "notes:1");
  EXPECT_FALSE((*s)->Open(sealed, "notes:2").ok()) << "bound to its row";
  std::string flipped = sealed;
  flipped[flipped.size() - 5] = flipped[flipped.size() - 5] == 'A' ? 'B' : 'A';
  EXPECT_FALSE((*s)->Open(flipped, "notes:1").ok());
  EXPECT_FALSE((*s)->Open("v1:nokey:AAAA", "notes:1").ok());
  EXPECT_FALSE((*s)->Open("v1:broken", "notes:1").ok());
  EXPECT_EQ(*(*s)->Open("written before encryption", "notes:1"), "written before encryption");
}

TEST_F(SealerTest, RotationKeepsOldValuesReadableEverywhereWithoutRestart) {
  auto writer = Sealer::FromFile(path_);
  auto other_server = Sealer::FromFile(path_);  // loaded before the rotation
  const std::string old_id = (*writer)->active_key_id();
  const std::string before = (*writer)->Seal("before", "t:1");
  auto new_id = (*writer)->AddKeyToFile();
  ASSERT_TRUE(new_id.ok());
  EXPECT_NE(*new_id, old_id);
  const std::string after = (*writer)->Seal("after", "t:2");
  EXPECT_FALSE((*writer)->UnderActiveKey(before));
  EXPECT_TRUE((*writer)->UnderActiveKey(after));
  EXPECT_EQ(*(*writer)->Open(before, "t:1"), "before");
  // The other server meets the new key id and re-reads the file.
  EXPECT_EQ(*(*other_server)->Open(after, "t:2"), "after");
  EXPECT_EQ((*other_server)->active_key_id(), *new_id);
}

TEST_F(SealerTest, BadKeyFilesAreRefusedWithTheLine) {
  std::filesystem::create_directories(dir_);
  const std::string bad = (dir_ / "bad.key").string();
  {
    std::ofstream out(bad);
    out << "k1 not-base64!!\n";
  }
  auto s = Sealer::FromFile(bad);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("line 1"), std::string::npos);
  EXPECT_FALSE(Sealer::FromKey("k1", "short").ok());
  auto direct = Sealer::FromKey("cfg", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
  ASSERT_TRUE(direct.ok());
  EXPECT_EQ(*(*direct)->Open((*direct)->Seal("x", "c"), "c"), "x");
  EXPECT_FALSE((*direct)->AddKeyToFile().ok());
}

}  // namespace
}  // namespace rk::crypto
