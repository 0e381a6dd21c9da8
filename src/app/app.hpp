#pragma once
// Wiring: builds the server from a configuration. The CLI in main.cpp calls these.

#include <functional>
#include <map>
#include <string>

#include "platform/base/clock.hpp"
#include "platform/config/config.hpp"
#include "platform/db/db.hpp"
#include "platform/http/http.hpp"
#include "platform/jobs/jobs.hpp"

namespace rk::app {

// The embedded migrations, parsed from their file names (NNNN_name.sql).
std::vector<db::Migration> Migrations();

// The embedded list of common passwords that sign-up refuses.
std::string_view CommonPasswords();

// The embedded e-mail templates (content/mail/), file name -> contents.
std::map<std::string, std::string> MailTemplateFiles();

// Opens the database named by `cfg` (creating an SQLite file's folder) and migrates it.
Result<std::unique_ptr<db::Database>> OpenAndMigrate(const config::Config& cfg, std::size_t pool);

// What the test build (rekindle-test) adds to the server: routes under /api/v1/test/,
// among them one that moves the server's clock. Release builds pass none, and their
// binary does not contain this code (src/app/test_hooks.cpp is linked only into
// rekindle-test).
struct TestHooks {
  std::function<void(http::Router&, OffsetClock&)> add_routes;
  // Registers test-only job kinds, before the workers start.
  std::function<Status(jobs::Queue&, db::Database&)> add_jobs;
};

// Serves until a signal arrives. Returns the process exit code.
int Serve(const config::Config& cfg, const TestHooks* hooks = nullptr);

// `rekindle admin grant-operator EMAIL`: gives that account the operator role.
int GrantOperator(const config::Config& cfg, const std::string& email);

// The command line (serve, migrate, admin ...). `hooks`: null except in rekindle-test.
int RunCli(int argc, char** argv, const TestHooks* hooks);

// `rekindle admin rotate-key`: adds a new data key to the key file, then re-seals every
// sealed value under it while servers keep running. Returns the exit code.
int RotateKey(const config::Config& cfg);

}  // namespace rk::app
