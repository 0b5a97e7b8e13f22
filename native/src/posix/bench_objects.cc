// The objects of one benchmark pair: created by the engine before it starts the two processes
// (so the client never races the echo: a FIFO or queue exists, a socket already listens, a
// POSIX segment is sized before anyone maps it), opened by each side, removed by the engine.
// Follows pipe(2), mkfifo(3), mq_overview(7), msgop(2), shmop(2), shm_open(3), unix(7), tcp(7),
// tgkill(2), sigsuspend(2). test/bench/ipc-bench.c does the same calls in the same order.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "posix/bench.h"

namespace plab {
namespace bench {
namespace {

const char* const kNames[] = {"shm-sysv", "shm-posix", "shm-spin", "pipe", "fifo",
                              "mq-posix", "msg-sysv", "unix", "tcp", "tcp-hosts", "signal"};

[[noreturn]] void Fail(const char* syscall) { throw Failure{errno, syscall}; }

// Signals carry no data: the handler only notes which signal came and from whom.
volatile sig_atomic_t g_lastSignal = 0;
volatile pid_t g_lastSender = 0;
void OnSignal(int sig, siginfo_t* info, void*) {
  g_lastSender = info->si_pid;
  g_lastSignal = sig;
}

int Listener(int domain, const sockaddr* addr, socklen_t len) {
  int fd = socket(domain, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) Fail("socket");
  int one = 1;
  if (domain == AF_INET) setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (bind(fd, addr, len) != 0) { int e = errno; close(fd); throw Failure{e, "bind"}; }
  if (listen(fd, 4) != 0) { int e = errno; close(fd); throw Failure{e, "listen"}; }
  return fd;
}

sockaddr_un UnixAddress(const std::string& path) {
  sockaddr_un a{};
  a.sun_family = AF_UNIX;
  if (path.size() >= sizeof a.sun_path) throw Failure{ENAMETOOLONG, "bind"};
  memcpy(a.sun_path, path.c_str(), path.size() + 1);
  return a;
}

// Latency is the subject: Nagle's algorithm would hold small replies back (tcp(7)).
void NoDelay(int fd) {
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

int Connect(const Spec& s) {
  if (s.mech == Mech::Unix) {
    sockaddr_un a = UnixAddress(s.nameA);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) Fail("socket");
    if (connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) Fail("connect");
    return fd;
  }
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(s.port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  // tcp-hosts: host A's address on the veth link, seen from host B (another network namespace).
  if (s.mech == Mech::TcpHosts && inet_pton(AF_INET, s.nameA.c_str(), &a.sin_addr) != 1) throw Failure{EINVAL, "inet_pton"};
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) Fail("socket");
  if (connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) Fail("connect");
  NoDelay(fd);
  return fd;
}

// Streams deliver what they have: loop until the whole message moved (a single read of a
// 64 KiB message over a socket returns part of it).
void WriteAll(int fd, const char* buf, size_t n) {
  while (n > 0) {
    ssize_t w = write(fd, buf, n);
    if (w < 0) { if (errno == EINTR) continue; Fail("write"); }
    buf += w;
    n -= static_cast<size_t>(w);
  }
}
void ReadAll(int fd, char* buf, size_t n) {
  while (n > 0) {
    ssize_t r = read(fd, buf, n);
    if (r < 0) { if (errno == EINTR) continue; Fail("read"); }
    if (r == 0) throw Failure{EPIPE, "read"};  // the peer closed early
    buf += r;
    n -= static_cast<size_t>(r);
  }
}

}  // namespace

const char* MechName(Mech mech) { return kNames[static_cast<int>(mech)]; }
bool MechFromName(const std::string& name, Mech* out) {
  for (int i = 0; i < static_cast<int>(Mech::Count); i++)
    if (name == kNames[i]) { *out = static_cast<Mech>(i); return true; }
  return false;
}
bool IsShm(Mech m) { return m == Mech::ShmSysv || m == Mech::ShmPosix || m == Mech::ShmSpin; }

void Prepare(Prepared* p, const std::string& dir) {
  static unsigned counter = 0;
  std::string tag = std::to_string(getpid()) + "-" + std::to_string(++counter);
  switch (p->mech) {
    case Mech::Pipe: {
      int req[2], resp[2];
      if (pipe2(req, O_CLOEXEC) != 0) Fail("pipe2");
      if (pipe2(resp, O_CLOEXEC) != 0) { int e = errno; close(req[0]); close(req[1]); throw Failure{e, "pipe2"}; }
      p->fds[0] = req[0]; p->fds[1] = req[1]; p->fds[2] = resp[0]; p->fds[3] = resp[1];
      break;
    }
    case Mech::Fifo:
      p->names[0] = dir + "/req.fifo";
      p->names[1] = dir + "/resp.fifo";
      if (mkfifo(p->names[0].c_str(), 0600) != 0) Fail("mkfifo");
      if (mkfifo(p->names[1].c_str(), 0600) != 0) Fail("mkfifo");
      break;
    case Mech::MqPosix: {
      mq_attr attr{};
      attr.mq_maxmsg = 10;  // fs.mqueue.msg_max's default: an unprivileged user gets no more
      attr.mq_msgsize = static_cast<long>(p->size);
      for (int i = 0; i < 2; i++) {
        p->names[i] = "/plab-bench-" + tag + (i == 0 ? "-req" : "-resp");
        mqd_t q = mq_open(p->names[i].c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600, &attr);
        if (q == (mqd_t)-1) { int e = errno; p->names[i].clear(); throw Failure{e, "mq_open"}; }
        mq_close(q);
      }
      break;
    }
    case Mech::MsgSysv:
      p->id = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
      if (p->id < 0) Fail("msgget");
      break;
    case Mech::ShmSysv:
      p->slots = ShmSlots(p->size);
      p->id = shmget(IPC_PRIVATE, ShmBytes(p->size, p->slots), IPC_CREAT | 0600);
      if (p->id < 0) Fail("shmget");
      break;
    case Mech::ShmPosix:
    case Mech::ShmSpin: {
      p->slots = ShmSlots(p->size);
      p->names[0] = "/plab-bench-" + tag;
      int fd = shm_open(p->names[0].c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
      if (fd < 0) { int e = errno; p->names[0].clear(); throw Failure{e, "shm_open"}; }
      int rc = ftruncate(fd, static_cast<off_t>(ShmBytes(p->size, p->slots)));
      int e = errno;
      close(fd);
      if (rc != 0) throw Failure{e, "ftruncate"};
      break;
    }
    case Mech::Unix: {
      p->names[0] = dir + "/bench.sock";
      sockaddr_un a = UnixAddress(p->names[0]);
      p->fds[0] = Listener(AF_UNIX, reinterpret_cast<sockaddr*>(&a), sizeof a);
      break;
    }
    case Mech::Tcp: {
      sockaddr_in a{};
      a.sin_family = AF_INET;
      a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);  // loopback only, never a real interface
      p->fds[0] = Listener(AF_INET, reinterpret_cast<sockaddr*>(&a), sizeof a);
      socklen_t len = sizeof a;
      if (getsockname(p->fds[0], reinterpret_cast<sockaddr*>(&a), &len) != 0) Fail("getsockname");
      p->port = ntohs(a.sin_port);
      break;
    }
    case Mech::TcpHosts:
      // Nothing here: the engine lives in its own network namespace, so the echo makes its
      // listener inside host A itself (HostsListener) and the port is fixed.
      p->port = kHostsPort;
      break;
    case Mech::Signal:
    case Mech::Count:
      break;
  }
}

int HostsListener(const Spec& s) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(s.port));
  if (inet_pton(AF_INET, s.nameA.c_str(), &a.sin_addr) != 1) throw Failure{EINVAL, "inet_pton"};
  return Listener(AF_INET, reinterpret_cast<sockaddr*>(&a), sizeof a);
}

void Release(Prepared* p) {
  for (int& fd : p->fds) if (fd >= 0) { close(fd); fd = -1; }
  if (p->mech == Mech::Fifo || p->mech == Mech::Unix)
    for (auto& n : p->names) if (!n.empty()) unlink(n.c_str());
  if (p->mech == Mech::MqPosix)
    for (auto& n : p->names) if (!n.empty()) mq_unlink(n.c_str());
  if (p->mech == Mech::ShmPosix || p->mech == Mech::ShmSpin)
    if (!p->names[0].empty()) shm_unlink(p->names[0].c_str());
  if (p->mech == Mech::MsgSysv && p->id >= 0) msgctl(p->id, IPC_RMID, nullptr);
  if (p->mech == Mech::ShmSysv && p->id >= 0) shmctl(p->id, IPC_RMID, nullptr);
  p->id = -1;
  for (auto& n : p->names) n.clear();
}

void Open(const Spec& s, Endpoint* ep) {
  ep->mech = s.mech;
  ep->size = s.size;
  switch (s.mech) {
    case Mech::Pipe:
      ep->txFd = s.fdA;
      ep->rxFd = s.fdB;
      break;
    case Mech::Fifo:
      // Both sides open the request FIFO first: open(2) of a FIFO waits for the other end.
      if (s.client) {
        if ((ep->txFd = open(s.nameA.c_str(), O_WRONLY | O_CLOEXEC)) < 0) Fail("open");
        if ((ep->rxFd = open(s.nameB.c_str(), O_RDONLY | O_CLOEXEC)) < 0) Fail("open");
      } else {
        if ((ep->rxFd = open(s.nameB.c_str(), O_RDONLY | O_CLOEXEC)) < 0) Fail("open");
        if ((ep->txFd = open(s.nameA.c_str(), O_WRONLY | O_CLOEXEC)) < 0) Fail("open");
      }
      break;
    case Mech::MqPosix:
      if ((ep->txMq = mq_open(s.nameA.c_str(), O_WRONLY | O_CLOEXEC)) == (mqd_t)-1) Fail("mq_open");
      if ((ep->rxMq = mq_open(s.nameB.c_str(), O_RDONLY | O_CLOEXEC)) == (mqd_t)-1) Fail("mq_open");
      break;
    case Mech::MsgSysv:
      ep->msqid = s.id;
      ep->txType = s.client ? 1 : 2;  // type 1 carries requests, type 2 replies
      ep->rxType = s.client ? 2 : 1;
      ep->msg = static_cast<char*>(malloc(sizeof(long) + s.size));
      if (!ep->msg) throw Failure{ENOMEM, "malloc"};
      break;
    case Mech::ShmSysv:
      ep->map = shmat(s.id, nullptr, 0);
      if (ep->map == reinterpret_cast<void*>(-1)) { ep->map = nullptr; Fail("shmat"); }
      ShmLayout(ep, s.client, s.slots);
      break;
    case Mech::ShmPosix:
    case Mech::ShmSpin: {
      int fd = shm_open(s.nameA.c_str(), O_RDWR | O_CLOEXEC, 0);
      if (fd < 0) Fail("shm_open");
      ep->mapBytes = ShmBytes(s.size, s.slots);
      void* m = mmap(nullptr, ep->mapBytes, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
      int e = errno;
      close(fd);
      if (m == MAP_FAILED) throw Failure{e, "mmap"};
      ep->map = m;
      ep->spin = s.mech == Mech::ShmSpin;
      ShmLayout(ep, s.client, s.slots);
      break;
    }
    case Mech::Unix:
    case Mech::Tcp:
    case Mech::TcpHosts:
      if (s.client) {
        ep->txFd = ep->rxFd = Connect(s);
      } else {
        int fd = accept4(s.fdA, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd < 0) Fail("accept4");
        if (s.mech != Mech::Unix) NoDelay(fd);
        ep->txFd = ep->rxFd = fd;
      }
      break;
    case Mech::Signal:
    case Mech::Count:
      ep->peer = s.peer;
      break;
  }
}

// Called before the echo says it is ready: from then on SIGUSR1/SIGUSR2 wait blocked until
// sigsuspend(2) opens the mask, so none is lost or kills the process.
void PrepareSignals() {
  struct sigaction sa{};
  sa.sa_sigaction = OnSignal;
  sa.sa_flags = SA_SIGINFO;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGUSR1, &sa, nullptr);
  sigaction(SIGUSR2, &sa, nullptr);
  sigset_t block;
  sigemptyset(&block);
  sigaddset(&block, SIGUSR1);
  sigaddset(&block, SIGUSR2);
  sigprocmask(SIG_BLOCK, &block, nullptr);
}

void Close(Endpoint* ep) {
  if (ep->mech == Mech::Fifo || ep->mech == Mech::Pipe) {
    if (ep->mech == Mech::Fifo) { close(ep->txFd); close(ep->rxFd); }
  } else if (ep->mech == Mech::Unix || ep->mech == Mech::Tcp || ep->mech == Mech::TcpHosts) {
    if (ep->txFd >= 0) close(ep->txFd);
  }
  if (ep->txMq != (mqd_t)-1) mq_close(ep->txMq);
  if (ep->rxMq != (mqd_t)-1) mq_close(ep->rxMq);
  free(ep->msg);
  if (ep->mech == Mech::ShmSysv && ep->map) shmdt(ep->map);
  if ((ep->mech == Mech::ShmPosix || ep->mech == Mech::ShmSpin) && ep->map) munmap(ep->map, ep->mapBytes);
  *ep = Endpoint{};
}

// The first 8 bytes of every message are the loop's stop word (bench_loops.cc); a signal
// carries it as its number: SIGUSR1 goes on, SIGUSR2 stops.
void Send(Endpoint* ep, char* buf) {
  switch (ep->mech) {
    case Mech::MqPosix:
      while (mq_send(ep->txMq, buf, ep->size, 0) != 0) if (errno != EINTR) Fail("mq_send");
      return;
    case Mech::MsgSysv:
      *reinterpret_cast<long*>(ep->msg) = ep->txType;
      memcpy(ep->msg + sizeof(long), buf, ep->size);
      while (msgsnd(ep->msqid, ep->msg, ep->size, 0) != 0) if (errno != EINTR) Fail("msgsnd");
      return;
    case Mech::ShmSysv:
    case Mech::ShmPosix:
    case Mech::ShmSpin:
      ShmSend(ep, buf);
      return;
    case Mech::Signal: {
      uint64_t stop;
      memcpy(&stop, buf, sizeof stop);
      // tgkill(2) to the peer's main thread (tid == pid): kill(2) may hand the signal to any
      // thread that does not block it, and a Node process has helper threads that do not, so
      // the peer's sigsuspend would never see it.
      if (syscall(SYS_tgkill, ep->peer, ep->peer, stop ? SIGUSR2 : SIGUSR1) != 0) Fail("tgkill");
      return;
    }
    default:
      WriteAll(ep->txFd, buf, ep->size);
  }
}

void Receive(Endpoint* ep, char* buf) {
  switch (ep->mech) {
    case Mech::MqPosix:
      while (mq_receive(ep->rxMq, buf, ep->size, nullptr) < 0) if (errno != EINTR) Fail("mq_receive");
      return;
    case Mech::MsgSysv:
      while (msgrcv(ep->msqid, ep->msg, ep->size, ep->rxType, 0) < 0) if (errno != EINTR) Fail("msgrcv");
      memcpy(buf, ep->msg + sizeof(long), ep->size);
      return;
    case Mech::ShmSysv:
    case Mech::ShmPosix:
    case Mech::ShmSpin:
      ShmReceive(ep, buf);
      return;
    case Mech::Signal: {
      sigset_t open;
      sigprocmask(SIG_SETMASK, nullptr, &open);
      sigdelset(&open, SIGUSR1);
      sigdelset(&open, SIGUSR2);
      g_lastSignal = 0;
      while (g_lastSignal == 0) sigsuspend(&open);  // returns -1/EINTR after the handler ran
      uint64_t stop = g_lastSignal == SIGUSR2;
      memcpy(buf, &stop, sizeof stop);
      if (ep->peer == 0) ep->peer = g_lastSender;  // the echo answers whoever asked
      return;
    }
    default:
      ReadAll(ep->rxFd, buf, ep->size);
  }
}

}  // namespace bench
}  // namespace plab
