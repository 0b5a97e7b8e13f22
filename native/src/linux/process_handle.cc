// See process_handle.h. The system calls go through syscall(2): glibc 2.36 wraps pidfd_open and
// pidfd_send_signal, older ones do not, and the ioctl's struct is newer than most headers.
#include "linux/process_handle.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_pidfd_send_signal
#define SYS_pidfd_send_signal 424
#endif
#ifndef P_PIDFD
#define P_PIDFD 3
#endif

namespace plab {

namespace {

// struct pidfd_info as of Linux 6.15 (PIDFD_INFO_SIZE_VER0, 64 bytes): exit_code took the
// place of spare0. The size is part of the ioctl number, so the kernel copies only these bytes.
struct PidfdInfo {
  uint64_t mask;
  uint64_t cgroupid;
  uint32_t pid, tgid, ppid, ruid, rgid, euid, egid, suid, sgid, fsuid, fsgid;
  int32_t exit_code;
};
static_assert(sizeof(PidfdInfo) == 64, "PIDFD_INFO_SIZE_VER0");
constexpr uint64_t kInfoExit = 1ULL << 3;  // PIDFD_INFO_EXIT
constexpr unsigned long kGetInfo = _IOWR(0xFF, 11, PidfdInfo);  // PIDFD_GET_INFO

}  // namespace

int PidfdOpen(pid_t pid) { return static_cast<int>(syscall(SYS_pidfd_open, pid, 0)); }

long long ProcStartTime(pid_t pid) {
  char path[64];
  std::snprintf(path, sizeof path, "/proc/%d/stat", static_cast<int>(pid));
  const int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    errno = ESRCH;
    return -1;
  }
  char buf[1024];
  const ssize_t n = read(fd, buf, sizeof buf - 1);
  const int saved = errno;
  close(fd);
  if (n <= 0) {
    errno = n < 0 ? saved : ESRCH;
    return -1;
  }
  buf[n] = '\0';
  // comm (field 2) may hold spaces and parentheses: fields 3.. start after the last ')'.
  const char* p = std::strrchr(buf, ')');
  if (!p) {
    errno = EIO;
    return -1;
  }
  p += 2;  // ") " then field 3 (state)
  for (int field = 3; field < 22; ++field) {
    p = std::strchr(p, ' ');
    if (!p) {
      errno = EIO;
      return -1;
    }
    ++p;
  }
  return std::strtoll(p, nullptr, 10);
}

int PidfdOpenChecked(pid_t pid, long long startTime) {
  const int fd = PidfdOpen(pid);
  if (fd < 0) return -1;
  // The pidfd names whatever process had the PID at the open. If that process still has this
  // start time now, it is the one we mean; a mismatch (or no process) means it was reaped.
  if (ProcStartTime(pid) != startTime) {
    close(fd);
    errno = ESRCH;
    return -1;
  }
  return fd;
}

int PidfdSendSignal(int pidfd, int sig) {
  return static_cast<int>(syscall(SYS_pidfd_send_signal, pidfd, sig, nullptr, 0));
}

int PidfdHasExited(int pidfd) {
  struct pollfd p = {pidfd, POLLIN, 0};
  const int n = poll(&p, 1, 0);
  if (n < 0) return -1;
  return n > 0 && (p.revents & (POLLIN | POLLHUP)) ? 1 : 0;
}

int PidfdReap(int pidfd, int* status) {
  siginfo_t info;
  std::memset(&info, 0, sizeof info);
  if (waitid(static_cast<idtype_t>(P_PIDFD), static_cast<id_t>(pidfd), &info, WEXITED | WNOHANG) != 0) return -1;
  if (info.si_pid == 0) return 0;  // WNOHANG, not terminated yet
  // Rebuild the status word wait(2)'s macros decode, from waitid's si_code and si_status.
  if (info.si_code == CLD_EXITED) *status = (info.si_status & 0xff) << 8;
  else *status = (info.si_status & 0x7f) | (info.si_code == CLD_DUMPED ? 0x80 : 0);
  return 1;
}

int PidfdExitStatus(int pidfd, int* status) {
  PidfdInfo info;
  std::memset(&info, 0, sizeof info);
  info.mask = kInfoExit;
  if (ioctl(pidfd, kGetInfo, &info) != 0) {
    // ENOTTY/EINVAL: a kernel without pidfs's ioctl; ESRCH: reaped and no exit info kept.
    if (errno == ENOTTY || errno == EINVAL || errno == ESRCH) return 0;
    return -1;
  }
  if (!(info.mask & kInfoExit)) return 0;  // still running, or a kernel before 6.15
  *status = info.exit_code;
  return 1;
}

}  // namespace plab
