#pragma once
// A keyed fixed-window counter for throttling (sign-in attempts per account and per
// client address). Pure apart from its mutex: callers pass `now`. Thread-safe.
//
// Limits live in this process's memory: with several servers behind a proxy each one
// counts on its own, so the effective limit is multiplied by the number of servers.

#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

#include "platform/base/time.hpp"

namespace rk::http {

class RateLimiter {
 public:
  // At most `limit` hits per key within `window` milliseconds.
  RateLimiter(int limit, Millis window) : limit_(limit), window_(window) {}

  // Seconds until `key` may try again, or 0 if it may now. Does not count a hit.
  int RetryAfter(const std::string& key, Millis now);
  // Counts one hit for `key`.
  void Hit(const std::string& key, Millis now);
  // Forgets `key` (after a successful sign-in).
  void Reset(const std::string& key);

 private:
  struct Window {
    Millis start = 0;
    int hits = 0;
  };
  void Prune(Millis now);  // REQUIRES: mu_ held

  const int limit_;
  const Millis window_;
  std::mutex mu_;
  std::unordered_map<std::string, Window> windows_;  // GUARDED_BY(mu_)
  Millis last_prune_ = 0;                            // GUARDED_BY(mu_)
};

}  // namespace rk::http
