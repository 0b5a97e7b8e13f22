// Signals as a C program has them (signal(7), sigaction(2)). A handler is OnSignal below,
// installed with sigaction: SA_SIGINFO, SA_RESTART when asked (the kernel restarts what it
// restarts), SA_NODEFER only for `nodefer`, an empty sa_mask, so the kernel blocks the signal
// during its own handler, merges standard signals and queues real-time ones. The handler's
// steps run inside it, through the same reentrant dispatch loop, between any two instructions
// of the flow it interrupted. Masks are the process's (it has one thread).
#include <signal.h>
#include <unistd.h>

#include <cerrno>

#include "lab/events.h"
#include "lab/ops.h"

namespace plab::lab {

// linux/lab_signal.cc: through a pidfd; `value` non-null: sigqueue's si_value (SI_QUEUE).
int SendSignal(int slot, pid_t pid, int sig, const int* value);
int SendSignalToGroup(int slot, pid_t pid, int sig);

namespace {

bool IsFault(int sig) { return sig == SIGSEGV || sig == SIGBUS || sig == SIGILL || sig == SIGFPE; }

void SetFromBits(sigset_t* set, uint64_t bits) {
  sigemptyset(set);
  for (int sig = 1; sig <= 64 && sig < NSIG; sig++)
    if (bits & (1ull << (sig - 1))) sigaddset(set, sig);
}

}  // namespace

void OnSignal(int sig, siginfo_t* info, void*) {
  if (DeferIfWriting(sig, info)) return;
  const int savedErrno = errno;  // the interrupted call's errno must survive the handler
  const HandlerBody body = g.handlers[sig];
  FlushStepBegin();  // the interrupted step's begin (if it kept it back) precedes the handler's events
  g_handlerDepth = g_handlerDepth + 1;
  EmitSimple(ring::kSignalDelivered, body.pc, static_cast<uint32_t>(sig), info ? info->si_pid : 0,
             info ? info->si_code : 0, info ? info->si_value.sival_int : 0);
  EmitSimple(ring::kHandlerBegin, body.pc, static_cast<uint32_t>(sig));
  RunBlock(body.begin, body.end);
  EmitSimple(ring::kHandlerEnd, body.pc, static_cast<uint32_t>(sig));
  g_handlerDepth = g_handlerDepth - 1;
  // A real fault (si_code > 0) re-executes the faulting instruction when the handler returns:
  // with the default action back, that retry terminates the process as the fault demands.
  if (IsFault(sig) && info && info->si_code > 0) {
    struct sigaction dfl {};
    dfl.sa_handler = SIG_DFL;
    sigaction(sig, &dfl, nullptr);
  }
  errno = savedErrno;
}

int Op_SIGNAL_HANDLE(uint32_t pc, const Instr& in, Result& r) {
  const int sig = in.sig;
  struct sigaction sa {};
  sigemptyset(&sa.sa_mask);
  if (in.a == 2) {
    if (sig > 0 && sig < NSIG) {
      HandlerBody& h = g.handlers[sig];
      h.begin = pc + 1;
      h.end = pc + 1 + in.b;
      h.pc = pc;
      h.crash = in.flags & F_CRASH;
    }
    sa.sa_sigaction = OnSignal;
    sa.sa_flags = SA_SIGINFO | ((in.flags & F_RESTART) ? SA_RESTART : 0) | ((in.flags & F_NODEFER) ? SA_NODEFER : 0);
  } else {
    sa.sa_handler = in.a == 1 ? SIG_IGN : SIG_DFL;
  }
  if (sigaction(sig, &sa, nullptr) != 0) return errno;  // SIGKILL, SIGSTOP: EINVAL, the lesson
  r.n[0] = in.a;
  return 0;
}

int Op_SIGNAL_SEND(uint32_t, const Instr& in, Result& r) {
  const pid_t pid = PidOf(in.obj);
  r.n[0] = pid;
  if (pid <= 0) return ESRCH;  // not started, or exited and reaped
  if (in.flags & F_GROUP) return SendSignalToGroup(in.obj, pid, in.sig);
  const int value = static_cast<int>(in.v.i);
  return SendSignal(in.obj, pid, in.sig, (in.flags & F_QUEUE) ? &value : nullptr);
}

int Op_SIGNAL_RAISE(uint32_t, const Instr& in, Result&) {
  return raise(in.sig) == 0 ? 0 : errno;  // a handler runs before raise returns
}

int Op_SIGNAL_PAUSE(uint32_t, const Instr&, Result&) {
  pause();  // returns only after a handler ran, always with EINTR: that is its success
  return 0;
}

int Op_SIGNAL_MASK(uint32_t, const Instr& in, Result& r) {
  sigset_t set, now;
  if (in.v.u) {
    SetFromBits(&set, in.v.u);
    if (sigprocmask(SIG_BLOCK, &set, nullptr) != 0) return errno;
  }
  if (in.w.u) {
    SetFromBits(&set, in.w.u);
    if (sigprocmask(SIG_UNBLOCK, &set, nullptr) != 0) return errno;  // pending ones are delivered here
  }
  sigprocmask(SIG_BLOCK, nullptr, &now);
  uint64_t bits = 0;
  for (int sig = 1; sig <= 64 && sig < NSIG; sig++)
    if (sigismember(&now, sig) == 1) bits |= 1ull << (sig - 1);
  r.n[0] = static_cast<int64_t>(bits);
  return 0;
}

}  // namespace plab::lab
