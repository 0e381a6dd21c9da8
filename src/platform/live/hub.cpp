#include "platform/live/hub.hpp"

#include <vector>

namespace rk::live {

namespace json = boost::json;

namespace {

template <class F>
FramePtr Serialize(const F& frame) {
  return std::make_shared<const std::string>(json::serialize(ToJson(frame)));
}

}  // namespace

Hub::Hub(std::string server_id, HubOptions options, const Clock& clock)
    : server_id_(std::move(server_id)), options_(options), clock_(clock) {}

Hub::Person& Hub::FindOrCreate(const std::string& user_id) {
  auto it = people_.find(user_id);
  if (it != people_.end()) return it->second;
  Person p{NewEpoch(), ReplayBuffer(options_.replay_frames, options_.replay_bytes), {}, 0};
  return people_.emplace(user_id, std::move(p)).first->second;
}

std::string Hub::NewEpoch() { return server_id_ + "." + std::to_string(next_epoch_++); }

void Hub::SweepIdle(Millis now) {
  if (now - last_sweep_ < kSecond) return;
  last_sweep_ = now;
  for (auto it = people_.begin(); it != people_.end();) {
    if (it->second.connections.empty() && now - it->second.idle_since >= options_.retention) it = people_.erase(it);
    else ++it;
  }
}

std::uint64_t Hub::Add(const std::string& user_id, const std::string& session_id, std::weak_ptr<Sink> sink) {
  std::lock_guard lock(mu_);
  const Millis now = clock_.Now();
  SweepIdle(now);
  Person& p = FindOrCreate(user_id);
  const std::uint64_t token = next_token_++;
  const std::int64_t seq = p.replay.last();
  if (auto s = sink.lock()) s->Send(Serialize(Hello{p.epoch, seq}));
  p.connections[token] = Connection{session_id, std::move(sink), seq, now};
  ++connections_;
  return token;
}

void Hub::Remove(const std::string& user_id, std::uint64_t token) {
  std::lock_guard lock(mu_);
  auto it = people_.find(user_id);
  if (it == people_.end() || !it->second.connections.erase(token)) return;
  --connections_;
  if (it->second.connections.empty()) it->second.idle_since = clock_.Now();
}

void Hub::Deliver(const Envelope& e) {
  std::lock_guard lock(mu_);
  SweepIdle(clock_.Now());
  auto it = people_.find(e.user_id);
  if (it == people_.end()) return;
  Person& p = it->second;
  switch (e.kind) {
    case Envelope::Kind::kEvent: {
      json::object frame = e.frame;
      frame["seq"] = p.replay.last() + 1;
      auto text = std::make_shared<const std::string>(json::serialize(frame));
      p.replay.Push(text);
      for (auto& [token, c] : p.connections)
        if (auto s = c.sink.lock()) s->Send(text);
      return;
    }
    case Envelope::Kind::kEphemeral: {
      auto text = std::make_shared<const std::string>(json::serialize(e.frame));
      for (auto& [token, c] : p.connections)
        if (auto s = c.sink.lock()) s->Send(text);
      return;
    }
    case Envelope::Kind::kClose: {
      for (auto& [token, c] : p.connections) {
        const bool match = e.scope == Envelope::Scope::kAll ||
                           (e.scope == Envelope::Scope::kSession && c.session_id == e.session_id) ||
                           (e.scope == Envelope::Scope::kAllButSession && c.session_id != e.session_id);
        if (!match || (e.before && c.opened_at >= e.before)) continue;
        if (auto s = c.sink.lock()) s->Close(e.code);
      }
      // Closed connections leave through Remove. The numbering goes on, so connections
      // opened after `before` can still resume; resuming from before gets reload.
      if (e.forget) p.replay.Clear();
      return;
    }
  }
}

void Hub::Resume(const std::string& user_id, std::uint64_t token, const std::string& epoch, std::int64_t seq) {
  std::lock_guard lock(mu_);
  auto it = people_.find(user_id);
  if (it == people_.end()) return;  // forgotten while the frame was on its way: it is being closed
  Person& p = it->second;
  auto c = p.connections.find(token);
  if (c == p.connections.end()) return;
  auto sink = c->second.sink.lock();
  if (!sink) return;
  if (epoch != p.epoch) {
    sink->Send(Serialize(Reload{"epoch"}));
    return;
  }
  auto missed = p.replay.Range(seq, c->second.hello_seq);
  if (!missed) {
    sink->Send(Serialize(Reload{"gone"}));
    return;
  }
  for (auto& frame : *missed) sink->Send(std::move(frame));
  sink->Send(Serialize(Resumed{c->second.hello_seq}));
}

void Hub::CloseAll(CloseCode code) {
  std::lock_guard lock(mu_);
  for (auto& [user, p] : people_)
    for (auto& [token, c] : p.connections)
      if (auto s = c.sink.lock()) s->Close(code);
}

std::size_t Hub::connections() const {
  std::lock_guard lock(mu_);
  return connections_;
}

std::size_t Hub::ConnectionsOf(const std::string& user_id) const {
  std::lock_guard lock(mu_);
  auto it = people_.find(user_id);
  return it == people_.end() ? 0 : it->second.connections.size();
}

std::size_t Hub::people() const {
  std::lock_guard lock(mu_);
  return people_.size();
}

}  // namespace rk::live
