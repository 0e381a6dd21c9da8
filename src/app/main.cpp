// rekindle: the release binary. It contains no test hooks.

#include "app/app.hpp"

int main(int argc, char** argv) { return rk::app::RunCli(argc, argv, nullptr); }
