#pragma once
// The one source of the current time. Everything that reads the time takes a Clock (or,
// in pure code, a `now` argument), so that tests can move time instead of rewriting
// rows. The server reads the clock once per request (http::Request::now).
//
// Thread-safety: every Clock is safe for concurrent use.

#include <atomic>

#include "platform/base/time.hpp"

namespace rk {

class Clock {
 public:
  virtual ~Clock() = default;
  // Milliseconds since the Unix epoch (UTC).
  virtual Millis Now() const = 0;
};

// The system's wall clock.
class SystemClock final : public Clock {
 public:
  Millis Now() const override { return SystemNow(); }
  // One shared instance (it has no state).
  static const SystemClock& Instance() {
    static const SystemClock clock;
    return clock;
  }
};

// A clock that stands still until moved: for unit tests. Starts at `start`.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(Millis start) : now_(start) {}
  Millis Now() const override { return now_.load(std::memory_order_acquire); }
  void Set(Millis t) { now_.store(t, std::memory_order_release); }
  void Advance(Millis by) { now_.fetch_add(by, std::memory_order_acq_rel); }

 private:
  std::atomic<Millis> now_;
};

// The system clock shifted by an offset that can be moved: for the server in test
// builds (rekindle-test), where an endpoint moves it. Time keeps flowing, so rows
// written one after another stay in order; a test jumps ahead by moving the offset.
class OffsetClock final : public Clock {
 public:
  Millis Now() const override { return SystemNow() + offset_.load(std::memory_order_acquire); }
  // Makes Now() return about `t` from here on.
  void Set(Millis t) { offset_.store(t - SystemNow(), std::memory_order_release); }
  void Advance(Millis by) { offset_.fetch_add(by, std::memory_order_acq_rel); }

 private:
  std::atomic<Millis> offset_{0};
};

}  // namespace rk
