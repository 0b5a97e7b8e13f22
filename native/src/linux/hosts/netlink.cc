// rtnetlink(7) and netdevice(7) for the host keeper: see netlink.h.
#include "linux/hosts/netlink.h"

#include <arpa/inet.h>
#include <linux/if.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace plab::hosts {

namespace {

// One request message, built in place: nested attributes are opened and closed around their
// children (rtnetlink(7): rta_len covers the nested attributes).
struct Request {
  alignas(NLMSG_ALIGNTO) char buf[1024];
  nlmsghdr* hdr() { return reinterpret_cast<nlmsghdr*>(buf); }

  void begin(uint16_t type, uint16_t flags) {
    std::memset(buf, 0, sizeof buf);
    hdr()->nlmsg_len = NLMSG_LENGTH(0);
    hdr()->nlmsg_type = type;
    hdr()->nlmsg_flags = flags;
    hdr()->nlmsg_seq = 1;
  }
  void* put(const void* data, size_t len) {  // raw bytes, aligned to NLMSG_ALIGNTO
    char* at = buf + NLMSG_ALIGN(hdr()->nlmsg_len);
    if (data) std::memcpy(at, data, len);
    hdr()->nlmsg_len = NLMSG_ALIGN(hdr()->nlmsg_len) + len;
    return at;
  }
  rtattr* open(uint16_t type) {
    rtattr* attr = static_cast<rtattr*>(put(nullptr, RTA_LENGTH(0)));
    attr->rta_type = type;
    return attr;
  }
  void close(rtattr* attr) { attr->rta_len = static_cast<uint16_t>(buf + hdr()->nlmsg_len - reinterpret_cast<char*>(attr)); }
  void attr(uint16_t type, const void* data, size_t len) {
    rtattr* a = open(type);
    put(data, len);
    close(a);
  }
  void string(uint16_t type, const char* s) { attr(type, s, std::strlen(s) + 1); }
};

// Sends one request and reads its acknowledgement (NLM_F_ACK): 0 or the kernel's -errno.
int Transact(Request& req) {
  const int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
  if (fd < 0) return -errno;
  sockaddr_nl kernel{};
  kernel.nl_family = AF_NETLINK;
  int result = 0;
  if (sendto(fd, req.buf, req.hdr()->nlmsg_len, 0, reinterpret_cast<sockaddr*>(&kernel), sizeof kernel) < 0) {
    result = -errno;
  } else {
    alignas(NLMSG_ALIGNTO) char reply[4096];
    ssize_t n;
    do n = recv(fd, reply, sizeof reply, 0);
    while (n < 0 && errno == EINTR);
    if (n < 0) {
      result = -errno;
    } else {
      const nlmsghdr* h = reinterpret_cast<const nlmsghdr*>(reply);
      if (!NLMSG_OK(h, static_cast<unsigned>(n)) || h->nlmsg_type != NLMSG_ERROR) result = -EPROTO;
      else result = reinterpret_cast<const nlmsgerr*>(NLMSG_DATA(h))->error;  // 0 or -errno
    }
  }
  ::close(fd);
  return result;
}

int Ioctl(unsigned long request, ifreq& ifr) {
  const int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -errno;
  const int result = ioctl(fd, request, &ifr) == 0 ? 0 : -errno;
  ::close(fd);
  return result;
}

bool NameInto(ifreq& ifr, const char* name) {
  if (std::strlen(name) >= IFNAMSIZ) return false;
  std::strncpy(ifr.ifr_name, name, IFNAMSIZ - 1);
  return true;
}

}  // namespace

int CreateVethPair(const char* name, const char* peer, int peerNetnsFd) {
  Request req;
  req.begin(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL);
  ifinfomsg info{};
  info.ifi_family = AF_UNSPEC;
  req.put(&info, sizeof info);
  req.string(IFLA_IFNAME, name);
  rtattr* linkinfo = req.open(IFLA_LINKINFO);
  req.string(IFLA_INFO_KIND, "veth");
  rtattr* data = req.open(IFLA_INFO_DATA);
  rtattr* peerAttr = req.open(VETH_INFO_PEER);  // the peer is described by its own ifinfomsg
  req.put(&info, sizeof info);
  req.string(IFLA_IFNAME, peer);
  const uint32_t fd = static_cast<uint32_t>(peerNetnsFd);
  req.attr(IFLA_NET_NS_FD, &fd, sizeof fd);
  req.close(peerAttr);
  req.close(data);
  req.close(linkinfo);
  return Transact(req);
}

int SetUp(const char* name) {
  ifreq ifr{};
  if (!NameInto(ifr, name)) return -EINVAL;
  if (int r = Ioctl(SIOCGIFFLAGS, ifr); r != 0) return r;
  ifr.ifr_flags |= IFF_UP;
  return Ioctl(SIOCSIFFLAGS, ifr);
}

int SetAddressAndUp(const char* name, uint32_t address, int prefix) {
  if (prefix < 0 || prefix > 32) return -EINVAL;
  ifreq ifr{};
  if (!NameInto(ifr, name)) return -EINVAL;
  sockaddr_in sin{};
  sin.sin_family = AF_INET;
  sin.sin_addr.s_addr = address;
  std::memcpy(&ifr.ifr_addr, &sin, sizeof sin);
  if (int r = Ioctl(SIOCSIFADDR, ifr); r != 0) return r;
  sin.sin_addr.s_addr = htonl(prefix == 0 ? 0 : ~0U << (32 - prefix));
  std::memcpy(&ifr.ifr_netmask, &sin, sizeof sin);
  if (int r = Ioctl(SIOCSIFNETMASK, ifr); r != 0) return r;
  return SetUp(name);
}

}  // namespace plab::hosts
