// The lab process: the program every process of a run is (ARCHITECTURE.md, "native lab
// process"). Started by the engine (a root process) or by its parent's spawn step (a child),
// always as `argv[0] = <process id>` with the run in its environment:
//   PROCESS_LAB_RUN_DIR  the run's private directory (prog/<id>, ring/<id>, pids, out/<id>, journal)
//   PROCESS_LAB_PROCESS  its process id;  PROCESS_LAB_EXE this executable (for its own children)
//   PROCESS_LAB_FDS      inherited pipe/FIFO ends: "<object slot>:<read fd>:<write fd>,..." (-1: none);
//                        for a socket: "<slot>:<socket fd>:<connection fd>"
// It takes a C program's signal baseline, names itself (/proc/PID/comm), maps its compiled
// program and its event ring, reports process.start and runs its program; when the program
// ends it exits with status 0. One thread, no allocation after start.
#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/prctl.h>
#endif

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "lab/events.h"
#include "lab/ops.h"

namespace plab::lab {

Process g;

namespace {

[[noreturn]] void Die(const char* what, const char* detail) {
  char line[1024];
  const int n = std::snprintf(line, sizeof line, "process-lab lab process: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
  if (n > 0) {
    ssize_t ignored = write(2, line, static_cast<size_t>(n));
    (void)ignored;
  }
  _exit(70);  // EX_SOFTWARE
}

void* MapFile(const char* path, bool writable, size_t* size) {
  const int fd = open(path, (writable ? O_RDWR : O_RDONLY) | O_CLOEXEC);
  if (fd < 0) Die("cannot open", path);
  struct stat st {};
  if (fstat(fd, &st) != 0 || st.st_size <= 0) Die("empty file", path);
  void* at = mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ | (writable ? PROT_WRITE : 0), MAP_SHARED, fd, 0);
  close(fd);
  if (at == MAP_FAILED) Die("cannot map", path);
  *size = static_cast<size_t>(st.st_size);
  return at;
}

void Baseline() {
  // Whatever started us (Node ignores SIGPIPE, Electron catches SIGSEGV...): a C program
  // starts with every disposition at SIG_DFL and nothing blocked.
  struct sigaction dfl {};
  dfl.sa_handler = SIG_DFL;
  sigemptyset(&dfl.sa_mask);
  for (int sig = 1; sig < NSIG; sig++)
    if (sig != SIGKILL && sig != SIGSTOP) sigaction(sig, &dfl, nullptr);  // glibc's 32/33 refuse: fine
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
}

void LoadProgram(const char* path) {
  size_t size = 0;
  const uint8_t* at = static_cast<const uint8_t*>(MapFile(path, false, &size));
  const ProgramHeader* h = reinterpret_cast<const ProgramHeader*>(at);
  if (size < sizeof *h || h->magic != kProgramMagic || h->version != kProgramVersion) Die("not a lab program", path);
  const size_t need = sizeof *h + h->objectCount * sizeof(ObjectRec) + h->processCount * sizeof(ProcessRec) +
                      static_cast<size_t>(h->instrCount) * sizeof(Instr) + h->poolBytes;
  if (need > size || h->objectCount > kMaxObjects || h->processCount > kMaxProcesses || h->self >= h->processCount)
    Die("a truncated or oversized lab program", path);
  g.header = h;
  g.objects = reinterpret_cast<const ObjectRec*>(at + sizeof *h);
  g.processes = reinterpret_cast<const ProcessRec*>(g.objects + h->objectCount);
  g.code = reinterpret_cast<const Instr*>(g.processes + h->processCount);
  g.pool = reinterpret_cast<const char*>(g.code + h->instrCount);
}

void LoadRing(const char* path) {
  size_t size = 0;
  uint8_t* at = static_cast<uint8_t*>(MapFile(path, true, &size));
  ring::Control* c = reinterpret_cast<ring::Control*>(at);
  if (c->magic != ring::kMagic || c->version != ring::kVersion || (c->dataBytes & (c->dataBytes - 1)) != 0 ||
      ring::kControlBytes + static_cast<size_t>(c->dataBytes) > size)
    Die("not a lab event ring", path);
  g.ring = c;
  g.ringData = at + ring::kControlBytes;
}

// "3:5:6,4:-1:7": object slot, read end, write end.
void InheritEnds(const char* spec) {
  while (spec && *spec) {
    char* end;
    const long slot = std::strtol(spec, &end, 10);
    if (*end != ':') break;
    const long readFd = std::strtol(end + 1, &end, 10);
    if (*end != ':') break;
    const long writeFd = std::strtol(end + 1, &end, 10);
    if (slot >= 0 && slot < static_cast<long>(g.header->objectCount)) {
      // A socket's two descriptors travel in the same places: its socket and its connection.
      const bool socket = g.objects[slot].kind == K_SOCKET;
      (socket ? g.obj[slot].sock : g.obj[slot].fdRead) = static_cast<int>(readFd);
      (socket ? g.obj[slot].conn : g.obj[slot].fdWrite) = static_cast<int>(writeFd);
    }
    spec = *end == ',' ? end + 1 : nullptr;
  }
}

}  // namespace

int FdSpec(char* out, size_t size) {
  size_t used = 0;
  out[0] = '\0';
  for (uint32_t s = 0; s < g.header->objectCount; s++) {
    const ObjState& o = g.obj[s];
    const bool socket = g.objects[s].kind == K_SOCKET;
    const int first = socket ? o.sock : o.fdRead, second = socket ? o.conn : o.fdWrite;
    if (first < 0 && second < 0) continue;
    const int n = std::snprintf(out + used, size - used, "%s%u:%d:%d", used ? "," : "", s, first, second);
    if (n < 0 || static_cast<size_t>(n) >= size - used) break;
    used += static_cast<size_t>(n);
  }
  return static_cast<int>(used);
}

void Journal(const char* line, size_t length) {
  char path[4096];
  std::snprintf(path, sizeof path, "%s/journal.ndjson", g.runDir);
  const int fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) return;
  ssize_t ignored = write(fd, line, length);  // one write of one line: appended whole
  (void)ignored;
  close(fd);
}

int64_t StartTimeOf(pid_t pid) {
  char path[64], buffer[1024];
  std::snprintf(path, sizeof path, "/proc/%d/stat", pid);
  const int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  const ssize_t n = read(fd, buffer, sizeof buffer - 1);
  close(fd);
  if (n <= 0) return 0;
  buffer[n] = '\0';
  const char* p = std::strrchr(buffer, ')');  // comm may hold spaces and parentheses
  if (!p) return 0;
  int field = 2;  // ')' ends field 2; starttime is field 22 (proc(5))
  for (; *p && field < 22; p++)
    if (*p == ' ') field++;
  return std::strtoll(p, nullptr, 10);
}

}  // namespace plab::lab

int main(int argc, char** argv) {
  using namespace plab::lab;
  if (argc == 2 && std::strcmp(argv[1], "--opcodes") == 0) {  // for the engine's format test
#define PLAB_OP_PRINT(name, text) std::printf("%s\n", text);
    PLAB_OPS(PLAB_OP_PRINT)
#undef PLAB_OP_PRINT
    return 0;
  }
  Baseline();
  const char* runDir = std::getenv("PROCESS_LAB_RUN_DIR");
  const char* id = std::getenv("PROCESS_LAB_PROCESS");
  g.executable = std::getenv("PROCESS_LAB_EXE");
  if (!runDir || !id || !g.executable) Die("started without a run (PROCESS_LAB_RUN_DIR, PROCESS_LAB_PROCESS, PROCESS_LAB_EXE)", nullptr);
  g.runDir = runDir;
#if defined(__linux__)
  prctl(PR_SET_NAME, id, 0, 0, 0);  // /proc/PID/comm: the scenario's process id (argv[0] is it too)
#endif
  (void)argv;
  char path[4096];
  std::snprintf(path, sizeof path, "%s/prog/%s", runDir, id);
  LoadProgram(path);
  std::snprintf(path, sizeof path, "%s/ring/%s", runDir, id);
  LoadRing(path);
  std::snprintf(path, sizeof path, "%s/pids", runDir);
  size_t size = 0;
  g.pids = static_cast<PidSlot*>(MapFile(path, true, &size));
  if (size < g.header->processCount * sizeof(PidSlot) || g.header->self >= g.header->processCount) Die("a short PID table", path);
  const size_t pidBytes = g.header->processCount * sizeof(PidSlot);
  if (size >= pidBytes + g.header->objectCount * sizeof(int32_t))
    g.shmids = reinterpret_cast<std::atomic<int32_t>*>(reinterpret_cast<uint8_t*>(g.pids) + pidBytes);
  // Its own PID, before its first step: whoever started it (the engine, a parent's fork) writes
  // it too, but only once fork or spawn returns, and on a busy machine this process can run
  // steps first, spawn a child, and that child would find no PID to send its signal to.
  g.pids[g.header->self].pid.store(getpid(), std::memory_order_release);
  InheritEnds(std::getenv("PROCESS_LAB_FDS"));
  EmitSimple(plab::ring::kProcessStart, 0, 0, getpid(), getppid());
  RunBlock(0, g.header->instrCount);
  _exit(0);
}
