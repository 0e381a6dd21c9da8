#pragma once
// The app's AccessResolver: people and roles from the accounts feature, couples from
// the couples feature. The one place where route policies meet the features that own
// the data they need.

#include <memory>

#include "features/accounts/routes.hpp"
#include "platform/http/http.hpp"
#include "platform/http/ratelimit.hpp"

namespace rk::app {

class Access final : public http::AccessResolver {
 public:
  // `shared_reads_per_hour`: each therapist's recorded reads of shared results (routes of
  // a therapist-of-couple policy with a scope); 0: no limit.
  explicit Access(accounts::Context& accounts, int shared_reads_per_hour = 0)
      : accounts_(accounts),
        shared_reads_(shared_reads_per_hour > 0 ? std::make_unique<http::RateLimiter>(shared_reads_per_hour, kHour) : nullptr) {}
  Result<http::Principal> Authenticate(db::Connection& c, const http::Request& req) override;
  Status Authorize(db::Connection& c, const http::Request& req, http::Principal& principal,
                   const http::Policy& policy) override;

 private:
  accounts::Context& accounts_;
  std::unique_ptr<http::RateLimiter> shared_reads_;
};

}  // namespace rk::app
