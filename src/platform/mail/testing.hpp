#pragma once
// For tests and fuzz fixtures: a transport that keeps what it is given.

#include <mutex>
#include <vector>

#include "platform/mail/transport.hpp"

namespace rk::mail::testing {

class MemoryTransport final : public Transport {
 public:
  Status Send(const Outbound& m) override {
    std::lock_guard lock(mu_);
    if (fail_) return Error::Unavailable("SMTP: Couldn't connect to server");
    sent_.push_back(m);
    return {};
  }
  std::string_view kind() const override { return "memory"; }
  std::vector<Outbound> sent() const {
    std::lock_guard lock(mu_);
    return sent_;
  }
  void set_fail(bool fail) {
    std::lock_guard lock(mu_);
    fail_ = fail;
  }

 private:
  mutable std::mutex mu_;
  std::vector<Outbound> sent_;
  bool fail_ = false;
};

}  // namespace rk::mail::testing
