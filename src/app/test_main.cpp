// rekindle-test: the server with test hooks (a clock tests can move), for the API and
// browser tests. Never deployed; `make` builds it beside the release binary.

#include "app/app.hpp"
#include "app/test_hooks.hpp"

int main(int argc, char** argv) { return rk::app::RunCli(argc, argv, &rk::app::TestBuildHooks()); }
