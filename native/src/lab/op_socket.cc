// Sockets: the address is the scenario object's (a path in the run's objects/ directory, or an
// IPv4 address and port), the descriptors are this process's own, as a C program keeps them in
// variables: `sock` from socket() (or sv[0] of socketpair), `conn` from accept() (or sv[1]).
// send, recv and shutdown use the connection when there is one, else the socket. Descriptors
// are made without SOCK_CLOEXEC: a child inherits them at spawn, as after fork. Blocking is the
// descriptor's O_NONBLOCK, changed with fcntl(F_SETFL) when a step asks otherwise (as for pipes).
// send() without MSG_NOSIGNAL: a peer gone raises SIGPIPE first, then EPIPE, as in C.
// Follows socket(2), socketpair(2), bind(2), listen(2), accept(2), connect(2), send(2),
// recv(2), shutdown(2), close(2), unix(7), ip(7), tcp(7), udp(7).
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "lab/fd_flags.h"
#include "lab/ops.h"
#include "posix/socket_core.h"

namespace plab::lab {

namespace {

bool IsSocket(uint16_t slot) { return g.objects[slot].kind == K_SOCKET; }
int Domain(uint16_t slot) { return g.objects[slot].flavor == 1 ? AF_INET : AF_UNIX; }
int Type(uint16_t slot) { return (g.objects[slot].flags & OBJ_F_DGRAM) ? SOCK_DGRAM : SOCK_STREAM; }

sock::Address AddressOf(uint16_t slot) {
  sock::Address a;
  const ObjectRec& rec = g.objects[slot];
  if (rec.flavor == 1) {
    a.domain = sock::Domain::kInet;
    a.ipv4 = static_cast<uint32_t>(rec.key);
    a.port = static_cast<uint16_t>(rec.capacity);
  } else {
    const char* path = PoolString(rec.name);
    if (path) std::strncpy(a.path, path, sizeof a.path - 1);
  }
  return a;
}

// The object (slot + 1) whose address `a` is, 0 when none is (an unnamed or foreign sender).
int64_t SlotOfAddress(const sock::Address& a) {
  for (uint32_t i = 0; i < g.header->objectCount; i++) {
    if (g.objects[i].kind != K_SOCKET) continue;
    const sock::Address b = AddressOf(static_cast<uint16_t>(i));
    if (a.domain != b.domain) continue;
    if (a.domain == sock::Domain::kInet ? (a.ipv4 == b.ipv4 && a.port == b.port) : std::strcmp(a.path, b.path) == 0) return i + 1;
  }
  return 0;
}

int DataFd(const ObjState& o) { return o.conn >= 0 ? o.conn : o.sock; }

}  // namespace

int Op_SOCKET_CREATE(uint32_t, const Instr& in, Result& r) {
  if (!IsSocket(in.obj)) return ENOTSOCK;
  const int fd = socket(Domain(in.obj), Type(in.obj), 0);
  if (fd < 0) return errno;
  g.obj[in.obj].sock = fd;
  r.n[0] = fd;
  return 0;
}

int Op_SOCKET_PAIR(uint32_t, const Instr& in, Result& r) {
  if (!IsSocket(in.obj)) return ENOTSOCK;
  int sv[2];
  if (socketpair(AF_UNIX, Type(in.obj), 0, sv) != 0) return errno;
  ObjState& o = g.obj[in.obj];
  o.sock = sv[0];
  o.conn = sv[1];
  r.n[0] = sv[0];
  r.n[1] = sv[1];
  return 0;
}

int Op_SOCKET_BIND(uint32_t, const Instr& in, Result& r) {
  const int fd = g.obj[in.obj].sock;
  if (fd < 0) return EBADF;
  const int rc = sock::Bind(fd, AddressOf(in.obj));
  if (rc < 0) return -rc;  // EADDRINUSE: a path that exists, a port taken
  r.n[0] = fd;
  return 0;
}

int Op_SOCKET_LISTEN(uint32_t, const Instr& in, Result& r) {
  const int fd = g.obj[in.obj].sock;
  if (fd < 0) return EBADF;
  if (listen(fd, static_cast<int>(in.a)) != 0) return errno;
  r.n[0] = fd;
  return 0;
}

// accept(2): sleeps (state S) until a client connects. A connection still open here stays open
// and out of reach, as a C program's `conn = accept(...)` overwrites its variable.
int Op_SOCKET_ACCEPT(uint32_t, const Instr& in, Result& r) {
  ObjState& o = g.obj[in.obj];
  if (o.sock < 0) return EBADF;
  if (int err = SetBlocking(o.sock, in.flags & F_BLOCKING)) return err;
  sock::Address peer;
  sockaddr_storage sa{};
  socklen_t len = sizeof sa;
  const int fd = accept(o.sock, reinterpret_cast<sockaddr*>(&sa), &len);
  if (fd < 0) return errno;
  sock::FromSockaddr(sa, len, &peer);
  o.conn = fd;
  r.n[0] = fd;
  r.n[1] = peer.domain == sock::Domain::kInet ? static_cast<int64_t>(peer.ipv4) : -1;
  r.n[2] = peer.domain == sock::Domain::kInet ? static_cast<int64_t>(peer.port) : -1;
  return 0;
}

int Op_SOCKET_CONNECT(uint32_t, const Instr& in, Result& r) {
  ObjState& o = g.obj[in.obj];
  if (o.sock < 0) return EBADF;
  if (int err = SetBlocking(o.sock, in.flags & F_BLOCKING)) return err;
  const int rc = sock::Connect(o.sock, AddressOf(in.obj));  // ECONNREFUSED: nobody listens
  if (rc < 0) return -rc;
  sockaddr_storage sa{};
  socklen_t len = sizeof sa;
  sock::Address local;
  if (getsockname(o.sock, reinterpret_cast<sockaddr*>(&sa), &len) == 0) sock::FromSockaddr(sa, len, &local);
  r.n[0] = o.sock;
  r.n[1] = local.domain == sock::Domain::kInet ? static_cast<int64_t>(local.ipv4) : -1;
  r.n[2] = local.domain == sock::Domain::kInet ? static_cast<int64_t>(local.port) : -1;
  return 0;
}

// Stream: send(fd, data, len, 0). Datagram: sendto() the address of `a` (slot + 1) or of this
// object; one call is one datagram, kept whole (EMSGSIZE when too big for the socket).
int Op_SOCKET_SEND(uint32_t, const Instr& in, Result& r) {
  const ObjState& o = g.obj[in.obj];
  const int fd = DataFd(o);
  if (fd < 0) return EBADF;
  if (int err = SetBlocking(fd, in.flags & F_BLOCKING)) return err;
  ssize_t n;
  if (Type(in.obj) == SOCK_DGRAM) {
    const uint16_t to = in.a > 0 ? static_cast<uint16_t>(in.a - 1) : in.obj;
    sockaddr_storage sa;
    const socklen_t len = sock::ToSockaddr(AddressOf(to), &sa);
    if (static_cast<int>(len) < 0) return EINVAL;
    n = sendto(fd, g.pool + in.c, in.d, 0, reinterpret_cast<sockaddr*>(&sa), len);
  } else {
    n = send(fd, g.pool + in.c, in.d, 0);
  }
  if (n < 0) return errno;
  r.n[0] = n;
  return 0;
}

// recv(2) (recvfrom on a datagram socket: one datagram, its sender's object in n[1]). 0 bytes on
// a stream is its end: the peer shut its writing down or closed.
int Op_SOCKET_RECV(uint32_t, const Instr& in, Result& r) {
  const ObjState& o = g.obj[in.obj];
  const int fd = DataFd(o);
  if (fd < 0) return EBADF;
  if (int err = SetBlocking(fd, in.flags & F_BLOCKING)) return err;
  uint8_t* buffer = StepBuffer();
  sockaddr_storage sa{};
  socklen_t len = sizeof sa;
  const ssize_t n = recvfrom(fd, buffer, in.a < kStepBufferBytes ? in.a : kStepBufferBytes, 0, reinterpret_cast<sockaddr*>(&sa), &len);
  if (n < 0) return errno;
  r.data = buffer;
  r.dataLength = static_cast<uint32_t>(n);
  if (Type(in.obj) == SOCK_DGRAM && len > 0) {
    sock::Address from;
    sock::FromSockaddr(sa, len, &from);
    r.n[1] = SlotOfAddress(from);
    r.n[2] = from.domain == sock::Domain::kInet ? static_cast<int64_t>(from.port) : -1;
  }
  return 0;
}

int Op_SOCKET_SHUTDOWN(uint32_t, const Instr& in, Result& r) {
  const int fd = DataFd(g.obj[in.obj]);
  if (fd < 0) return EBADF;
  const int how = in.a == 0 ? SHUT_RD : in.a == 1 ? SHUT_WR : SHUT_RDWR;
  if (shutdown(fd, how) != 0) return errno;  // ENOTCONN: not connected
  r.n[0] = fd;
  return 0;
}

int Op_SOCKET_CLOSE(uint32_t, const Instr& in, Result& r) {
  ObjState& o = g.obj[in.obj];
  int& fd = in.a == 1 ? o.sock : in.a == 2 ? o.conn : (o.conn >= 0 ? o.conn : o.sock);
  if (fd < 0) return EBADF;
  r.n[0] = fd;
  const int rc = close(fd);
  fd = -1;  // gone even when close reports an error (close(2))
  return rc == 0 ? 0 : errno;
}

}  // namespace plab::lab
