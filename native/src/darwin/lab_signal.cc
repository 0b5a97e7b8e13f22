// macOS has no rt_tgsigqueueinfo: a kept signal is raised again with kill(2), which keeps its
// number but not its sender (si_pid becomes this process). NOT VERIFIED here (Linux only).
#include <signal.h>
#include <unistd.h>

#include "lab/events.h"

namespace plab::lab {

void Reinject(const siginfo_t& info) { kill(getpid(), info.si_signo); }

}  // namespace plab::lab

#include <cerrno>

#include "lab/ops.h"

namespace plab::lab {

// No pidfds on macOS: kill(2) of the PID the run's table holds (cleared before reaping).
// macOS has no sigqueue(3) to another process: a value is refused (ENOSYS), never dropped.
int SendSignal(int, pid_t pid, int sig, const int* value) {
  if (value) return ENOSYS;
  return kill(pid, sig) == 0 ? 0 : errno;
}

// kill(-pgid): the group of the run's process, led by a process of the run.
int SendSignalToGroup(int slot, pid_t pid, int sig) {
  const pid_t pgid = PidOf(slot) == pid ? getpgid(pid) : -1;
  if (pgid < 0) return ESRCH;
  bool ours = false;
  for (uint32_t i = 0; i < g.header->processCount && !ours; i++) ours = PidOf(static_cast<int>(i)) == pgid;
  if (!ours) return EPERM;
  return kill(-pgid, sig) == 0 ? 0 : errno;
}

}  // namespace plab::lab
