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

namespace rk::http {

// Throttles guesses with an exponential delay instead of a lockout. Each key counts its
// attempts; the first `free` within `forget_after` go through at once, and every further
// one must wait 2^(k) seconds after the previous attempt (k = attempts beyond `free`, so
// 1, 2, 4, 8 ... s), at most `cap`. An attempt is counted when it begins, before the
// password is checked, so a burst of concurrent guesses is throttled like a sequence.
// A success forgets the key (Succeeded) or just un-counts itself (Cancel). Thread-safe;
// in this process's memory.
class FailureThrottle {
 public:
  FailureThrottle(int free, Millis cap, Millis forget_after) : free_(free), cap_(cap), forget_after_(forget_after) {}
  // 0 and counts the attempt when `key` may try now; otherwise the seconds to wait, and
  // counts nothing.
  int Begin(const std::string& key, Millis now);
  // The attempt succeeded: forget the key's attempts.
  void Succeeded(const std::string& key);
  // Takes back one attempt counted by Begin (it turned out not to be a guess).
  void Cancel(const std::string& key);
  // The wait Begin would ask for now, counting nothing (for tests and logs).
  int WaitFor(const std::string& key, Millis now);

 private:
  struct Entry {
    int attempts = 0;
    Millis last = 0;
  };
  int WaitLocked(const Entry& e, Millis now) const;  // REQUIRES: mu_ held
  void Prune(Millis now);                             // REQUIRES: mu_ held
  const int free_;
  const Millis cap_;
  const Millis forget_after_;
  std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;  // GUARDED_BY(mu_)
  Millis last_prune_ = 0;                           // GUARDED_BY(mu_)
};

}  // namespace rk::http
