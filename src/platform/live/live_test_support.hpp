#pragma once
// Test doubles for the live layer's unit tests.

#include <boost/json.hpp>

#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "platform/live/hub.hpp"
#include "platform/live/live.hpp"

namespace rk::live::testing {

// A connection that records what it is sent.
class RecordingSink final : public Sink {
 public:
  void Send(FramePtr frame) override {
    std::lock_guard lock(mu_);
    frames_.push_back(boost::json::parse(*frame).as_object());
  }
  void Close(CloseCode code) override {
    std::lock_guard lock(mu_);
    if (!closed_) closed_ = code;
  }
  void Forward(std::optional<std::string> id, live::Forward request) override {
    std::lock_guard lock(mu_);
    forwarded_.emplace_back(std::move(id), std::move(request));
  }
  // The requests the channel handed over, with the ids of their frames.
  std::vector<std::pair<std::optional<std::string>, live::Forward>> forwarded() const {
    std::lock_guard lock(mu_);
    return forwarded_;
  }
  std::vector<boost::json::object> frames() const {
    std::lock_guard lock(mu_);
    return frames_;
  }
  // The frames of `type`.
  std::vector<boost::json::object> of(std::string_view type) const {
    std::vector<boost::json::object> out;
    for (auto& f : frames())
      if (f.at("type").as_string() == type) out.push_back(f);
    return out;
  }
  std::vector<std::string> types() const {
    std::vector<std::string> out;
    for (auto& f : frames()) out.emplace_back(f.at("type").as_string());
    return out;
  }
  std::optional<CloseCode> closed() const {
    std::lock_guard lock(mu_);
    return closed_;
  }
  void clear() {
    std::lock_guard lock(mu_);
    frames_.clear();
  }

 private:
  mutable std::mutex mu_;
  std::vector<boost::json::object> frames_;
  std::optional<CloseCode> closed_;
  std::vector<std::pair<std::optional<std::string>, live::Forward>> forwarded_;
};

}  // namespace rk::live::testing
