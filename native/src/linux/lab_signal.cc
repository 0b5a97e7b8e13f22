// Gives a kept signal back to this thread with its original siginfo: rt_tgsigqueueinfo(2)
// (a process may queue any si_code to itself). See lab/events.cc for why.
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>

#include "lab/events.h"
#include "lab/ops.h"

namespace plab::lab {

void Reinject(const siginfo_t& info) {
  siginfo_t copy = info;
  syscall(SYS_rt_tgsigqueueinfo, getpid(), static_cast<pid_t>(syscall(SYS_gettid)), info.si_signo, &copy);
}

}  // namespace plab::lab

namespace plab::lab {

// kill() through a pidfd (pidfd_open(2), pidfd_send_signal(2)): the PID is read from the run's
// table, which is cleared before a process is reaped; re-reading it after pidfd_open proves
// the pidfd names the run's process and not a stranger that reused its PID.
int SendSignal(int slot, pid_t pid, int sig) {
#if defined(SYS_pidfd_open) && defined(SYS_pidfd_send_signal)
  const int fd = static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
  if (fd >= 0) {
    if (PidOf(slot) != pid) {
      close(fd);
      return ESRCH;
    }
    const long rc = syscall(SYS_pidfd_send_signal, fd, sig, nullptr, 0);
    const int err = rc == 0 ? 0 : errno;
    close(fd);
    return err;
  }
  if (errno != ENOSYS) return errno;
#endif
  (void)slot;
  return kill(pid, sig) == 0 ? 0 : errno;
}

}  // namespace plab::lab
