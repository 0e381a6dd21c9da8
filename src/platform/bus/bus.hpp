#pragma once
// Live events between server processes. The live layer publishes an opaque payload (an
// envelope naming the person it is for); every server's handler receives every payload.
//  - InProcessBus: one server; the handler is called directly, on the caller's thread.
//  - PostgresBus: several servers on one PostgreSQL; payloads travel by NOTIFY on the
//    channel "rekindle_live" and every server LISTENs (its own payloads come back too, so
//    delivery has one path).
//
// PostgresBus, in detail:
//  - Publish never blocks: it appends to a bounded queue that the bus's own thread
//    drains, many payloads per round trip. When the queue is full the payload is dropped,
//    counted (dropped()) and logged; live events are hints, the data is in the database.
//  - Payloads are sealed with the data key (crypto::Sealer, context "rekindle_live")
//    before they leave the process. PostgreSQL spills a long notify queue to pg_notify/
//    on disk in plain text; sealed, chat text and call signalling never land there
//    readable. Servers sharing a database share its key file anyway.
//  - A sealed payload longer than one NOTIFY (under 8,000 bytes) is sent in parts by one
//    statement, so one transaction, which PostgreSQL delivers together; receivers join
//    them. The payload limit is therefore kMaxPayload, not the NOTIFY limit.
// Thread-safe.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "platform/base/result.hpp"
#include "platform/crypto/sealer.hpp"

namespace rk::bus {

// Called with each payload, on a bus thread or the publisher's.
using Handler = std::function<void(const std::string& payload)>;

// The largest payload a bus carries.
inline constexpr std::size_t kMaxPayload = 32 * 1024;

class Bus {
 public:
  virtual ~Bus() = default;
  // Sets the handler. Call once, before the first Publish.
  virtual void SetHandler(Handler h) = 0;
  // Publishes a payload. Fails (kInvalidArgument) when it is larger than kMaxPayload, or
  // (kUnavailable) when the queue is full; the payload is then lost.
  virtual Status Publish(std::string payload) = 0;
  virtual std::string_view kind() const = 0;
  // Payloads dropped because the queue was full or could not be sent.
  virtual std::uint64_t dropped() const = 0;
};

std::unique_ptr<Bus> NewInProcessBus();

struct PostgresBusOptions {
  std::size_t queue_limit = 4096;  // payloads waiting to be sent
};
// Connects two sessions to `url` (one to listen, one to notify) and starts listening.
// `sealer` seals and opens payloads; it must outlive the bus.
Result<std::unique_ptr<Bus>> NewPostgresBus(const std::string& url, const crypto::Sealer& sealer,
                                            PostgresBusOptions options = {});

// --- parts of the PostgreSQL wire format, exposed for unit tests --------------------------

// Splits `sealed` into NOTIFY payloads "<origin> <number> <index> <count> <text>", each
// at most `max_bytes` long.
std::vector<std::string> SplitParts(std::string_view origin, std::uint64_t number, std::string_view sealed,
                                    std::size_t max_bytes);
// A PostgreSQL text[] literal of `items`.
std::string TextArrayLiteral(const std::vector<std::string>& items);

// Joins parts back into sealed texts. Not thread-safe (the listener thread owns it).
class Assembler {
 public:
  // Takes one NOTIFY payload; returns the sealed text when it completes one. Malformed
  // parts are ignored; incomplete ones are forgotten after `max_age` of steady time.
  std::optional<std::string> Add(std::string_view part, std::int64_t now_ms, std::int64_t max_age_ms = 30'000);
  std::size_t pending() const { return pending_.size(); }

 private:
  struct Pending {
    std::vector<std::string> parts;
    std::size_t have = 0;
    std::int64_t started = 0;
  };
  std::map<std::string, Pending> pending_;  // by "<origin> <number>"
};

}  // namespace rk::bus
