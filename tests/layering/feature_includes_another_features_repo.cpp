// Must not compile: a feature (daily) reaching into another feature's storage.
#include "features/couples/repo.hpp"
int main() { return 0; }
