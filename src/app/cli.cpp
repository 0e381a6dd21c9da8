// rekindle: the command line. `rekindle serve` runs the server; `rekindle migrate`
// brings a database's schema up to date and exits; `rekindle admin ...` does operator
// tasks.

#include <CLI/CLI.hpp>

#include <malloc.h>

#include <cstdlib>
#include <iostream>

#include "app/app.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/log/log.hpp"

namespace rk::app {

int RunCli(int argc, char** argv, const TestHooks* hooks) {
  // Two malloc arenas instead of glibc's eight per core: with many threads taking turns
  // on a request, per-thread arenas each keep their own free memory and the process
  // stays large after a burst (docs/testing.md, soak). MALLOC_ARENA_MAX still overrides.
  if (!std::getenv("MALLOC_ARENA_MAX")) mallopt(M_ARENA_MAX, 2);
  CLI::App cli{"rekindle: grow intimacy, passion and commitment, together"};
  cli.require_subcommand(1);
  cli.fallthrough();  // --config and --database may follow the subcommand
  std::string config_path;
  std::map<std::string, std::string> flags;
  std::string listen, database;
  cli.add_option("--config", config_path, "TOML configuration file (or REKINDLE_CONFIG)");
  cli.add_option("--database", database, "sqlite:PATH or postgresql://... (or REKINDLE_DATABASE)");
  auto* serve = cli.add_subcommand("serve", "Serve the web client and the API");
  serve->add_option("--listen", listen, "HOST:PORT to listen on (or REKINDLE_LISTEN)");
  auto* migrate = cli.add_subcommand("migrate", "Apply database migrations and exit");
  auto* admin = cli.add_subcommand("admin", "Operator tasks");
  admin->require_subcommand(1);
  auto* rotate = admin->add_subcommand("rotate-key", "Add a new data key and re-seal everything under it, online");
  auto* grant = admin->add_subcommand("grant-operator", "Give the account with this e-mail address the operator role");
  std::string grant_email;
  grant->add_option("email", grant_email, "The account's e-mail address")->required();
  CLI11_PARSE(cli, argc, argv);

  if (!rk::crypto::Init()) {
    std::cerr << "rekindle: libsodium failed to initialise\n";
    return 1;
  }
  auto env = rk::config::ProcessEnvironment();
  if (config_path.empty() && env.contains("REKINDLE_CONFIG")) config_path = env["REKINDLE_CONFIG"];
  if (!listen.empty()) flags["listen"] = listen;
  if (!database.empty()) flags["database"] = database;
  auto cfg = rk::config::Load(config_path, env, flags);
  if (!cfg.ok()) {
    std::cerr << "rekindle: configuration: " << cfg.error().message << "\n";
    return 2;
  }
  rk::log::Level level;
  if (!rk::log::ParseLevel(cfg->log_level, level)) {
    std::cerr << "rekindle: configuration: log_level must be debug, info, warn or error\n";
    return 2;
  }
  rk::log::SetLevel(level);

  if (*migrate) {
    auto db = rk::app::OpenAndMigrate(*cfg, 1);
    if (!db.ok()) {
      std::cerr << "rekindle: migrate: " << db.error().message << "\n";
      return 1;
    }
    return 0;
  }
  if (*rotate) return rk::app::RotateKey(*cfg);
  if (*grant) return rk::app::GrantOperator(*cfg, grant_email);
  (void)serve;
  return rk::app::Serve(*cfg, hooks);
}

}  // namespace rk::app
