// spawn(): vfork(2) + execve(2) done entirely in C, never running JavaScript in the child.
// Between fork and exec a multithreaded parent's child may only make async-signal-safe calls
// (fork(2), signal-safety(7)), so everything is prepared in the parent: argv/envp arrays, the
// PATH candidates, the descriptor plan. Habits taken from node-pty's pty.cc: every signal is
// blocked around fork (so no handler of ours runs in the child, where it would write to the
// parent's self-pipe) and reset to SIG_DFL in the child before exec (execve keeps SIG_IGN,
// and Node ignores SIGPIPE); every descriptor above 2 that was not asked for is closed
// (close_range(2)). An exec failure travels back through a CLOEXEC pipe (the classic
// "exec error pipe": its read returns 0 when exec succeeded), so spawn throws ENOENT/EACCES
// with syscall 'execve' instead of returning the pid of a child that could not start.
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#if defined(__linux__)
#include <sched.h>
#include <sys/prctl.h>
#endif

#include <algorithm>
#include <cerrno>
#include <climits>
#include <csignal>
#include <string>
#include <vector>

#include "common/args.h"
#include "common/errors.h"
#include "posix/signal_parts.h"
#include "posix/signal_table.h"

#if defined(__APPLE__)
#include <crt_externs.h>  // a macOS bundle cannot link `environ` directly (environ(7))
#define environ (*_NSGetEnviron())
#else
extern char** environ;
#endif

namespace plab {

namespace {

// Which call failed in the child, sent back with its errno.
enum Stage : int { kFcntl, kDup2, kChdir, kSetpgid, kPrctl, kSigprocmask, kExecve, kSetns, kStageCount };
const char* const kStageNames[kStageCount] = {"fcntl", "dup2", "chdir", "setpgid", "prctl", "sigprocmask", "execve", "setns"};

struct SpawnPlan {
  std::vector<std::string> candidates;  // paths to try, in PATH order
  std::vector<std::string> argvStore, envStore;
  std::vector<char*> argv, envp;
  bool hasEnv = false;
  std::string cwd;
  bool hasCwd = false;
  std::vector<int> childFds, parentFds;
  std::vector<int> temps;  // scratch for the child, allocated here because the child must not
  std::vector<int> keep;   // sorted child fds > 2, plus a slot for the error pipe
  int highFloor = 3;       // above every descriptor number involved
  long maxFd = 1024;       // RLIMIT_NOFILE: child numbers stay below it; bounds the close() loop
  sigset_t childMask;
  bool newGroup = false;
  int deathSignal = 0;
  pid_t parentPid = 0;
  int hostPidfd = -1;  // joinNamespacesOf: a pidfd of the process whose namespaces to enter
};

struct Fd {  // RAII owner for the error pipe's ends in the parent
  int fd = -1;
  ~Fd() { reset(); }
  void reset() {
    if (fd >= 0) close(fd);
    fd = -1;
  }
};

// ---- the child: async-signal-safe calls only, no allocation, no exceptions ----

[[noreturn]] void ChildFail(int errFd, int stage) {
  const int msg[2] = {stage, errno};
  ssize_t n;
  do n = write(errFd, msg, sizeof msg);
  while (n < 0 && errno == EINTR);
  _exit(127);
}

void CloseRange(unsigned lo, unsigned hi, long maxFd) {
#if defined(__linux__) && defined(SYS_close_range)
  if (syscall(SYS_close_range, lo, hi, 0) == 0) return;
#endif
  for (long fd = lo; fd <= static_cast<long>(hi) && fd < maxFd; fd++) close(static_cast<int>(fd));
}

[[noreturn]] void RunChild(SpawnPlan& p, int errFd) {
  struct sigaction dfl {};
  dfl.sa_handler = SIG_DFL;
  sigemptyset(&dfl.sa_mask);
  for (int sig = 1; sig < NSIG; sig++)
    if (SignalCatchable(sig)) sigaction(sig, &dfl, nullptr);  // 32/33 refuse with EINVAL: fine

  if (p.newGroup && setpgid(0, 0) != 0) ChildFail(errFd, kSetpgid);
#if defined(__linux__)
  // A lab host (native/src/linux/hosts/keeper.cc): its user namespace first, which gives the
  // capabilities to enter the others (user_namespaces(7)); execve drops them again for anyone
  // but root. Before PR_SET_PDEATHSIG, since a change of credentials may clear that (prctl(2)).
  if (p.hostPidfd >= 0 &&
      setns(p.hostPidfd, CLONE_NEWUSER | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWNS | CLONE_NEWUTS) != 0)
    ChildFail(errFd, kSetns);
  if (p.deathSignal != 0) {
    if (prctl(PR_SET_PDEATHSIG, p.deathSignal) != 0) ChildFail(errFd, kPrctl);
    // The parent may have died before prctl: then no death signal will ever come (prctl(2)).
    if (getppid() != p.parentPid) {
      sigset_t one;
      sigemptyset(&one);
      sigaddset(&one, p.deathSignal);
      sigprocmask(SIG_UNBLOCK, &one, nullptr);
      kill(getpid(), p.deathSignal);
      _exit(1);
    }
  }
#endif
  if (p.hasCwd && chdir(p.cwd.c_str()) != 0) ChildFail(errFd, kChdir);

  // Move the error pipe and every source descriptor above all numbers involved first, so
  // a dup2 onto a child number can never overwrite a source still needed (swaps, overlaps).
  const int highErr = fcntl(errFd, F_DUPFD_CLOEXEC, p.highFloor);
  if (highErr < 0) ChildFail(errFd, kFcntl);
  errFd = highErr;
  const size_t n = p.childFds.size();
  for (size_t i = 0; i < n; i++) {
    p.temps[i] = fcntl(p.parentFds[i], F_DUPFD_CLOEXEC, p.highFloor);
    if (p.temps[i] < 0) ChildFail(errFd, kFcntl);
  }
  for (size_t i = 0; i < n; i++)
    if (dup2(p.temps[i], p.childFds[i]) < 0) ChildFail(errFd, kDup2);  // dup2 clears CLOEXEC

  // Close everything above 2 except the requested numbers and the error pipe (the highest kept
  // number: the temps above it go too). The pipe itself closes at exec (CLOEXEC).
  p.keep.back() = errFd;
  unsigned lo = 3;
  for (int k : p.keep) {
    if (k < 3) continue;
    if (static_cast<unsigned>(k) > lo) CloseRange(lo, static_cast<unsigned>(k) - 1, p.maxFd);
    lo = static_cast<unsigned>(k) + 1;
  }
  CloseRange(lo, ~0U, p.maxFd);

  if (sigprocmask(SIG_SETMASK, &p.childMask, nullptr) != 0) ChildFail(errFd, kSigprocmask);

  char** envp = p.hasEnv ? p.envp.data() : environ;
  int err = ENOENT;
  bool sawEacces = false;
  for (const std::string& path : p.candidates) {
    execve(path.c_str(), p.argv.data(), envp);
    err = errno;
    if (err == EACCES) sawEacces = true;
    else if (err != ENOENT && err != ENOTDIR) break;  // as execvp(3): only these keep searching
  }
  errno = (sawEacces && (err == ENOENT || err == ENOTDIR)) ? EACCES : err;  // execvp(3)'s rule
  ChildFail(errFd, kExecve);
}

// ---- the parent: argument checks and plan ----

std::string StringValue(const Args& args, Napi::Value v, const char* what) {
  if (!v.IsString()) ThrowType(args.env(), std::string(what) + " must be a string; usage: " + args.usage);
  std::string s = v.As<Napi::String>().Utf8Value();
  if (s.find('\0') != std::string::npos) args.rangeError(what, "must not contain NUL bytes");
  return s;
}

int FdValue(const Args& args, Napi::Value v, const char* what) {
  if (!v.IsNumber()) ThrowType(args.env(), std::string(what) + " must be a descriptor number; usage: " + args.usage);
  double d = v.As<Napi::Number>().DoubleValue();
  if (std::floor(d) != d || d < 0 || d > INT_MAX) args.rangeError(what, "must be an integer between 0 and " + std::to_string(INT_MAX));
  return static_cast<int>(d);
}

void ReadFds(const Args& args, Napi::Value v, SpawnPlan& p) {
  if (!v.IsArray()) ThrowType(args.env(), std::string("options.fds must be an array of [childFd, parentFd]; usage: ") + args.usage);
  Napi::Array list = v.As<Napi::Array>();
  if (list.Length() > 1024) args.rangeError("options.fds", "has more than 1024 entries");
  for (uint32_t i = 0; i < list.Length(); i++) {
    Napi::Value pair = list.Get(i);
    if (!pair.IsArray() || pair.As<Napi::Array>().Length() != 2)
      ThrowType(args.env(), std::string("options.fds entries must be [childFd, parentFd]; usage: ") + args.usage);
    const int child = FdValue(args, pair.As<Napi::Array>().Get(0u), "childFd");
    if (child >= p.maxFd)  // dup2 would fail with EBADF in the child; say why here instead
      args.rangeError("childFd", std::to_string(child) + " is not below RLIMIT_NOFILE (" + std::to_string(p.maxFd) + ")");
    const int parent = FdValue(args, pair.As<Napi::Array>().Get(1u), "parentFd");
    if (std::find(p.childFds.begin(), p.childFds.end(), child) != p.childFds.end())
      args.rangeError("options.fds", "names child descriptor " + std::to_string(child) + " twice");
    if (fcntl(parent, F_GETFD) < 0)  // closed now: say so here, not as a dup failure in the child
      ThrowErrno(args.env(), errno, "fcntl", {{"fd", parent}, {"childFd", child}});
    p.childFds.push_back(child);
    p.parentFds.push_back(parent);
    p.highFloor = std::max(p.highFloor, std::max(child, parent) + 1);
  }
}

void ReadEnv(const Args& args, Napi::Value v, SpawnPlan& p) {
  p.hasEnv = true;
  if (v.IsArray()) {
    Napi::Array list = v.As<Napi::Array>();
    for (uint32_t i = 0; i < list.Length(); i++) p.envStore.push_back(StringValue(args, list.Get(i), "options.env[i]"));
  } else if (v.IsObject()) {
    Napi::Object obj = v.As<Napi::Object>();
    Napi::Array keys = obj.GetPropertyNames();
    for (uint32_t i = 0; i < keys.Length(); i++) {
      std::string key = StringValue(args, keys.Get(i), "options.env key");
      if (key.empty() || key.find('=') != std::string::npos) args.rangeError("options.env key", "'" + key + "' is not a variable name");
      p.envStore.push_back(key + "=" + StringValue(args, obj.Get(keys.Get(i)), "options.env value"));
    }
  } else {
    ThrowType(args.env(), std::string("options.env must be an array of 'K=V' or an object; usage: ") + args.usage);
  }
}

void ResolveCandidates(const std::string& file, SpawnPlan& p) {
  if (file.find('/') != std::string::npos) {
    p.candidates.push_back(file);
    return;
  }
  std::string path = "/bin:/usr/bin";
  bool found = false;
  for (const std::string& e : p.envStore)
    if (e.compare(0, 5, "PATH=") == 0) path = e.substr(5), found = true;
  if (!found && !p.hasEnv && getenv("PATH") != nullptr) path = getenv("PATH");
  size_t start = 0;
  while (true) {
    size_t end = path.find(':', start);
    std::string dir = path.substr(start, end == std::string::npos ? std::string::npos : end - start);
    p.candidates.push_back((dir.empty() ? "." : dir) + "/" + file);  // empty entry: current dir
    if (end == std::string::npos) break;
    start = end + 1;
  }
}

Napi::Value SpawnBinding(const Napi::CallbackInfo& info) {
  Args args(info, "spawn(file: string, argv?: string[], options?: { env?, cwd?, fds?: [childFd, parentFd][], "
                  "signalMask?: SignalName[] | 'all', newProcessGroup?: boolean, parentDeathSignal?, "
                  "joinNamespacesOf?: pid })");
  Napi::Env env = info.Env();
  SpawnPlan p;
  const std::string file = args.string(0, "file");
  if (file.empty()) args.rangeError("file", "must not be empty");
  if (args.has(1)) {
    Napi::Array list = args.array(1, "argv");
    for (uint32_t i = 0; i < list.Length(); i++) p.argvStore.push_back(StringValue(args, list.Get(i), "argv[i]"));
  }
  if (p.argvStore.empty()) p.argvStore.push_back(file);
  sigemptyset(&p.childMask);
  struct rlimit lim {};
  if (getrlimit(RLIMIT_NOFILE, &lim) == 0)
    p.maxFd = static_cast<long>(std::min<rlim_t>(lim.rlim_cur, INT_MAX - 2));
  if (args.has(2)) {
    Napi::Object o = args.object(2, "options");
    if (!o.Get("env").IsUndefined()) ReadEnv(args, o.Get("env"), p);
    if (!o.Get("cwd").IsUndefined()) p.cwd = StringValue(args, o.Get("cwd"), "options.cwd"), p.hasCwd = true;
    if (!o.Get("fds").IsUndefined()) ReadFds(args, o.Get("fds"), p);
    if (!o.Get("signalMask").IsUndefined()) SignalSetValue(args, o.Get("signalMask"), "options.signalMask", &p.childMask);
    Napi::Value group = o.Get("newProcessGroup");
    if (!group.IsUndefined()) {
      if (!group.IsBoolean()) ThrowType(env, std::string("options.newProcessGroup must be a boolean; usage: ") + args.usage);
      p.newGroup = group.As<Napi::Boolean>().Value();
    }
    Napi::Value death = o.Get("parentDeathSignal");
    if (!death.IsUndefined() && !death.IsNull()) {
#if defined(__linux__)
      p.deathSignal = SignalValue(args, death, "options.parentDeathSignal");
#else
      args.rangeError("options.parentDeathSignal", "needs Linux (PR_SET_PDEATHSIG)");
#endif
    }
    Napi::Value host = o.Get("joinNamespacesOf");
    if (!host.IsUndefined()) {
#if defined(__linux__) && defined(SYS_pidfd_open)
      const int hostPid = FdValue(args, host, "options.joinNamespacesOf");  // a non-negative int
      if (hostPid <= 0) args.rangeError("options.joinNamespacesOf", "must be a PID");
      p.hostPidfd = static_cast<int>(syscall(SYS_pidfd_open, hostPid, 0));  // O_CLOEXEC always
      if (p.hostPidfd < 0) ThrowErrno(env, errno, "pidfd_open", {{"pid", hostPid}});
#else
      args.rangeError("options.joinNamespacesOf", "needs Linux 5.8 (setns on a pidfd)");
#endif
    }
  }
  Fd hostPidfd;  // closed on every path out of here
  hostPidfd.fd = p.hostPidfd;
  ResolveCandidates(file, p);
  for (std::string& s : p.argvStore) p.argv.push_back(&s[0]);
  p.argv.push_back(nullptr);
  for (std::string& s : p.envStore) p.envp.push_back(&s[0]);
  p.envp.push_back(nullptr);
  p.temps.assign(p.childFds.size(), -1);
  for (int fd : p.childFds)
    if (fd > 2) p.keep.push_back(fd);
  std::sort(p.keep.begin(), p.keep.end());
  p.keep.push_back(-1);  // the error pipe's number, known only in the child
  p.parentPid = getpid();

  Fd errRead, errWrite;
  int pipeFds[2];
#if defined(__linux__)
  if (pipe2(pipeFds, O_CLOEXEC) != 0) ThrowErrno(env, errno, "pipe2");
#else
  if (pipe(pipeFds) != 0) ThrowErrno(env, errno, "pipe");
  fcntl(pipeFds[0], F_SETFD, FD_CLOEXEC);
  fcntl(pipeFds[1], F_SETFD, FD_CLOEXEC);
#endif
  errRead.fd = pipeFds[0];
  errWrite.fd = pipeFds[1];
  p.highFloor = std::max(p.highFloor, std::max(pipeFds[0], pipeFds[1]) + 1);

  sigset_t all, old;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &old);
  // vfork(2): the child borrows the parent's memory until execve or _exit, so a parent with a
  // large heap (an engine, Electron) does not pay for copying its page tables on every spawn
  // (about 15 ms for 200 MB here). The child only makes async-signal-safe calls, allocates
  // nothing and never returns from RunChild, as vfork requires; all signals are blocked around
  // it and the child's signal dispositions are its own (no CLONE_SIGHAND).
  const pid_t pid = vfork();
  if (pid == 0) RunChild(p, errWrite.fd);
  const int forkErr = errno;
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
  errWrite.reset();
  if (pid < 0) ThrowErrno(env, forkErr, "fork", {{"file", file}});

  int msg[2] = {0, 0};
  ssize_t got;
  do got = read(errRead.fd, msg, sizeof msg);
  while (got < 0 && errno == EINTR);
  if (got != static_cast<ssize_t>(sizeof msg)) return Napi::Number::New(env, pid);  // exec happened

  int status;  // the child _exit()ed: reap it so no zombie is left behind
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  const int stage = msg[0] >= 0 && msg[0] < kStageCount ? msg[0] : kExecve;
  if (stage == kChdir) ThrowErrno(env, msg[1], "chdir", {{"file", file}, {"path", p.cwd}});
  ThrowErrno(env, msg[1], kStageNames[stage], {{"file", file}});
}

}  // namespace

void InitSpawn(Napi::Env env, Napi::Object exports) {
  exports.Set("spawn", Napi::Function::New(env, SpawnBinding, "spawn"));
}

}  // namespace plab
