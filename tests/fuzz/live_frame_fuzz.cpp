// Client frames of the live protocol. Each line of the input is one text message from
// ana's connection to live::Channel::OnText, the real entry point for client frames (the
// schema check, typed parsing, ping, resume, typing and relay to her partner ben, and
// chat.send handed on as a request), with a few events already in her replay buffer.
// Each line is also checked on its own against the schema and read into every client
// frame type. Properties: every frame the server sends to ana or ben conforms to the
// schema; a client frame that passes the check reads into its type; a forwarded request
// carries a JSON body.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "platform/live/channel.hpp"
#include "platform/live/live_test_support.hpp"

namespace {

using namespace rk;
using namespace rk::live;
namespace json = boost::json;

void Require(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "property broken: %s\n", what);
    __builtin_trap();
  }
}

// The frame on its own: the schema check, and reading it into each client frame type.
void CheckAlone(std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return;
  const json::object& o = v.get_object();
  const auto problem = Schema::Builtin().Check(Direction::kClientToServer, o);
  const bool ok[] = {FromJson<Ping>(o).ok(), FromJson<Resume>(o).ok(), FromJson<ChatSend>(o).ok(),
                     FromJson<ChatTyping>(o).ok(), FromJson<Relay>(o).ok()};
  if (problem) return;
  const std::string_view type = o.at("type").get_string();
  const std::string_view types[] = {Ping::kType, Resume::kType, ChatSend::kType, ChatTyping::kType, Relay::kType};
  for (std::size_t i = 0; i < std::size(types); ++i)
    if (type == types[i]) Require(ok[i], "a frame that passes the schema reads into its type");
}

void CheckSent(const testing::RecordingSink& sink) {
  for (const json::object& frame : sink.frames()) {
    if (auto problem = Schema::Builtin().Check(Direction::kServerToClient, frame))
      std::fprintf(stderr, "%s: %s\n", problem->message.c_str(), json::serialize(frame).c_str());
    Require(!Schema::Builtin().Check(Direction::kServerToClient, frame), "a server frame conforms to the schema");
  }
  for (const auto& [id, request] : sink.forwarded()) {
    boost::system::error_code ec;
    (void)json::parse(request.body, ec);
    Require(!ec, "a forwarded request's body is JSON");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  ManualClock clock{1'000'000};
  auto bus = bus::NewInProcessBus();
  Hub hub{"srv", HubOptions{}, clock};
  Live live{*bus, hub};
  live.On<ChatSend>([](const ChatSend& frame) {
    return Forward{"POST", "/api/v1/chat/messages", json::serialize(json::object{{"text", frame.text}}), "id"};
  });
  auto ana = std::make_shared<testing::RecordingSink>();
  auto ben = std::make_shared<testing::RecordingSink>();
  const ChannelLimits limits{20, 4};
  Channel ana_channel(live, Caller{"ana", "s1", "ben"}, *ana, limits, clock);
  Channel ben_channel(live, Caller{"ben", "s2", "ana"}, *ben, limits, clock);
  ana_channel.Open(ana);
  ben_channel.Open(ben);
  live.Publish("ana", ChatMessage{Message{"m1", "partner", "hello", "2026-11-21T12:00:00Z"}});
  live.Publish("ana", DailyChanged{});

  std::string_view rest(reinterpret_cast<const char*>(data), size);
  for (int n = 0; n < 64 && !rest.empty(); ++n) {
    const std::size_t eol = rest.find('\n');
    const std::string_view line = rest.substr(0, eol);
    rest = eol == std::string_view::npos ? std::string_view() : rest.substr(eol + 1);
    CheckAlone(line);
    ana_channel.OnText(line);
    clock.Advance(40);
  }
  CheckSent(*ana);
  CheckSent(*ben);
  return 0;
}
