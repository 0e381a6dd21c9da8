#include "platform/http/live.hpp"

#include "platform/log/log.hpp"

namespace rk::http {

std::uint64_t LiveHub::Add(const std::string& user_id, std::weak_ptr<LiveSink> sink) {
  std::lock_guard lock(mu_);
  const std::uint64_t token = next_++;
  by_user_[user_id][token] = std::move(sink);
  ++count_;
  return token;
}

void LiveHub::Remove(const std::string& user_id, std::uint64_t token) {
  std::lock_guard lock(mu_);
  auto it = by_user_.find(user_id);
  if (it == by_user_.end()) return;
  if (it->second.erase(token)) --count_;
  if (it->second.empty()) by_user_.erase(it);
}

void LiveHub::Deliver(const std::string& user_id, const std::string& frame) {
  std::vector<std::shared_ptr<LiveSink>> targets;
  {
    std::lock_guard lock(mu_);
    auto it = by_user_.find(user_id);
    if (it == by_user_.end()) return;
    for (auto& [token, weak] : it->second)
      if (auto s = weak.lock()) targets.push_back(std::move(s));
  }
  // One copy of the frame, shared by every receiver; sent outside the lock.
  auto shared = std::make_shared<const std::string>(frame);
  for (auto& s : targets) s->Send(shared);
}

std::size_t LiveHub::connections() const {
  std::lock_guard lock(mu_);
  return count_;
}

Live::Live(bus::Bus& bus, LiveHub& hub) : bus_(bus) {
  bus_.SetHandler([&hub](const std::string& user, const std::string& frame) { hub.Deliver(user, frame); });
}

void Live::Publish(const std::string& user_id, const std::string& frame) {
  if (Status s = bus_.Publish(user_id, frame); !s.ok()) log::Warn("live_publish_failed", {{"error", s.error().message}});
}

}  // namespace rk::http
