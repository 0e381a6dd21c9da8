#pragma once
// The routes that exist only in rekindle-test, under /api/v1/test/:
//   GET /api/v1/test/clock            {"now": RFC 3339}
//   PUT /api/v1/test/clock            {"now": RFC 3339} or {"advance_ms": N}; answers like GET
//   GET /api/v1/test/routes           every route with its policy and work
//   POST /api/v1/test/jobs            {"count": N, "sleep_first_ms": M, "fail": bool,
//                                     "max_attempts": K}: enqueues N jobs of kind
//                                     test.effect in the request's transaction
// They are public. The clock and route hooks do no database work; tests use them to
// move time instead of rewriting rows. A test.effect job inserts (job_id, attempt,
// server pid) into the table test_job_effects, which the test build creates at start,
// and on its first attempt then sleeps M ms, so that a test can kill a server mid-run;
// with "fail" every run fails (and rolls its effect back), so the job goes dead.

#include "app/app.hpp"

namespace rk::app {

const TestHooks& TestBuildHooks();

}  // namespace rk::app
