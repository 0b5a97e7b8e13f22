// Processes and control: spawn (fork + exec of this same executable as the child, which
// inherits every pipe and FIFO end open here at the same numbers, as with fork), wait
// (waitpid), sleep (nanosleep), compute (a busy loop on the vDSO clock: state R, and a
// handler can land anywhere in it), log (write(1)), exit (_exit), fault (a real NULL store
// or integer division by zero).
//
// A spawn is journalled before the fork and its PID right after, by the child itself before
// it execs and by the parent (issue 13): whenever the engine is killed, the journal names every
// PID the run started, and the next engine's cleanup kills them (roots die with the engine at
// once, by PR_SET_PDEATHSIG; children are orphans like in C, adopted by the engine while it
// lives). Children get no death signal of their own: their parent's end must not kill them.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "lab/ops.h"

extern char** environ;

namespace plab::lab {

void Journal(const char* line, size_t length);        // lab/main.cc
int64_t StartTimeOf(pid_t pid);                         // lab/main.cc: /proc/PID/stat field 22
int FdSpec(char* out, size_t size);                      // lab/main.cc: PROCESS_LAB_FDS of this process

namespace {

constexpr int kMaxEnv = 256;
char g_envStore[8192];
char* g_env[kMaxEnv + 8];

// The child's environment: this process's, with PROCESS_LAB_PROCESS and PROCESS_LAB_FDS replaced.
void BuildEnv(const char* childId) {
  size_t used = 0;
  int n = 0;
  auto add = [&](const char* a, const char* b) {
    const size_t la = std::strlen(a), lb = std::strlen(b);
    if (used + la + lb + 1 > sizeof g_envStore) return;
    char* at = g_envStore + used;
    std::memcpy(at, a, la);
    std::memcpy(at + la, b, lb + 1);
    used += la + lb + 1;
    g_env[n++] = at;
  };
  for (char** e = environ; *e && n < kMaxEnv; e++)
    if (std::strncmp(*e, "PROCESS_LAB_PROCESS=", 20) != 0 && std::strncmp(*e, "PROCESS_LAB_FDS=", 16) != 0) g_env[n++] = *e;
  add("PROCESS_LAB_PROCESS=", childId);
  char fds[2048];
  FdSpec(fds, sizeof fds);
  add("PROCESS_LAB_FDS=", fds);
  g_env[n] = nullptr;
}

[[noreturn]] void Child(const char* childId) {
  // Journalled by the child itself, first thing: even if its parent (and the engine) die right
  // after the fork, the journal names this PID before it can touch anything.
  char line[512];
  const int n = std::snprintf(line, sizeof line, "{\"type\":\"pid\",\"pid\":%d,\"startTime\":%lld,\"uid\":%d,\"process\":\"%s\"}\n",
                              getpid(), static_cast<long long>(StartTimeOf(getpid())), static_cast<int>(getuid()), childId);
  Journal(line, static_cast<size_t>(n));
  char path[4096];
  std::snprintf(path, sizeof path, "%s/out/%s", g.runDir, childId);
  const int console = open(path, O_WRONLY | O_CREAT | O_APPEND, 0600);
  const int null = open("/dev/null", O_RDONLY);
  if (console < 0 || null < 0) _exit(127);
  dup2(null, 0);
  dup2(console, 1);
  dup2(console, 2);
  close(console);
  close(null);
  // A new program starts from a C program's baseline: default dispositions, nothing blocked.
  struct sigaction dfl {};
  dfl.sa_handler = SIG_DFL;
  for (int sig = 1; sig < NSIG; sig++) sigaction(sig, &dfl, nullptr);
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  char* argv[] = {const_cast<char*>(childId), nullptr};
  execve(g.executable, argv, g_env);
  _exit(127);
}

int SlotOfChild(pid_t pid) {
  for (uint32_t s = 0; s < g.header->processCount; s++)
    if (g.children[s] == pid) return static_cast<int>(s);
  return -1;
}

}  // namespace

int Op_SPAWN(uint32_t, const Instr& in, Result& r) {
  const int slot = in.obj;
  if (slot >= static_cast<int>(g.header->processCount) || g.processes[slot].parent != static_cast<int32_t>(g.header->self))
    return EINVAL;
  if (g.children[slot] != 0) return EEXIST;  // started already
  const char* childId = ProcessId(slot);
  BuildEnv(childId);
  char line[512];
  int n = std::snprintf(line, sizeof line, "{\"type\":\"spawn\",\"process\":\"%s\",\"parentPid\":%d}\n", childId, getpid());
  Journal(line, static_cast<size_t>(n));
  const pid_t pid = fork();
  if (pid < 0) return errno;
  if (pid == 0) Child(childId);
  g.children[slot] = pid;
  g.pids[slot].pid.store(pid, std::memory_order_release);
  n = std::snprintf(line, sizeof line, "{\"type\":\"pid\",\"pid\":%d,\"startTime\":%lld,\"uid\":%d,\"process\":\"%s\"}\n", pid,
                    static_cast<long long>(StartTimeOf(pid)), static_cast<int>(getuid()), childId);
  Journal(line, static_cast<size_t>(n));
  r.n[0] = pid;
  return 0;
}

int Op_WAIT(uint32_t, const Instr& in, Result& r) {
  pid_t target = -1;
  if (in.obj != 0xffff) {
    target = in.obj < kMaxProcesses ? g.children[in.obj] : 0;
    if (target <= 0) return ECHILD;  // not a child this process started (or reaped already)
  }
  // Look first (WNOWAIT), clear the run's PID slot, then reap: no PID in the table ever names
  // a process that could have been reaped and its PID reused.
  siginfo_t info{};
  if (waitid(target < 0 ? P_ALL : P_PID, target < 0 ? 0 : static_cast<id_t>(target), &info, WEXITED | WNOWAIT) != 0)
    return errno;
  const pid_t pid = info.si_pid;
  const int slot = SlotOfChild(pid);
  if (slot >= 0) g.pids[slot].pid.store(0, std::memory_order_release);
  int status = 0;
  pid_t got;
  do got = waitpid(pid, &status, 0);
  while (got < 0 && errno == EINTR);  // the child is a zombie already: this returns at once
  if (got < 0) return errno;
  if (slot >= 0) g.children[slot] = -pid;  // reaped: the PID is no longer ours to signal
  r.n[0] = pid;
  r.n[1] = slot;
  r.n[2] = WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
  r.aux = WIFSIGNALED(status) && WCOREDUMP(status) ? 1 : 0;
  return 0;
}

int Op_SLEEP(uint32_t, const Instr& in, Result&) {
  const timespec ts{static_cast<time_t>(in.a / 1000), static_cast<long>(in.a % 1000) * 1'000'000};
  return nanosleep(&ts, nullptr) == 0 ? 0 : errno;  // a handled signal: EINTR, never restarted
}

int Op_COMPUTE(uint32_t, const Instr& in, Result&) {
  const int64_t end = NowNs() + static_cast<int64_t>(in.a) * 1'000'000;
  while (NowNs() < end) {
  }
  return 0;
}

int Op_LOG(uint32_t, const Instr& in, Result&) {
  size_t done = 0;
  while (done < in.d) {
    const ssize_t n = write(1, g.pool + in.c + done, in.d - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    done += static_cast<size_t>(n);
  }
  return 0;
}

int Op_EXIT(uint32_t, const Instr& in, Result&) { _exit(static_cast<int>(in.a)); }

int Op_FAULT(uint32_t, const Instr& in, Result& r) {
  if (in.a == 0) {
    volatile int* volatile p = nullptr;
    *p = 1;  // SIGSEGV (SEGV_MAPERR)
  } else {
    volatile int numerator = 1, denominator = 0;
    r.n[0] = numerator / denominator;  // SIGFPE (FPE_INTDIV) on x86; arm64 gives 0, no trap
  }
  return 0;
}

}  // namespace plab::lab
