// plab-hosts: the host keeper of one run. It makes the scenario's hosts and holds them open:
//
//   plab-hosts OBJECTS_DIR HOST[,PROCESS=KEY...] [HOST[,PROCESS=KEY...]]
//
// 1. unshare(CLONE_NEWUSER) and map only the caller's own uid and gid (user_namespaces(7): what
//    an unprivileged process may write to uid_map/gid_map, after "deny" in setgroups). The
//    keeper then holds every capability over the namespaces it creates, and no root is needed.
// 2. For each host a child that unshares a network, IPC, mount and UTS namespace, makes its
//    mounts private, mounts a fresh tmpfs on /dev/shm (POSIX shm and named semaphores live
//    there) and on OBJECTS_DIR (FIFO and Unix socket paths of the run), a fresh mqueue on
//    /dev/mqueue (mq_overview(7)), names itself HOST (sethostname), brings lo up, makes the
//    inbox of each PROCESS placed there (msgget(KEY, IPC_CREAT|IPC_EXCL|0600): the lab makes
//    inboxes, inside the host's IPC namespace, where its processes find them), and sleeps.
//    Lab processes join a host with setns() on that child's pidfd (spawn's joinNamespacesOf).
// 3. With two hosts, a veth pair eth0 <-> eth0 links them, 10.0.0.1/24 on the first and
//    10.0.0.2/24 on the second: addresses inside those namespaces only.
//
// It reports on stdout, one line each: "inbox HOST PROCESS MSQID" per inbox, "host ID PID
// ADDRESS" per host (ADDRESS "-" when there is no link), then "ready"; or
// "error SYSCALL ERRNO_NAME WHAT" and exit status 1, having undone everything (its children die
// with it, PR_SET_PDEATHSIG), so a run never starts half-way. Then it reads stdin until end of
// file: the engine holds the other end, so a normal end and a kill -9 of the engine look the
// same. At end of file it kills every process still inside its hosts (found by their network
// namespace in /proc) and exits; the namespaces, the veth pair, the tmpfs mounts and whatever
// the hosts held (sockets, System V objects, queues) go with their last process.
#include <arpa/inet.h>
#include <dirent.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/msg.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "linux/hosts/netlink.h"

namespace {

constexpr int kMaxHosts = 2;
constexpr const char* kLink = "eth0";
constexpr int kPrefix = 24;
constexpr int kMaxInboxes = 64;  // a scenario has at most 64 processes

struct Inbox {
  const char* process;
  key_t key;
};

struct Host {
  const char* id;
  Inbox inboxes[kMaxInboxes];
  int inboxCount = 0;
  pid_t pid = -1;
  uint32_t address = 0;  // network byte order
  ino_t netns = 0;
};

Host g_hosts[kMaxHosts];
int g_count = 0;

const char* ErrnoName(int err) {
  const char* name = strerrorname_np(err);
  return name ? name : "EUNKNOWN";
}

void KillHosts() {
  for (int i = 0; i < g_count; i++)
    if (g_hosts[i].pid > 0) kill(g_hosts[i].pid, SIGKILL);
  for (int i = 0; i < g_count; i++)
    if (g_hosts[i].pid > 0) waitpid(g_hosts[i].pid, nullptr, 0);
}

[[noreturn]] void Fail(const char* syscall, int err, const char* what) {
  std::printf("error %s %s %s\n", syscall, ErrnoName(err), what);
  std::fflush(stdout);
  KillHosts();
  std::exit(1);
}

bool WriteFile(const char* path, const char* text) {
  const int fd = open(path, O_WRONLY | O_CLOEXEC);
  if (fd < 0) return false;
  const size_t len = std::strlen(text);
  const bool ok = write(fd, text, len) == static_cast<ssize_t>(len);
  const int err = errno;
  close(fd);
  errno = err;
  return ok;
}

ino_t NetnsInode(pid_t pid) {
  char path[64];
  std::snprintf(path, sizeof path, "/proc/%d/ns/net", pid);
  struct stat st {};
  return stat(path, &st) == 0 ? st.st_ino : 0;
}

// ---- one host: runs in the forked child ------------------------------------------------------

struct HostFailure {
  int stage;  // index into kHostStages
  int err;
};
const char* const kHostStages[] = {"prctl", "unshare", "mount /", "mount /dev/shm", "mount objects", "sethostname", "lo up", "msgget"};

[[noreturn]] void RunHost(const Host& host, const char* objectsDir, int readyFd, pid_t keeper) {
  auto fail = [readyFd](int stage) {
    const HostFailure f{stage, errno};
    (void)!write(readyFd, &f, sizeof f);
    _exit(1);
  };
  if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) fail(0);
  if (getppid() != keeper) _exit(1);  // the keeper died before prctl: no death signal would come
  if (unshare(CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWNS | CLONE_NEWUTS) != 0) fail(1);
  // Nothing mounted here may reach the machine's mount table (mount_namespaces(7)).
  if (mount("none", "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) fail(2);
  if (mount("tmpfs", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777") != 0) fail(3);
  if (mount("tmpfs", objectsDir, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0700") != 0) fail(4);
  // The host's own message queues, for whoever lists /dev/mqueue inside it (optional: a
  // machine without that directory still has the queues, mq_open(3) does not need the mount).
  (void)mount("mqueue", "/dev/mqueue", "mqueue", MS_NOSUID | MS_NODEV | MS_NOEXEC, nullptr);
  if (sethostname(host.id, std::strlen(host.id)) != 0) fail(5);
  if (int r = plab::hosts::SetUp("lo"); r != 0) errno = -r, fail(6);
  for (int i = 0; i < host.inboxCount; i++) {
    const int msqid = msgget(host.inboxes[i].key, IPC_CREAT | IPC_EXCL | 0600);
    if (msqid < 0) fail(7);
    dprintf(STDOUT_FILENO, "inbox %s %s %d\n", host.id, host.inboxes[i].process, msqid);
  }
  const HostFailure ok{-1, 0};
  (void)!write(readyFd, &ok, sizeof ok);
  close(readyFd);
  for (;;) pause();  // holds the namespaces until the keeper kills it or dies
}

// ---- the keeper ------------------------------------------------------------------------------

void EnterUserNamespace() {
  const uid_t uid = geteuid();
  const gid_t gid = getegid();
  if (unshare(CLONE_NEWUSER) != 0) Fail("unshare", errno, "the kernel refused a user namespace (CLONE_NEWUSER)");
  char map[64];
  if (!WriteFile("/proc/self/setgroups", "deny") && errno != ENOENT) Fail("write", errno, "/proc/self/setgroups");
  std::snprintf(map, sizeof map, "%u %u 1\n", uid, uid);
  if (!WriteFile("/proc/self/uid_map", map)) Fail("write", errno, "/proc/self/uid_map");
  std::snprintf(map, sizeof map, "%u %u 1\n", gid, gid);
  if (!WriteFile("/proc/self/gid_map", map)) Fail("write", errno, "/proc/self/gid_map");
}

void StartHost(Host& host, const char* objectsDir) {
  int ready[2];
  if (pipe2(ready, O_CLOEXEC) != 0) Fail("pipe2", errno, "readiness pipe");
  const pid_t keeper = getpid();
  const pid_t pid = fork();
  if (pid < 0) Fail("fork", errno, host.id);
  if (pid == 0) {
    close(ready[0]);
    RunHost(host, objectsDir, ready[1], keeper);
  }
  close(ready[1]);
  host.pid = pid;
  HostFailure result{};
  ssize_t n;
  do n = read(ready[0], &result, sizeof result);
  while (n < 0 && errno == EINTR);
  close(ready[0]);
  if (n != sizeof result) Fail("fork", ECHILD, host.id);
  if (result.stage >= 0) {
    static char what[128];
    std::snprintf(what, sizeof what, "host %s: %s", host.id, kHostStages[result.stage]);
    Fail(kHostStages[result.stage], result.err, what);
  }
  host.netns = NetnsInode(pid);
}

int OpenNetns(pid_t pid) {
  char path[64];
  std::snprintf(path, sizeof path, "/proc/%d/ns/net", pid);
  const int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) Fail("open", errno, path);
  return fd;
}

void EnterNetns(pid_t pid) {
  const int fd = OpenNetns(pid);
  if (setns(fd, CLONE_NEWNET) != 0) Fail("setns", errno, "a host's network namespace");
  close(fd);
}

void LinkHosts(Host& a, Host& b) {
  const int peerNs = OpenNetns(b.pid);
  EnterNetns(a.pid);
  if (int r = plab::hosts::CreateVethPair(kLink, kLink, peerNs); r != 0) Fail("RTM_NEWLINK", -r, "veth pair");
  close(peerNs);
  if (int r = plab::hosts::SetAddressAndUp(kLink, a.address, kPrefix); r != 0) Fail("ioctl", -r, "address of the first host");
  EnterNetns(b.pid);
  if (int r = plab::hosts::SetAddressAndUp(kLink, b.address, kPrefix); r != 0) Fail("ioctl", -r, "address of the second host");
  // The keeper cannot go back to the machine's own network namespace (that needs a capability
  // over the initial user namespace): it stays in the second host's, holding no socket there.
}

// Every process still inside one of the hosts (a lab process, a child it spawned) is killed.
// Only processes that share a host's network namespace are touched: nothing else can be in it.
void KillInside() {
  DIR* proc = opendir("/proc");
  if (!proc) return;
  while (dirent* entry = readdir(proc)) {
    char* end;
    const long pid = std::strtol(entry->d_name, &end, 10);
    if (*end != '\0' || pid <= 0) continue;
    bool isHost = pid == getpid();  // the keeper itself stays in the last host's netns after linking
    for (int i = 0; i < g_count; i++) isHost = isHost || g_hosts[i].pid == pid;
    if (isHost) continue;
    const ino_t ns = NetnsInode(static_cast<pid_t>(pid));
    for (int i = 0; i < g_count; i++)
      if (ns != 0 && ns == g_hosts[i].netns) kill(static_cast<pid_t>(pid), SIGKILL);
  }
  closedir(proc);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3 || argc > 2 + kMaxHosts) {
    std::fprintf(stderr, "usage: plab-hosts OBJECTS_DIR HOST[,PROCESS=KEY...] [HOST[,PROCESS=KEY...]]\n");
    return 2;
  }
  signal(SIGPIPE, SIG_IGN);  // the engine may be gone when we report: write fails, we go on
  const char* objectsDir = argv[1];
  g_count = argc - 2;
  for (int i = 0; i < g_count; i++) {
    // "A,client=1342177281,server=1342177282": split in place (argv is ours to modify).
    Host& host = g_hosts[i];
    host.id = std::strtok(argv[2 + i], ",");
    while (char* inbox = std::strtok(nullptr, ",")) {
      char* eq = std::strchr(inbox, '=');
      if (!eq || host.inboxCount == kMaxInboxes) {
        std::fprintf(stderr, "plab-hosts: bad inbox \"%s\"\n", inbox);
        return 2;
      }
      *eq = '\0';
      host.inboxes[host.inboxCount++] = {inbox, static_cast<key_t>(std::strtoul(eq + 1, nullptr, 10))};
    }
    if (!host.id) return 2;
    g_hosts[i].address = htonl((10U << 24) | (i + 1));  // 10.0.0.1, 10.0.0.2
  }
  EnterUserNamespace();
  for (int i = 0; i < g_count; i++) StartHost(g_hosts[i], objectsDir);
  if (g_count == 2) LinkHosts(g_hosts[0], g_hosts[1]);
  for (int i = 0; i < g_count; i++) {
    char text[INET_ADDRSTRLEN];
    in_addr addr{g_hosts[i].address};
    if (g_count == 1) std::strcpy(text, "-");  // one host: no link, no address but lo's
    else inet_ntop(AF_INET, &addr, text, sizeof text);
    std::printf("host %s %d %s\n", g_hosts[i].id, g_hosts[i].pid, text);
  }
  std::printf("ready\n");
  std::fflush(stdout);

  char buf[256];
  ssize_t n;
  do n = read(STDIN_FILENO, buf, sizeof buf);
  while (n > 0 || (n < 0 && errno == EINTR));
  KillInside();
  KillHosts();
  return 0;
}
