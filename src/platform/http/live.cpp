#include "platform/http/live.hpp"

#include "platform/log/log.hpp"

namespace rk::http {

namespace {
// Control payloads share the bus with frames; frames are JSON objects and never start
// with this byte.
constexpr char kControl = '\x01';
}  // namespace

std::uint64_t LiveHub::Add(const std::string& user_id, const std::string& session_id, std::weak_ptr<LiveSink> sink) {
  std::lock_guard lock(mu_);
  const std::uint64_t token = next_++;
  by_user_[user_id][token] = Entry{session_id, std::move(sink)};
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
  // Control: "\x01close <session>", "\x01keep <session>" (close all others), "\x01all".
  const bool control = !frame.empty() && frame[0] == kControl;
  std::string_view verb, session;
  if (control) {
    std::string_view rest = std::string_view(frame).substr(1);
    const auto space = rest.find(' ');
    verb = rest.substr(0, space);
    session = space == std::string_view::npos ? std::string_view() : rest.substr(space + 1);
  }
  std::vector<std::shared_ptr<LiveSink>> targets;
  {
    std::lock_guard lock(mu_);
    auto it = by_user_.find(user_id);
    if (it == by_user_.end()) return;
    for (auto& [token, entry] : it->second) {
      if (control) {
        const bool match = verb == "all" || (verb == "close" && entry.session_id == session) ||
                           (verb == "keep" && entry.session_id != session);
        if (!match) continue;
      }
      if (auto s = entry.sink.lock()) targets.push_back(std::move(s));
    }
  }
  if (control) {
    for (auto& s : targets) s->Close();
    return;
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

void Live::CloseSession(const std::string& user_id, const std::string& session_id) {
  Publish(user_id, std::string(1, kControl) + "close " + session_id);
}

void Live::CloseOtherSessions(const std::string& user_id, const std::string& keep_session_id) {
  Publish(user_id, std::string(1, kControl) + "keep " + keep_session_id);
}

void PublishAfterCommit(Live* live, Request& req, std::string user_id, std::string frame) {
  if (!live) return;
  req.AfterCommit([live, user = std::move(user_id), text = std::move(frame)] { live->Publish(user, text); });
}

void Live::CloseAll(const std::string& user_id) { Publish(user_id, std::string(1, kControl) + "all"); }

}  // namespace rk::http
