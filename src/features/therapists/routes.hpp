#pragma once
// Therapists over HTTP: a therapist's own profile (written as a draft, submitted to the
// operators), weekly hours and days off, and photo; and the photo as others see it.
// Who may see a profile: its therapist, operators, and — once it is matchable — any
// signed-in person (a couple choosing).

#include "platform/db/db.hpp"
#include "platform/http/http.hpp"

namespace rk::therapists {

struct Context {
  std::string currency = "EUR";  // ISO 4217: fees are in its minor units (care.currency)
};

void RegisterRoutes(http::Router& router, Context& ctx);

}  // namespace rk::therapists
