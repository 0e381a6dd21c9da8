#include "platform/http/ratelimit.hpp"

#include <algorithm>

namespace rk::http {

int RateLimiter::RetryAfter(const std::string& key, Millis now) {
  std::lock_guard lock(mu_);
  auto it = windows_.find(key);
  if (it == windows_.end() || now - it->second.start >= window_ || it->second.hits < limit_) return 0;
  const Millis wait = it->second.start + window_ - now;
  return static_cast<int>((wait + 999) / 1000);
}

void RateLimiter::Hit(const std::string& key, Millis now) {
  std::lock_guard lock(mu_);
  Prune(now);
  Window& w = windows_[key];
  if (now - w.start >= window_) w = Window{now, 0};
  ++w.hits;
}

void RateLimiter::Reset(const std::string& key) {
  std::lock_guard lock(mu_);
  windows_.erase(key);
}

void RateLimiter::Prune(Millis now) {
  if (now - last_prune_ < window_) return;
  last_prune_ = now;
  for (auto it = windows_.begin(); it != windows_.end();) {
    if (now - it->second.start >= window_) it = windows_.erase(it);
    else ++it;
  }
}

}  // namespace rk::http

namespace rk::http {

int FailureThrottle::WaitLocked(const Entry& e, Millis now) const {
  if (e.attempts < free_) return 0;
  const int beyond = std::min(e.attempts - free_, 30);
  const Millis delay = std::min<Millis>(cap_, static_cast<Millis>(kSecond) << beyond);
  const Millis wait = e.last + delay - now;
  return wait <= 0 ? 0 : static_cast<int>((wait + 999) / 1000);
}

int FailureThrottle::Begin(const std::string& key, Millis now) {
  std::lock_guard lock(mu_);
  Prune(now);
  Entry& e = entries_[key];
  if (now - e.last >= forget_after_) e = Entry{};
  if (int wait = WaitLocked(e, now); wait > 0) return wait;
  ++e.attempts;
  e.last = now;
  return 0;
}

int FailureThrottle::WaitFor(const std::string& key, Millis now) {
  std::lock_guard lock(mu_);
  auto it = entries_.find(key);
  if (it == entries_.end() || now - it->second.last >= forget_after_) return 0;
  return WaitLocked(it->second, now);
}

void FailureThrottle::Succeeded(const std::string& key) {
  std::lock_guard lock(mu_);
  entries_.erase(key);
}

void FailureThrottle::Cancel(const std::string& key) {
  std::lock_guard lock(mu_);
  if (auto it = entries_.find(key); it != entries_.end() && it->second.attempts > 0) --it->second.attempts;
}

void FailureThrottle::Prune(Millis now) {
  if (now - last_prune_ < forget_after_) return;
  last_prune_ = now;
  for (auto it = entries_.begin(); it != entries_.end();) {
    if (now - it->second.last >= forget_after_) it = entries_.erase(it);
    else ++it;
  }
}

}  // namespace rk::http
