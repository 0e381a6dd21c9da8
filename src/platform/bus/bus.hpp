#pragma once
// Live events between server processes. A feature publishes a small event for a person;
// every server that has a live connection of that person delivers it.
//  - InProcessBus: one server; the handler is called directly.
//  - PostgresBus: several servers on one PostgreSQL; events travel by NOTIFY on the
//    channel "rekindle_live" and every server LISTENs (its own events come back too, so
//    delivery has one path). A NOTIFY payload must stay under 8,000 bytes.
// Thread-safe.

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "platform/base/result.hpp"

namespace rk::bus {

// Called with the key (a person's id) and the payload, on a bus thread or the caller's.
using Handler = std::function<void(const std::string& key, const std::string& payload)>;

class Bus {
 public:
  virtual ~Bus() = default;
  // Sets the handler. Call once, before the first Publish.
  virtual void SetHandler(Handler h) = 0;
  // Publishes an event. Fails when the payload is too large or the bus is down; the
  // event is then lost (live events are hints; the data is in the database).
  virtual Status Publish(std::string_view key, std::string_view payload) = 0;
  virtual std::string_view kind() const = 0;
};

std::unique_ptr<Bus> NewInProcessBus();
// Connects two sessions to `url` (one to listen, one to notify) and starts listening.
Result<std::unique_ptr<Bus>> NewPostgresBus(const std::string& url);

}  // namespace rk::bus
