#include "platform/http/ratelimit.hpp"

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
