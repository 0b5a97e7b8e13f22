// The machine's Unix domain sockets with their peers, as `ss -x` lists them: one
// NETLINK_SOCK_DIAG dump (sock_diag(7)) with UDIAG_SHOW_NAME, UDIAG_SHOW_PEER and
// UDIAG_SHOW_RQLEN. Only the caller's network namespace is seen (Unix sockets belong to one).
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include "common/errors.h"
#include "mechanisms.h"

namespace plab {
namespace {

struct UnixSocket {
  uint32_t inode = 0, peer = 0;
  int type = 0, state = 0;
  bool hasQueues = false;
  uint32_t recvQ = 0, sendQ = 0;
  std::string path;  // "" unnamed; abstract names start with '@', as ss writes them
};

// ss's names for the states a Unix socket can be in (TCP's numbers: ESTABLISHED, LISTEN, ...).
const char* StateName(int state) {
  switch (state) {
    case 1: return "ESTAB";
    case 7: return "UNCONN";
    case 10: return "LISTEN";
    case 2: return "SYN-SENT";
    default: return "UNKNOWN";
  }
}

const char* TypeName(int type) {
  return type == SOCK_STREAM ? "stream" : type == SOCK_DGRAM ? "dgram" : type == SOCK_SEQPACKET ? "seqpacket" : "other";
}

// Reads the whole dump; returns 0 or -errno.
int Dump(std::vector<UnixSocket>* out) {
  const int fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
  if (fd < 0) return -errno;
  struct {
    nlmsghdr nlh;
    unix_diag_req req;
  } request{};
  request.nlh.nlmsg_len = sizeof request;
  request.nlh.nlmsg_type = SOCK_DIAG_BY_FAMILY;
  request.nlh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
  request.req.sdiag_family = AF_UNIX;
  request.req.udiag_states = ~0U;
  request.req.udiag_show = UDIAG_SHOW_NAME | UDIAG_SHOW_PEER | UDIAG_SHOW_RQLEN;
  sockaddr_nl kernel{};
  kernel.nl_family = AF_NETLINK;
  if (sendto(fd, &request, sizeof request, 0, reinterpret_cast<sockaddr*>(&kernel), sizeof kernel) < 0) {
    const int err = errno;
    close(fd);
    return -err;
  }
  alignas(NLMSG_ALIGNTO) char buffer[32768];
  for (;;) {
    const ssize_t n = recv(fd, buffer, sizeof buffer, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      close(fd);
      return -err;
    }
    int left = static_cast<int>(n);
    for (auto* h = reinterpret_cast<nlmsghdr*>(buffer); NLMSG_OK(h, left); h = NLMSG_NEXT(h, left)) {
      if (h->nlmsg_type == NLMSG_DONE) {
        close(fd);
        return 0;
      }
      if (h->nlmsg_type == NLMSG_ERROR) {
        const int err = -reinterpret_cast<nlmsgerr*>(NLMSG_DATA(h))->error;
        close(fd);
        return -err;
      }
      const auto* msg = reinterpret_cast<const unix_diag_msg*>(NLMSG_DATA(h));
      UnixSocket s;
      s.inode = msg->udiag_ino;
      s.type = msg->udiag_type;
      s.state = msg->udiag_state;
      int rest = static_cast<int>(h->nlmsg_len - NLMSG_LENGTH(sizeof *msg));
      for (auto* a = reinterpret_cast<rtattr*>(const_cast<unix_diag_msg*>(msg) + 1); RTA_OK(a, rest); a = RTA_NEXT(a, rest)) {
        const char* data = static_cast<const char*>(RTA_DATA(a));
        const size_t len = RTA_PAYLOAD(a);
        if (a->rta_type == UNIX_DIAG_NAME && len > 0) {
          s.path = data[0] == '\0' ? "@" + std::string(data + 1, len - 1) : std::string(data, strnlen(data, len));
        } else if (a->rta_type == UNIX_DIAG_PEER && len >= sizeof(uint32_t)) {
          std::memcpy(&s.peer, data, sizeof s.peer);
        } else if (a->rta_type == UNIX_DIAG_RQLEN && len >= sizeof(unix_diag_rqlen)) {
          unix_diag_rqlen q;
          std::memcpy(&q, data, sizeof q);
          s.recvQ = q.udiag_rqueue;
          s.sendQ = q.udiag_wqueue;
          s.hasQueues = true;
        }
      }
      out->push_back(std::move(s));
    }
  }
}

Napi::Value UnixSockets(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::vector<UnixSocket> sockets;
  if (int r = Dump(&sockets); r < 0) ThrowErrno(env, -r, "sock_diag");
  Napi::Array out = Napi::Array::New(env, sockets.size());
  for (size_t i = 0; i < sockets.size(); i++) {
    const UnixSocket& s = sockets[i];
    Napi::Object o = Napi::Object::New(env);
    o.Set("inode", s.inode);
    o.Set("type", TypeName(s.type));
    o.Set("state", StateName(s.state));
    if (!s.path.empty()) o.Set("path", s.path);
    if (s.peer != 0) o.Set("peer", s.peer);
    if (s.hasQueues) {
      o.Set("recvQ", s.recvQ);
      o.Set("sendQ", s.sendQ);
    }
    out.Set(static_cast<uint32_t>(i), o);
  }
  return out;
}

}  // namespace

void InitSockDiag(Napi::Env env, Napi::Object exports) {
  exports.Set("unixSockets", Napi::Function::New(env, UnixSockets, "unixSockets"));
}

}  // namespace plab
