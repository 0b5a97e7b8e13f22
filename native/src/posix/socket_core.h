// Sockets as a C program makes them, without Node: the calls the addon (posix/socket.cc) and the
// lab process share. Follows socket(2), socketpair(2), bind(2), listen(2), accept(2), connect(2),
// send(2), recv(2), shutdown(2), unix(7), ip(7), tcp(7) and udp(7). Every function returns its
// result or -errno (never throws, never allocates): blocking calls block, as in C, and fail
// with -EINTR when a handler without SA_RESTART runs.
#pragma once
#include <sys/socket.h>
#include <sys/types.h>

#include <cstddef>
#include <cstdint>

namespace plab::sock {

enum class Domain { kUnix, kInet };
enum class Type { kStream, kDgram };

// A socket address the lab names: a Unix path, or an IPv4 address and port (host byte order).
struct Address {
  Domain domain = Domain::kUnix;
  char path[108] = {};  // sun_path: at most 107 bytes and a NUL (unix(7))
  uint32_t ipv4 = 0;    // host byte order: 0 is INADDR_ANY
  uint16_t port = 0;
};

// socket(AF_UNIX|AF_INET, SOCK_STREAM|SOCK_DGRAM | SOCK_CLOEXEC [| SOCK_NONBLOCK], 0)
int Create(Domain domain, Type type, bool nonBlocking);
// socketpair(AF_UNIX, type | SOCK_CLOEXEC, 0, fds)
int Pair(Type type, int fds[2]);
// sockaddr from an Address; returns its length or -EINVAL (a path too long for sun_path).
socklen_t ToSockaddr(const Address& address, sockaddr_storage* out);
// The reverse (getsockname/getpeername/accept/recvfrom results).
void FromSockaddr(const sockaddr_storage& in, socklen_t length, Address* out);

int Bind(int fd, const Address& address);
int Listen(int fd, int backlog);
// accept4(fd, &peer, SOCK_CLOEXEC): the new descriptor, or -errno.
int Accept(int fd, Address* peer);
int Connect(int fd, const Address& address);
// send(2) or sendto(2) when `to` is given; MSG_DONTWAIT when nonBlocking. Bytes sent or -errno.
ssize_t Send(int fd, const void* data, size_t length, const Address* to, bool nonBlocking);
// recv(2)/recvfrom(2); `from` filled for datagram sockets. Bytes (0: end of stream) or -errno.
ssize_t Recv(int fd, void* buffer, size_t max, Address* from, bool nonBlocking);
// how: SHUT_RD, SHUT_WR, SHUT_RDWR
int Shutdown(int fd, int how);

// What `ss` shows of one socket (ss(8)): its state, Recv-Q and Send-Q (for a listening TCP
// socket: connections waiting in the accept queue and the backlog), its addresses.
struct Info {
  int domain = 0;       // AF_UNIX / AF_INET
  int type = 0;         // SOCK_STREAM / SOCK_DGRAM
  const char* state = "UNCONN";  // ss's names: LISTEN, ESTAB, SYN-SENT, CLOSE-WAIT, UNCONN, ...
  int recvQ = 0;
  int sendQ = 0;
  bool hasLocal = false, hasPeer = false;
  Address local, peer;
  int acceptConn = 0;   // SO_ACCEPTCONN
  int sendBuffer = 0;   // SO_SNDBUF (bytes, as the kernel doubled it: socket(7))
  int recvBuffer = 0;   // SO_RCVBUF
};
int Inspect(int fd, Info* info);

}  // namespace plab::sock
