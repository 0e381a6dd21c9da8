#pragma once
// The app's AccessResolver: people and roles from the accounts feature, couples from
// the couples feature. The one place where route policies meet the features that own
// the data they need.

#include "features/accounts/routes.hpp"
#include "platform/http/http.hpp"

namespace rk::app {

class Access final : public http::AccessResolver {
 public:
  explicit Access(accounts::Context& accounts) : accounts_(accounts) {}
  Result<http::Principal> Authenticate(db::Connection& c, const http::Request& req) override;
  Status Authorize(db::Connection& c, const http::Request& req, http::Principal& principal,
                   const http::Policy& policy) override;

 private:
  accounts::Context& accounts_;
};

}  // namespace rk::app
