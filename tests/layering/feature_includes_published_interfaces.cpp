// Must compile: a feature (daily) using what other features publish.
#include "features/accounts/people.hpp"
#include "features/couples/access.hpp"
int main() { return 0; }
