// Gives a kept signal back to this thread with its original siginfo: rt_tgsigqueueinfo(2)
// (a process may queue any si_code to itself). See lab/events.cc for why.
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>

#include "lab/events.h"
#include "lab/ops.h"
#include "linux/process_handle.h"

namespace plab::lab {

void Reinject(const siginfo_t& info) {
  siginfo_t copy = info;
  syscall(SYS_rt_tgsigqueueinfo, getpid(), static_cast<pid_t>(syscall(SYS_gettid)), info.si_signo, &copy);
}

}  // namespace plab::lab

namespace plab::lab {

// kill() through a pidfd, with the pidfd code the addon uses (linux/process_handle.h): the PID
// is read from the run's table, which is cleared before a process is reaped; re-reading it
// after pidfd_open proves the pidfd names the run's process and not a stranger that reused
// its PID. A kernel without pidfds (before 5.3: ENOSYS) gets kill(2), as the engine does.
int SendSignal(int slot, pid_t pid, int sig) {
  const int fd = PidfdOpen(pid);
  if (fd < 0) {
    if (errno != ENOSYS) return errno;
    return kill(pid, sig) == 0 ? 0 : errno;
  }
  if (PidOf(slot) != pid) {
    close(fd);
    return ESRCH;
  }
  const int err = PidfdSendSignal(fd, sig) == 0 ? 0 : errno;
  close(fd);
  return err;
}

}  // namespace plab::lab
