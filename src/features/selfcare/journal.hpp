#pragma once
// The journal's routes (a private header of the feature; routes.cpp registers them).

#include "features/selfcare/routes.hpp"
#include "platform/http/http.hpp"

namespace rk::selfcare {

void RegisterJournalRoutes(http::Router& router, Context& ctx);

}  // namespace rk::selfcare
