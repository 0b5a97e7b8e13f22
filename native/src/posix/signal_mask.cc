// Masks, waiting and sending: sigprocmask(2), sigpending(2), pause(2), sigsuspend(2), kill(2),
// raise(3), and the "C program's baseline" that undoes what Node sets up at start (signal(7):
// a C program starts with every disposition SIG_DFL unless its parent ignored some, and execve(2)
// keeps ignored ones; Node ignores SIGPIPE and SIGXFSZ and catches SIGINT, SIGTERM, SIGUSR1,
// SIGSEGV). In a multithreaded process sigprocmask acts on the calling thread only
// (pthread_sigmask(3)); Node runs JavaScript on the main thread, which Linux prefers for
// process-directed signals it does not block.
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <csignal>

#include "common/args.h"
#include "common/errors.h"
#include "posix/signal_parts.h"
#include "posix/signal_table.h"

namespace plab {

namespace {

Napi::Value SigprocmaskBinding(const Napi::CallbackInfo& info) {
  Args args(info, "sigprocmask(how: 'block' | 'unblock' | 'setmask', signals?: SignalName[] | 'all')");
  const std::string how = args.string(0, "how", 16);
  int howValue;
  if (how == "block") howValue = SIG_BLOCK;
  else if (how == "unblock") howValue = SIG_UNBLOCK;
  else if (how == "setmask") howValue = SIG_SETMASK;
  else args.rangeError("how", "must be 'block', 'unblock' or 'setmask' (got '" + how + "')");
  sigset_t set, old;
  sigemptyset(&set);
  if (args.has(1)) SignalSetArg(args, 1, "signals", &set);
  else if (howValue == SIG_SETMASK) args.typeError(1, "signals", "an array of signals or 'all' for 'setmask'");
  if (sigprocmask(howValue, &set, &old) != 0) ThrowErrno(info.Env(), errno, "sigprocmask", {{"how", how}});
  return SignalSetToArray(info.Env(), old);
}

Napi::Value SigpendingBinding(const Napi::CallbackInfo& info) {
  sigset_t set;
  if (sigpending(&set) != 0) ThrowErrno(info.Env(), errno, "sigpending");
  return SignalSetToArray(info.Env(), set);
}

// pause() only ever returns -1/EINTR, after a handler ran (pause(2)); so this always throws.
Napi::Value PauseBinding(const Napi::CallbackInfo& info) {
  pause();
  ThrowErrno(info.Env(), errno, "pause");
}

Napi::Value SigsuspendBinding(const Napi::CallbackInfo& info) {
  Args args(info, "sigsuspend(mask: SignalName[] | 'all')");
  sigset_t mask;
  SignalSetArg(args, 0, "mask", &mask);
  sigsuspend(&mask);
  ThrowErrno(info.Env(), errno, "sigsuspend");
}

Napi::Value KillBinding(const Napi::CallbackInfo& info) {
  Args args(info, "kill(pid: number, signal: SignalName | number | 0)");
  const int64_t pid = args.integer(0, "pid", -static_cast<int64_t>(INT_MAX), INT_MAX);
  // kill(-1, sig) signals every process the caller may signal; as root that is the machine.
  // A lab never means that, so it is refused before it reaches the kernel.
  if (pid == -1) args.rangeError("pid", "-1 (every process) is refused; use a pid or -pgid");
  const int sig = SignalArg(args, 1, "signal", true);
  if (kill(static_cast<pid_t>(pid), sig) != 0)
    ThrowErrno(info.Env(), errno, "kill", {{"pid", static_cast<double>(pid)}, {"signal", SignalName(sig)}});
  return info.Env().Undefined();
}

Napi::Value RaiseBinding(const Napi::CallbackInfo& info) {
  Args args(info, "raise(signal: SignalName | number)");
  const int sig = SignalArg(args, 0);
  if (raise(sig) != 0) ThrowErrno(info.Env(), errno, "raise", {{"signal", SignalName(sig)}});
  return info.Env().Undefined();
}

// Every catchable signal back to SIG_DFL and nothing blocked on the calling thread. glibc
// refuses the two real-time signals it keeps for threads (32, 33) with EINVAL: those are
// reported as skipped rather than failing, since no program can change them either.
Napi::Value ResetBaselineBinding(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Array skipped = Napi::Array::New(env);
  uint32_t n = 0;
  int reset = 0;
  for (int sig = 1; sig < NSIG; sig++) {
    if (!SignalCatchable(sig)) continue;
    struct sigaction dfl {};
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    if (sigaction(sig, &dfl, nullptr) != 0) {
      const int err = errno;
      if (err != EINVAL) ThrowErrno(env, err, "sigaction", {{"signal", SignalName(sig)}});
      skipped.Set(n++, sig);
    } else {
      reset++;
    }
  }
  sigset_t none;
  sigemptyset(&none);
  if (sigprocmask(SIG_SETMASK, &none, nullptr) != 0) ThrowErrno(env, errno, "sigprocmask");
  Napi::Object out = Napi::Object::New(env);
  out.Set("reset", reset);
  out.Set("skipped", skipped);
  return out;
}

}  // namespace

void InitSignalMask(Napi::Env env, Napi::Object exports) {
  exports.Set("sigprocmask", Napi::Function::New(env, SigprocmaskBinding, "sigprocmask"));
  exports.Set("sigpending", Napi::Function::New(env, SigpendingBinding, "sigpending"));
  exports.Set("pause", Napi::Function::New(env, PauseBinding, "pause"));
  exports.Set("sigsuspend", Napi::Function::New(env, SigsuspendBinding, "sigsuspend"));
  exports.Set("kill", Napi::Function::New(env, KillBinding, "kill"));
  exports.Set("raise", Napi::Function::New(env, RaiseBinding, "raise"));
  exports.Set("resetSignalBaseline", Napi::Function::New(env, ResetBaselineBinding, "resetSignalBaseline"));
}

}  // namespace plab
