// plab-hosts where the platform has no namespaces (not Linux): it says so and refuses, so a
// scenario with hosts never runs half-way (see keeper.cc for the Linux program).
#include <cstdio>

int main() {
  std::printf("error unshare ENOSYS hosts need Linux namespaces (user, network, IPC, mount)\n");
  return 1;
}
