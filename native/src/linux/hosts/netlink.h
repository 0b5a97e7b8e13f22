// The few link and address changes the host keeper makes, as a program like ip(8) makes them:
// rtnetlink(7) for what only netlink can do (a veth pair whose peer is born in another network
// namespace, veth(4)), netdevice(7) ioctls for addresses and flags. Linux only. Every function
// returns 0 or -errno; nothing allocates on the heap.
#pragma once
#include <cstdint>

namespace plab::hosts {

// ip link add NAME type veth peer name PEER netns <the namespace of peerNetnsFd>
// Runs in the caller's network namespace (the first end stays there).
int CreateVethPair(const char* name, const char* peer, int peerNetnsFd);

// ip addr add ADDRESS/PREFIX dev NAME; ip link set NAME up (in the caller's namespace).
// address is in network byte order.
int SetAddressAndUp(const char* name, uint32_t address, int prefix);

// ip link set NAME up (lo in a new namespace starts down).
int SetUp(const char* name);

}  // namespace plab::hosts
