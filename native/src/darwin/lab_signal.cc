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
int SendSignal(int, pid_t pid, int sig) { return kill(pid, sig) == 0 ? 0 : errno; }

}  // namespace plab::lab
