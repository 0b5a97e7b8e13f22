// Process handles for JS: pidfd_open(2), pidfd_send_signal(2), waitid(2) P_PIDFD and pidfs's
// PIDFD_GET_INFO, over linux/process_handle.h (shared with the native lab process). The engine
// signals and reaps the run's processes only through these, so nothing it does can reach a
// process that reused a PID. Linux only: on macOS these functions are absent and the engine
// falls back to kill(2) and waitpid(2) (main/engine/run/process-handle.ts).
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <climits>

#include "common/args.h"
#include "common/errors.h"
#include "linux/process_handle.h"
#include "mechanisms.h"
#include "posix/signal_parts.h"
#include "posix/signal_table.h"

namespace plab {

namespace {

constexpr int64_t kMaxFd = INT_MAX;

Napi::Value PidfdOpenBinding(const Napi::CallbackInfo& info) {
  Args args(info, "pidfdOpen(pid: number, startTime?: number)");
  const pid_t pid = static_cast<pid_t>(args.integer(0, "pid", 1, INT_MAX));
  int fd;
  if (args.has(1)) {
    const long long startTime = args.integer(1, "startTime", 0, (1LL << 53) - 1);
    fd = PidfdOpenChecked(pid, startTime);
  } else {
    fd = PidfdOpen(pid);
  }
  if (fd < 0) ThrowErrno(info.Env(), errno, "pidfd_open", {{"pid", static_cast<int>(pid)}});
  return Napi::Number::New(info.Env(), fd);
}

Napi::Value PidfdSendSignalBinding(const Napi::CallbackInfo& info) {
  Args args(info, "pidfdSendSignal(pidfd: number, signal: SignalName | number | 0)");
  const int fd = static_cast<int>(args.integer(0, "pidfd", 0, kMaxFd));
  const int sig = SignalArg(args, 1, "signal", true);
  if (PidfdSendSignal(fd, sig) != 0)
    ThrowErrno(info.Env(), errno, "pidfd_send_signal", {{"pidfd", fd}, {"signal", SignalName(sig)}});
  return info.Env().Undefined();
}

Napi::Value PidfdHasExitedBinding(const Napi::CallbackInfo& info) {
  Args args(info, "pidfdHasExited(pidfd: number)");
  const int fd = static_cast<int>(args.integer(0, "pidfd", 0, kMaxFd));
  const int r = PidfdHasExited(fd);
  if (r < 0) ThrowErrno(info.Env(), errno, "poll", {{"pidfd", fd}});
  return Napi::Boolean::New(info.Env(), r == 1);
}

Napi::Value PidfdReapBinding(const Napi::CallbackInfo& info) {
  Args args(info, "pidfdReap(pidfd: number, pid: number)");
  const int fd = static_cast<int>(args.integer(0, "pidfd", 0, kMaxFd));
  const pid_t pid = static_cast<pid_t>(args.integer(1, "pid", 1, INT_MAX));
  int status = 0;
  const int r = PidfdReap(fd, &status);
  if (r < 0) ThrowErrno(info.Env(), errno, "waitid", {{"pidfd", fd}, {"pid", static_cast<int>(pid)}});
  if (r == 0) return info.Env().Null();
  return WaitStatusObject(info.Env(), pid, status);
}

Napi::Value PidfdExitStatusBinding(const Napi::CallbackInfo& info) {
  Args args(info, "pidfdExitStatus(pidfd: number, pid: number)");
  const int fd = static_cast<int>(args.integer(0, "pidfd", 0, kMaxFd));
  const pid_t pid = static_cast<pid_t>(args.integer(1, "pid", 1, INT_MAX));
  int status = 0;
  const int r = PidfdExitStatus(fd, &status);
  if (r < 0) ThrowErrno(info.Env(), errno, "ioctl", {{"pidfd", fd}, {"request", "PIDFD_GET_INFO"}});
  if (r == 0) return info.Env().Null();
  return WaitStatusObject(info.Env(), pid, status);
}

Napi::Value ProcStartTimeBinding(const Napi::CallbackInfo& info) {
  Args args(info, "procStartTime(pid: number)");
  const pid_t pid = static_cast<pid_t>(args.integer(0, "pid", 1, INT_MAX));
  const long long t = ProcStartTime(pid);
  if (t < 0) ThrowErrno(info.Env(), errno, "open", {{"path", "/proc/" + std::to_string(pid) + "/stat"}});
  return Napi::Number::New(info.Env(), static_cast<double>(t));
}

// pidfd_getfd(2): a copy of another process's descriptor (close-on-exec), as `ss -p` reads
// sockets through /proc but with the socket itself, so getsockopt and SIOCINQ work on it.
// Closing the copy leaves the original open. Needs PTRACE_MODE_ATTACH_REALCREDS on the target.
Napi::Value PidfdGetFdBinding(const Napi::CallbackInfo& info) {
  Args args(info, "pidfdGetFd(pidfd: number, targetFd: number)");
  const int fd = static_cast<int>(args.integer(0, "pidfd", 0, kMaxFd));
  const int target = static_cast<int>(args.integer(1, "targetFd", 0, kMaxFd));
#if defined(SYS_pidfd_getfd)
  const int r = static_cast<int>(syscall(SYS_pidfd_getfd, fd, target, 0));
#else
  errno = ENOSYS;
  const int r = -1;
#endif
  if (r < 0) ThrowErrno(info.Env(), errno, "pidfd_getfd", {{"pidfd", fd}, {"targetfd", target}});
  return Napi::Number::New(info.Env(), r);
}

}  // namespace

void InitPidfd(Napi::Env env, Napi::Object exports) {
  exports.Set("pidfdOpen", Napi::Function::New(env, PidfdOpenBinding, "pidfdOpen"));
  exports.Set("pidfdSendSignal", Napi::Function::New(env, PidfdSendSignalBinding, "pidfdSendSignal"));
  exports.Set("pidfdHasExited", Napi::Function::New(env, PidfdHasExitedBinding, "pidfdHasExited"));
  exports.Set("pidfdReap", Napi::Function::New(env, PidfdReapBinding, "pidfdReap"));
  exports.Set("pidfdExitStatus", Napi::Function::New(env, PidfdExitStatusBinding, "pidfdExitStatus"));
  exports.Set("pidfdGetFd", Napi::Function::New(env, PidfdGetFdBinding, "pidfdGetFd"));
  exports.Set("procStartTime", Napi::Function::New(env, ProcStartTimeBinding, "procStartTime"));
}

}  // namespace plab
