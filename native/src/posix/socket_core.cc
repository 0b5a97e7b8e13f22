// Sockets without Node: see socket_core.h.
#include "posix/socket_core.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/ioctl.h>
#include <sys/un.h>
#include <unistd.h>
#if defined(__linux__)
#include <linux/sockios.h>
#endif

#include <cerrno>
#include <cstring>

namespace plab::sock {

namespace {
int Result(int r) { return r < 0 ? -errno : r; }
ssize_t Result(ssize_t r) { return r < 0 ? -errno : r; }
}  // namespace

int Create(Domain domain, Type type, bool nonBlocking) {
  int flags = (type == Type::kStream ? SOCK_STREAM : SOCK_DGRAM) | SOCK_CLOEXEC;
  if (nonBlocking) flags |= SOCK_NONBLOCK;
  return Result(socket(domain == Domain::kUnix ? AF_UNIX : AF_INET, flags, 0));
}

int Pair(Type type, int fds[2]) {
  return Result(socketpair(AF_UNIX, (type == Type::kStream ? SOCK_STREAM : SOCK_DGRAM) | SOCK_CLOEXEC, 0, fds));
}

socklen_t ToSockaddr(const Address& address, sockaddr_storage* out) {
  std::memset(out, 0, sizeof *out);
  if (address.domain == Domain::kUnix) {
    auto* sun = reinterpret_cast<sockaddr_un*>(out);
    const size_t len = strnlen(address.path, sizeof address.path);
    if (len == 0 || len >= sizeof sun->sun_path) return static_cast<socklen_t>(-EINVAL);
    sun->sun_family = AF_UNIX;
    std::memcpy(sun->sun_path, address.path, len);
    return static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + len + 1);
  }
  auto* sin = reinterpret_cast<sockaddr_in*>(out);
  sin->sin_family = AF_INET;
  sin->sin_addr.s_addr = htonl(address.ipv4);
  sin->sin_port = htons(address.port);
  return sizeof *sin;
}

void FromSockaddr(const sockaddr_storage& in, socklen_t length, Address* out) {
  *out = Address{};
  if (in.ss_family == AF_UNIX) {
    const auto& sun = reinterpret_cast<const sockaddr_un&>(in);
    out->domain = Domain::kUnix;
    const size_t n = length > offsetof(sockaddr_un, sun_path) ? length - offsetof(sockaddr_un, sun_path) : 0;
    std::memcpy(out->path, sun.sun_path, n < sizeof out->path - 1 ? n : sizeof out->path - 1);  // unnamed: ""
  } else if (in.ss_family == AF_INET) {
    const auto& sin = reinterpret_cast<const sockaddr_in&>(in);
    out->domain = Domain::kInet;
    out->ipv4 = ntohl(sin.sin_addr.s_addr);
    out->port = ntohs(sin.sin_port);
  }
}

int Bind(int fd, const Address& address) {
  sockaddr_storage sa;
  const socklen_t len = ToSockaddr(address, &sa);
  if (static_cast<int>(len) < 0) return static_cast<int>(len);
  return Result(bind(fd, reinterpret_cast<sockaddr*>(&sa), len));
}

int Listen(int fd, int backlog) { return Result(listen(fd, backlog)); }

int Accept(int fd, Address* peer) {
  sockaddr_storage sa{};
  socklen_t len = sizeof sa;
#if defined(__linux__)
  const int r = accept4(fd, reinterpret_cast<sockaddr*>(&sa), &len, SOCK_CLOEXEC);
#else
  const int r = accept(fd, reinterpret_cast<sockaddr*>(&sa), &len);
#endif
  if (r < 0) return -errno;
  if (peer) FromSockaddr(sa, len, peer);
  return r;
}

int Connect(int fd, const Address& address) {
  sockaddr_storage sa;
  const socklen_t len = ToSockaddr(address, &sa);
  if (static_cast<int>(len) < 0) return static_cast<int>(len);
  return Result(connect(fd, reinterpret_cast<sockaddr*>(&sa), len));
}

ssize_t Send(int fd, const void* data, size_t length, const Address* to, bool nonBlocking) {
  const int flags = nonBlocking ? MSG_DONTWAIT : 0;
  if (!to) return Result(send(fd, data, length, flags));
  sockaddr_storage sa;
  const socklen_t len = ToSockaddr(*to, &sa);
  if (static_cast<int>(len) < 0) return static_cast<int>(len);
  return Result(sendto(fd, data, length, flags, reinterpret_cast<sockaddr*>(&sa), len));
}

ssize_t Recv(int fd, void* buffer, size_t max, Address* from, bool nonBlocking) {
  sockaddr_storage sa{};
  socklen_t len = sizeof sa;
  const ssize_t r = recvfrom(fd, buffer, max, nonBlocking ? MSG_DONTWAIT : 0, reinterpret_cast<sockaddr*>(&sa), &len);
  if (r < 0) return -errno;
  if (from) {
    if (len > 0 && sa.ss_family != AF_UNSPEC) FromSockaddr(sa, len, from);
    else *from = Address{};
  }
  return r;
}

int Shutdown(int fd, int how) { return Result(shutdown(fd, how)); }

namespace {

int IntOption(int fd, int level, int name) {
  int value = 0;
  socklen_t len = sizeof value;
  return getsockopt(fd, level, name, &value, &len) == 0 ? value : 0;
}

// ss(8)'s names for the kernel's TCP states (include/net/tcp_states.h order).
const char* TcpStateName(int state) {
  static const char* const names[] = {"UNKNOWN", "ESTAB", "SYN-SENT", "SYN-RECV", "FIN-WAIT-1", "FIN-WAIT-2",
                                      "TIME-WAIT", "UNCONN", "CLOSE-WAIT", "LAST-ACK", "LISTEN", "CLOSING"};
  return state >= 0 && state < 12 ? names[state] : "UNKNOWN";
}

}  // namespace

int Inspect(int fd, Info* info) {
  *info = Info{};
  sockaddr_storage sa{};
  socklen_t len = sizeof sa;
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&sa), &len) != 0) return -errno;  // ENOTSOCK, EBADF
  info->domain = sa.ss_family;
  FromSockaddr(sa, len, &info->local);
  info->hasLocal = sa.ss_family == AF_INET ? info->local.port != 0 : info->local.path[0] != '\0';
  len = sizeof sa;
  if (getpeername(fd, reinterpret_cast<sockaddr*>(&sa), &len) == 0) {
    FromSockaddr(sa, len, &info->peer);
    info->hasPeer = true;
  }
  info->type = IntOption(fd, SOL_SOCKET, SO_TYPE);
  info->acceptConn = IntOption(fd, SOL_SOCKET, SO_ACCEPTCONN);
  info->sendBuffer = IntOption(fd, SOL_SOCKET, SO_SNDBUF);
  info->recvBuffer = IntOption(fd, SOL_SOCKET, SO_RCVBUF);
#if defined(__linux__)
  if (info->domain == AF_INET && info->type == SOCK_STREAM) {
    tcp_info tcp{};
    socklen_t tlen = sizeof tcp;
    if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &tcp, &tlen) == 0) {
      info->state = TcpStateName(tcp.tcpi_state);
      if (tcp.tcpi_state == 10) {  // LISTEN: ss shows the accept queue and its limit (tcp_diag)
        info->recvQ = static_cast<int>(tcp.tcpi_unacked);
        info->sendQ = static_cast<int>(tcp.tcpi_sacked);
        return 0;
      }
    }
  } else if (info->acceptConn) {
    info->state = "LISTEN";
  } else if (info->hasPeer) {
    info->state = "ESTAB";
  }
  int queued = 0;
  if (!info->acceptConn && ioctl(fd, SIOCINQ, &queued) == 0) info->recvQ = queued;
  queued = 0;
  if (!info->acceptConn && ioctl(fd, SIOCOUTQ, &queued) == 0) info->sendQ = queued;
#endif
  return 0;
}

}  // namespace plab::sock
