// What arrives from other servers on the PostgreSQL bus: each line of the input is one
// NOTIFY payload ("<origin> <number> <index> <count> <text>") for bus::Assembler, which
// joins split messages; a completed message is opened with the data key when sealed
// ("v1:...", as the listener does) or taken as it is (so that the fuzzer reaches the
// next step without forging a seal), decoded as a live envelope and delivered by a hub
// with connections of the person it names. Each line is also decoded on its own.
// Properties: an envelope that decodes encodes to text that decodes to the same
// encoding; the input split by SplitParts and joined in reverse order is the input.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "platform/bus/bus.hpp"
#include "platform/crypto/sealer.hpp"
#include "platform/live/envelope.hpp"
#include "platform/live/hub.hpp"
#include "platform/live/live_test_support.hpp"

namespace {

using namespace rk;

void Require(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "property broken: %s\n", what);
    __builtin_trap();
  }
}

void RoundTrip(std::string_view text) {
  auto e = live::Decode(text);
  if (!e.ok()) return;
  const std::string once = live::Encode(*e);
  auto again = live::Decode(once);
  Require(again.ok() && live::Encode(*again) == once, "an envelope survives encoding");
}

void SplitAndJoin(std::string_view sealed) {
  // As many parts as a receiver takes at most: "origin 7 " and room for two numbers.
  const std::size_t max_bytes = 19 + std::max<std::size_t>(1, (sealed.size() + 32) / 33);
  const auto parts = bus::SplitParts("origin", 7, sealed, max_bytes);
  bus::Assembler assembler;
  std::optional<std::string> whole;
  for (auto it = parts.rbegin(); it != parts.rend(); ++it) {
    Require(it->size() <= max_bytes, "a part fits its NOTIFY");
    Require(!whole, "a message completes with its last part");
    whole = assembler.Add(*it, 0);
  }
  Require(whole && *whole == sealed, "split parts join to the message");
  (void)bus::TextArrayLiteral(parts);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const auto sealer = crypto::Sealer::FromKey("fuzz", std::string(43, 'A'));
  ManualClock clock{1'000'000};
  live::Hub hub{"srv", live::HubOptions{}, clock};
  auto ana = std::make_shared<live::testing::RecordingSink>();
  auto ben = std::make_shared<live::testing::RecordingSink>();
  hub.Add("ana", "s1", ana);
  hub.Add("ben", "s2", ben);
  bus::Assembler assembler;

  const std::string_view input(reinterpret_cast<const char*>(data), size);
  SplitAndJoin(input);
  std::string_view rest = input;
  for (int n = 0; n < 64 && !rest.empty(); ++n) {
    const std::size_t eol = rest.find('\n');
    const std::string_view line = rest.substr(0, eol);
    rest = eol == std::string_view::npos ? std::string_view() : rest.substr(eol + 1);
    RoundTrip(line);
    clock.Advance(1000);
    auto joined = assembler.Add(line, clock.Now());
    if (!joined) continue;
    std::string payload = *joined;
    if (joined->starts_with("v1:")) {
      auto opened = (*sealer)->Open(*joined, "rekindle_live");
      if (!opened.ok()) continue;
      payload = *opened;
    }
    if (auto e = live::Decode(payload); e.ok()) hub.Deliver(*e);
  }
  return 0;
}
