#include "platform/live/hub.hpp"

#include <gtest/gtest.h>

#include "platform/live/live_test_support.hpp"

namespace rk::live {
namespace {

using testing::RecordingSink;
namespace json = boost::json;

class HubTest : public ::testing::Test {
 protected:
  ManualClock clock{1'000'000};
  Hub hub{"srv", HubOptions{4, 64 * 1024, 60 * kSecond}, clock};

  std::shared_ptr<RecordingSink> Connect(const std::string& user, const std::string& session, std::uint64_t* token = nullptr) {
    auto sink = std::make_shared<RecordingSink>();
    const std::uint64_t t = hub.Add(user, session, sink);
    if (token) *token = t;
    return sink;
  }
  void Event(const std::string& user, const std::string& up_to) {
    hub.Deliver(Envelope::Event(user, ToJson(ChatRead{up_to})));
  }
  static std::vector<std::int64_t> Seqs(const RecordingSink& s) {
    std::vector<std::int64_t> out;
    for (auto& f : s.of("chat.read")) out.push_back(f.at("seq").as_int64());
    return out;
  }
};

TEST_F(HubTest, GreetsEachConnectionWithItsEpochAndSequence) {
  auto a = Connect("ana", "s1");
  ASSERT_EQ(a->types(), std::vector<std::string>{"hello"});
  const json::object hello = a->frames()[0];
  EXPECT_EQ(hello.at("seq").as_int64(), 0);
  EXPECT_TRUE(hello.at("epoch").as_string().starts_with("srv."));
  Event("ana", "m1");
  auto again = Connect("ana", "s2");
  EXPECT_EQ(again->frames()[0].at("seq").as_int64(), 1);
  EXPECT_EQ(again->frames()[0].at("epoch"), hello.at("epoch")) << "same person, same epoch";
  EXPECT_NE(Connect("ben", "s3")->frames()[0].at("epoch"), hello.at("epoch"));
}

TEST_F(HubTest, NumbersEventsPerPersonAndDeliversToEveryConnectionOfThatPersonOnly) {
  auto phone = Connect("ana", "s1");
  auto laptop = Connect("ana", "s2");
  auto other = Connect("ben", "s3");
  Event("ana", "m1");
  Event("ana", "m2");
  Event("ben", "m3");
  EXPECT_EQ(Seqs(*phone), (std::vector<std::int64_t>{1, 2}));
  EXPECT_EQ(Seqs(*laptop), (std::vector<std::int64_t>{1, 2}));
  EXPECT_EQ(Seqs(*other), (std::vector<std::int64_t>{1}));
  EXPECT_EQ(phone->of("chat.read")[1].at("up_to"), "m2");
}

TEST_F(HubTest, DropsEventsForPeopleWithNoConnectionHere) {
  Event("nobody", "m1");
  EXPECT_EQ(hub.people(), 0u);
}

TEST_F(HubTest, EphemeralFramesAreNeitherNumberedNorKept) {
  std::uint64_t token;
  auto a = Connect("ana", "s1", &token);
  const std::string epoch(a->frames()[0].at("epoch").as_string());
  hub.Deliver(Envelope::Ephemeral("ana", ToJson(ChatTyping{true})));
  ASSERT_EQ(a->of("chat.typing").size(), 1u);
  EXPECT_FALSE(a->of("chat.typing")[0].contains("seq"));
  auto b = Connect("ana", "s2");
  EXPECT_EQ(b->frames()[0].at("seq").as_int64(), 0);
}

TEST_F(HubTest, ClosesBySessionAllButASessionOrAll) {
  auto s1 = Connect("ana", "s1");
  auto s2 = Connect("ana", "s2");
  auto s3 = Connect("ana", "s3");
  auto ben = Connect("ben", "s9");
  hub.Deliver(Envelope::Close("ana", Envelope::Scope::kSession, "s1", CloseCode::kSessionEnded, false));
  EXPECT_EQ(s1->closed(), CloseCode::kSessionEnded);
  EXPECT_FALSE(s2->closed());
  hub.Deliver(Envelope::Close("ana", Envelope::Scope::kAllButSession, "s2", CloseCode::kSessionEnded, false));
  EXPECT_FALSE(s2->closed());
  EXPECT_EQ(s3->closed(), CloseCode::kSessionEnded);
  hub.Deliver(Envelope::Close("ana", Envelope::Scope::kAll, "", CloseCode::kCoupleChanged, false));
  EXPECT_EQ(s2->closed(), CloseCode::kCoupleChanged);
  EXPECT_FALSE(ben->closed());
}

TEST_F(HubTest, ForgettingEmptiesTheBufferSoOnlyLaterFramesCanBeResumed) {
  auto a = Connect("ana", "s1");
  const std::string epoch(a->frames()[0].at("epoch").as_string());
  Event("ana", "m1");
  hub.Deliver(Envelope::Close("ana", Envelope::Scope::kAll, "", CloseCode::kCoupleChanged, true));
  EXPECT_EQ(a->closed(), CloseCode::kCoupleChanged);
  Event("ana", "m2");
  std::uint64_t token;
  auto b = Connect("ana", "s1", &token);
  EXPECT_EQ(b->frames()[0].at("epoch"), a->frames()[0].at("epoch"));
  EXPECT_EQ(b->frames()[0].at("seq").as_int64(), 2);
  hub.Resume("ana", token, epoch, 0);
  ASSERT_EQ(b->of("reload").size(), 1u) << "frame 1 was before the change";
  std::uint64_t later;
  auto c = Connect("ana", "s2", &later);
  hub.Resume("ana", later, epoch, 1);
  EXPECT_EQ(c->of("chat.read").size(), 1u);
  EXPECT_EQ(c->of("resumed").size(), 1u);
}

TEST_F(HubTest, ClosesOnlyConnectionsOpenedBeforeTheCloseWasPublished) {
  auto old_one = Connect("ana", "s1");
  const Millis published = clock.Now() + 1;
  clock.Advance(5);
  auto new_one = Connect("ana", "s1");  // opened after the couple changed, before the close arrived
  hub.Deliver(Envelope::Close("ana", Envelope::Scope::kAll, "", CloseCode::kCoupleChanged, true, published));
  EXPECT_EQ(old_one->closed(), CloseCode::kCoupleChanged);
  EXPECT_FALSE(new_one->closed());
}

TEST_F(HubTest, ResumeSendsWhatWasMissedThenResumed) {
  auto first = Connect("ana", "s1");
  const std::string epoch(first->frames()[0].at("epoch").as_string());
  Event("ana", "m1");  // seen by the first connection
  first.reset();       // it drops; the hub holds only a weak pointer
  Event("ana", "m2");
  Event("ana", "m3");
  std::uint64_t token;
  auto second = Connect("ana", "s1", &token);
  EXPECT_EQ(second->frames()[0].at("seq").as_int64(), 3);
  Event("ana", "m4");  // arrives live before the client asks to resume
  hub.Resume("ana", token, epoch, 1);
  EXPECT_EQ(second->types(), (std::vector<std::string>{"hello", "chat.read", "chat.read", "chat.read", "resumed"}));
  EXPECT_EQ(Seqs(*second), (std::vector<std::int64_t>{4, 2, 3}));
  EXPECT_EQ(second->of("resumed")[0].at("seq").as_int64(), 3);
}

TEST_F(HubTest, ResumeAnswersReloadForAnotherEpochOrFramesNoLongerHeld) {
  std::uint64_t token;
  auto a = Connect("ana", "s1", &token);
  const std::string epoch(a->frames()[0].at("epoch").as_string());
  hub.Resume("ana", token, "other.1", 0);
  ASSERT_EQ(a->of("reload").size(), 1u);
  EXPECT_EQ(a->of("reload")[0].at("reason"), "epoch");

  for (int i = 0; i < 6; ++i) Event("ana", "m" + std::to_string(i));  // the buffer holds 4
  std::uint64_t late;
  auto b = Connect("ana", "s2", &late);
  hub.Resume("ana", late, epoch, 1);
  ASSERT_EQ(b->of("reload").size(), 1u);
  EXPECT_EQ(b->of("reload")[0].at("reason"), "gone");
  std::uint64_t recent;
  auto c = Connect("ana", "s3", &recent);
  hub.Resume("ana", recent, epoch, 3);
  EXPECT_EQ(c->of("chat.read").size(), 3u);
  EXPECT_EQ(c->of("resumed").size(), 1u);
}

TEST_F(HubTest, KeepsABufferForRetentionAfterTheLastConnectionThenForgets) {
  std::uint64_t token;
  auto a = Connect("ana", "s1", &token);
  const auto epoch = a->frames()[0].at("epoch");
  hub.Remove("ana", token);
  Event("ana", "m1");  // still buffered: the person was here moments ago
  clock.Advance(30 * kSecond);
  auto b = Connect("ana", "s1", &token);
  EXPECT_EQ(b->frames()[0].at("epoch"), epoch);
  EXPECT_EQ(b->frames()[0].at("seq").as_int64(), 1);
  hub.Remove("ana", token);
  clock.Advance(61 * kSecond);
  Event("ben", "x");  // any call sweeps
  EXPECT_EQ(hub.people(), 0u);
  auto c = Connect("ana", "s1");
  EXPECT_NE(c->frames()[0].at("epoch"), epoch);
}

TEST_F(HubTest, CloseAllClosesEveryConnection) {
  auto a = Connect("ana", "s1");
  auto b = Connect("ben", "s2");
  hub.CloseAll(CloseCode::kGoingAway);
  EXPECT_EQ(a->closed(), CloseCode::kGoingAway);
  EXPECT_EQ(b->closed(), CloseCode::kGoingAway);
}

TEST(LiveEnvelope, EncodesAndDecodesEveryKind) {
  for (const Envelope& e : {Envelope::Event("u", ToJson(ChatRead{"m"})), Envelope::Ephemeral("u", ToJson(ChatTyping{true})),
                            Envelope::Close("u", Envelope::Scope::kAllButSession, "s", CloseCode::kSessionEnded, false),
                            Envelope::Close("u", Envelope::Scope::kAll, "", CloseCode::kCoupleChanged, true)}) {
    auto d = Decode(Encode(e));
    ASSERT_TRUE(d.ok());
    EXPECT_EQ(d->kind, e.kind);
    EXPECT_EQ(d->user_id, e.user_id);
    EXPECT_EQ(d->frame, e.frame);
    EXPECT_EQ(d->scope, e.scope);
    EXPECT_EQ(d->session_id, e.session_id);
    EXPECT_EQ(d->code, e.code);
    EXPECT_EQ(d->forget, e.forget);
  }
  for (const char* bad : {"", "\x01close s", R"({"k":"event","to":"u"})", R"({"k":"close","to":"u","scope":"all","code":1234})",
                          R"({"k":"close","to":"u","scope":"session","code":4000})"})
    EXPECT_FALSE(Decode(bad).ok()) << bad;
}

}  // namespace
}  // namespace rk::live
