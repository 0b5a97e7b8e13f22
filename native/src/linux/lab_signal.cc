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
// With a value, what sigqueue(3) sends: si_code SI_QUEUE, the sender's pid and uid, si_value
// (pidfd_send_signal(2) takes the siginfo rt_sigqueueinfo(2) would).
int SendSignal(int slot, pid_t pid, int sig, const int* value) {
  siginfo_t info{};
  if (value) {
    info.si_signo = sig;
    info.si_code = SI_QUEUE;
    info.si_pid = getpid();
    info.si_uid = getuid();
    info.si_value.sival_int = *value;
  }
  const int fd = PidfdOpen(pid);
  if (fd < 0) {
    if (errno != ENOSYS) return errno;
    if (value) return sigqueue(pid, sig, info.si_value) == 0 ? 0 : errno;
    return kill(pid, sig) == 0 ? 0 : errno;
  }
  if (PidOf(slot) != pid) {
    close(fd);
    return ESRCH;
  }
  const long rc = value ? syscall(SYS_pidfd_send_signal, fd, sig, &info, 0) : PidfdSendSignal(fd, sig);
  const int err = rc == 0 ? 0 : errno;
  close(fd);
  return err;
}

// kill(-pgid, sig) to the group of the run's process at `slot`. A group has no pidfd: the
// member is held by one while its group is read, and the group must be led by a process of the
// run (each root leads its own, its children join it), so no other process can be reached.
int SendSignalToGroup(int slot, pid_t pid, int sig) {
  const int fd = PidfdOpen(pid);
  if (fd < 0 && errno != ENOSYS) return errno;
  int err = 0;
  const pid_t pgid = PidOf(slot) == pid ? getpgid(pid) : -1;
  if (pgid < 0) {
    err = ESRCH;
  } else {
    bool ours = false;
    for (uint32_t i = 0; i < g.header->processCount && !ours; i++) ours = PidOf(static_cast<int>(i)) == pgid;
    err = !ours ? EPERM : kill(-pgid, sig) == 0 ? 0 : errno;
  }
  if (fd >= 0) close(fd);
  return err;
}

}  // namespace plab::lab
