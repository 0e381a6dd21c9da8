#include "platform/live/channel.hpp"

#include <gtest/gtest.h>

#include "platform/live/live_test_support.hpp"

namespace rk::live {
namespace {

using testing::RecordingSink;
namespace json = boost::json;

// Two couples (ana & ben, cy & dee) and a loner, on one server with an in-process bus.
class ChannelTest : public ::testing::Test {
 protected:
  ManualClock clock{1'000'000};
  std::unique_ptr<bus::Bus> bus = bus::NewInProcessBus();
  Hub hub{"srv", HubOptions{}, clock};
  Live live{*bus, hub};

  struct Conn {
    std::shared_ptr<RecordingSink> sink = std::make_shared<RecordingSink>();
    std::unique_ptr<Channel> channel;
    void Send(const std::string& text) { channel->OnText(text); }
  };

  // The couples: ana and ben, cy and dee; others are alone.
  static std::optional<std::string> PartnerOf(const std::string& user) {
    static const std::map<std::string, std::string> partners = {{"ana", "ben"}, {"ben", "ana"}, {"cy", "dee"}, {"dee", "cy"}};
    auto it = partners.find(user);
    return it == partners.end() ? std::nullopt : std::optional<std::string>(it->second);
  }

  Conn Open(const std::string& user, const std::string& session = "s") {
    Conn c;
    c.channel = std::make_unique<Channel>(live, Caller{user, session, PartnerOf(user)}, *c.sink, ChannelLimits{20, 4}, clock);
    c.channel->Open(c.sink);
    return c;
  }
};

TEST_F(ChannelTest, OpensWithHelloAndAnswersPingWithItsId) {
  Conn a = Open("ana");
  a.Send(R"({"type":"ping","v":1,"id":"p1"})");
  EXPECT_EQ(a.sink->types(), (std::vector<std::string>{"hello", "pong"}));
  EXPECT_EQ(a.sink->of("pong")[0].at("id"), "p1");
}

TEST_F(ChannelTest, RefusesFramesThatBreakTheSchemaAndStaysOpen) {
  Conn a = Open("ana");
  a.Send("not json");
  a.Send(R"({"type":"chat.send","v":1,"id":"c1"})");
  a.Send(R"({"type":"nope","v":1,"id":"c2"})");
  a.Send(R"({"type":"ping","v":7})");
  auto errors = a.sink->of("error");
  ASSERT_EQ(errors.size(), 4u);
  EXPECT_EQ(errors[0].at("code"), "invalid_frame");
  EXPECT_FALSE(errors[0].contains("id"));
  EXPECT_EQ(errors[1].at("code"), "invalid_frame");
  EXPECT_EQ(errors[1].at("id"), "c1");
  EXPECT_EQ(errors[2].at("code"), "unknown_type");
  EXPECT_EQ(errors[3].at("code"), "unsupported_version");
  for (auto& e : errors) EXPECT_EQ(Schema::Builtin().Check(Direction::kServerToClient, e), std::nullopt);
  EXPECT_FALSE(a.sink->closed());
}

// Found by the live_frame fuzz target (tests/fuzz/corpus/live_frame/regression-*): an
// empty id was echoed, and a message quoting a long field name ran past the schema's
// limit, so the error frames broke the schema the client checks them against.
TEST_F(ChannelTest, ErrorFramesConformEvenForOddFrames) {
  Conn a = Open("ana");
  a.Send(R"({"type":"nope","v":1,"id":""})");
  a.Send(R"({"type":"ping","v":1,")" + std::string(600, 'x') + R"(":1})");
  a.Send(R"({"type":")" + std::string(300, 'y') + "\u00e9" + std::string(300, 'y') + R"(","v":1})");
  auto errors = a.sink->of("error");
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_FALSE(errors[0].contains("id"));
  for (auto& e : errors) EXPECT_EQ(Schema::Builtin().Check(Direction::kServerToClient, e), std::nullopt) << e;
}

TEST_F(ChannelTest, TypingAndRelayReachThePartnersConnectionsOnly) {
  Conn ana = Open("ana", "s1");
  Conn ana_phone = Open("ana", "s2");
  Conn ben = Open("ben");
  Conn ben_phone = Open("ben", "s3");
  Conn cy = Open("cy");
  ana.Send(R"({"type":"chat.typing","v":1,"typing":true,"id":"t1"})");
  ana.Send(R"({"type":"relay","v":1,"payload":{"sdp":"offer"}})");
  for (Conn* c : {&ben, &ben_phone}) {
    ASSERT_EQ(c->sink->of("chat.typing").size(), 1u);
    EXPECT_EQ(json::value(c->sink->of("chat.typing")[0]), json::parse(R"({"type":"chat.typing","v":1,"typing":true})"));
    ASSERT_EQ(c->sink->of("relay").size(), 1u);
    EXPECT_EQ(c->sink->of("relay")[0].at("payload"), json::parse(R"({"sdp":"offer"})"));
  }
  for (Conn* c : {&ana, &ana_phone, &cy}) {
    EXPECT_TRUE(c->sink->of("chat.typing").empty());
    EXPECT_TRUE(c->sink->of("relay").empty());
  }
  EXPECT_EQ(ana.sink->of("ack").size(), 1u) << "only the frame with an id is acknowledged";
}

TEST_F(ChannelTest, SomeoneWithoutAPartnerHasNobodyToRelayTo) {
  Conn solo = Open("solo");
  solo.Send(R"({"type":"relay","v":1,"id":"r1","payload":1})");
  ASSERT_EQ(solo.sink->of("error").size(), 1u);
  EXPECT_EQ(solo.sink->of("error")[0].at("code"), "no_partner");
}

TEST_F(ChannelTest, TypingIsRateLimited) {
  Conn ana = Open("ana");
  Conn ben = Open("ben");
  for (int i = 0; i < 6; ++i) ana.Send(R"({"type":"chat.typing","v":1,"typing":true})");
  EXPECT_EQ(ben.sink->of("chat.typing").size(), 4u);
  EXPECT_EQ(ana.sink->of("error").size(), 2u);
  clock.Advance(kSecond);
  ana.Send(R"({"type":"chat.typing","v":1,"typing":false})");
  EXPECT_EQ(ben.sink->of("chat.typing").size(), 5u);
}

TEST_F(ChannelTest, AFloodClosesTheConnectionWithPolicy) {
  Conn a = Open("ana");
  for (int i = 0; i < 25; ++i) a.Send(R"({"type":"ping","v":1})");
  EXPECT_EQ(a.sink->closed(), CloseCode::kPolicy);
  EXPECT_EQ(a.sink->of("pong").size(), 20u);
}

TEST_F(ChannelTest, RegisteredFramesBecomeRequestsAnsweredWithAckOrError) {
  live.On<ChatSend>([](const ChatSend& f) {
    return Forward{"POST", "/api/v1/chat/messages", json::serialize(json::object{{"text", f.text}}), "id"};
  });
  Conn a = Open("ana");
  a.Send(R"({"type":"chat.send","v":1,"id":"c1","text":"hi"})");
  a.Send(R"({"type":"chat.send","v":1,"id":"c2","text":"bad"})");
  const auto forwarded = a.sink->forwarded();
  ASSERT_EQ(forwarded.size(), 2u);
  EXPECT_EQ(forwarded[0].first, "c1");
  EXPECT_EQ(forwarded[0].second.method, "POST");
  EXPECT_EQ(forwarded[0].second.path, "/api/v1/chat/messages");
  EXPECT_EQ(json::parse(forwarded[0].second.body), json::parse(R"({"text":"hi"})"));
  // The connection carried them out; the channel answers.
  a.channel->Answer(forwarded[0].first, forwarded[0].second, 201, R"({"id":"m1","text":"hi"})");
  a.channel->Answer(forwarded[1].first, forwarded[1].second, 400,
                    R"({"type":"urn:rekindle:problem:invalid-request","status":400,"detail":"That will not do."})");
  ASSERT_EQ(a.sink->of("ack").size(), 1u);
  EXPECT_EQ(json::value(a.sink->of("ack")[0]), json::parse(R"({"type":"ack","v":1,"id":"c1","ref":"m1"})"));
  ASSERT_EQ(a.sink->of("error").size(), 1u);
  EXPECT_EQ(a.sink->of("error")[0].at("code"), "invalid");
  EXPECT_EQ(a.sink->of("error")[0].at("message"), "That will not do.");
}

TEST_F(ChannelTest, ResumeReplaysEventsPublishedThroughLive) {
  std::string epoch;
  {
    Conn first = Open("ana");
    epoch = std::string(first.sink->frames()[0].at("epoch").as_string());
    live.Publish("ana", ChatRead{"m1"});
  }  // closed: the channel leaves the hub
  live.Publish("ana", ChatRead{"m2"});
  Conn again = Open("ana");
  again.Send(R"({"type":"resume","v":1,"epoch":")" + epoch + R"(","seq":1})");
  EXPECT_EQ(again.sink->types(), (std::vector<std::string>{"hello", "chat.read", "resumed"}));
  EXPECT_EQ(again.sink->of("chat.read")[0].at("up_to"), "m2");
  again.Send(R"({"type":"resume","v":1,"epoch":")" + epoch + R"(","seq":1})");
  EXPECT_EQ(again.sink->of("error").size(), 1u) << "one resume per connection";
}

TEST_F(ChannelTest, CoupleChangedClosesAndForgets) {
  Conn ana = Open("ana");
  const auto epoch = ana.sink->frames()[0].at("epoch");
  live.Publish("ana", ChatRead{"m1"});
  clock.Advance(1);
  live.CoupleChanged("ana");
  EXPECT_EQ(ana.sink->closed(), CloseCode::kCoupleChanged);
  Conn again = Open("ana");
  again.Send(R"({"type":"resume","v":1,"epoch":")" + std::string(epoch.as_string()) + R"(","seq":0})");
  ASSERT_EQ(again.sink->of("reload").size(), 1u) << "the frames before the change are forgotten";
  EXPECT_EQ(again.sink->of("reload")[0].at("reason"), "gone");
}

}  // namespace
}  // namespace rk::live
