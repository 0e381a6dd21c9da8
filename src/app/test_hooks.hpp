#pragma once
// The routes that exist only in rekindle-test, under /api/v1/test/:
//   GET /api/v1/test/clock            {"now": RFC 3339}
//   PUT /api/v1/test/clock            {"now": RFC 3339} or {"advance_ms": N}; answers like GET
//   GET /api/v1/test/routes           every route with its policy and work
// They are public and do no database work; tests use them to move time instead of
// rewriting rows.

#include "app/app.hpp"

namespace rk::app {

const TestHooks& TestBuildHooks();

}  // namespace rk::app
