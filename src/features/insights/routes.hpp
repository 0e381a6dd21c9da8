#pragma once
// Insights over HTTP: GET /api/v1/me/insights, a person's weeks of self-care, together
// time and triangle checks side by side, with the comparisons they allow. Only the
// person's own numbers; of the couple, only the evenings met, which both already see.

#include "features/triangle/catalog.hpp"
#include "platform/crypto/sealer.hpp"
#include "platform/http/http.hpp"

namespace rk::insights {

struct Context {
  const triangle::Catalog& catalog;
  const crypto::Sealer& sealer;
};

void RegisterRoutes(http::Router& router, Context& ctx);

}  // namespace rk::insights
