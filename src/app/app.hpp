#pragma once
// Wiring: builds the server from a configuration. The CLI in main.cpp calls these.

#include "platform/config/config.hpp"
#include "platform/db/db.hpp"

namespace rk::app {

// The embedded migrations, parsed from their file names (NNNN_name.sql).
std::vector<db::Migration> Migrations();

// Opens the database named by `cfg` (creating an SQLite file's folder) and migrates it.
Result<std::unique_ptr<db::Database>> OpenAndMigrate(const config::Config& cfg, std::size_t pool);

// Serves until a signal arrives. Returns the process exit code.
int Serve(const config::Config& cfg);

// `rekindle admin rotate-key`: adds a new data key to the key file, then re-seals every
// sealed value under it while servers keep running. Returns the exit code.
int RotateKey(const config::Config& cfg);

}  // namespace rk::app
