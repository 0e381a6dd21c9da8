// Must not compile: the platform (http) including a feature.
#include "features/accounts/people.hpp"
int main() { return 0; }
