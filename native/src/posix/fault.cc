// Real hardware faults and the handlers a C program may put on them. A fault handler may only
// do what signal-safety(7) allows, and must not return (sigaction(2): returning from a SIGSEGV,
// SIGFPE, SIGBUS or SIGILL the kernel raised re-executes the faulting instruction), so the
// handler here write(2)s a message prepared beforehand and calls _exit(2), like the lecture's
// SIGSEGV example. The faults are real: a store through a NULL pointer (SIGSEGV) and an
// integer division by zero (SIGFPE on x86; arm64 returns 0 instead: no trap exists there).
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>

#include "common/args.h"
#include "common/errors.h"
#include "mechanisms.h"
#include "posix/signal_parts.h"
#include "posix/signal_table.h"

namespace plab {

namespace {

constexpr size_t kMaxMessage = 1024;
struct CrashPlan {
  char message[kMaxMessage];
  size_t length;
  int fd;
  int exitCode;
  // Optional lines for an observer (the lab's control channel): written before and after the
  // message, so the run shows the handler beginning and ending around what it printed.
  char before[kMaxMessage];
  size_t beforeLength;
  char after[kMaxMessage];
  size_t afterLength;
  int reportFd;
};

// Two plans per signal, and an atomic index of the live one: installing again fills the idle
// plan and then flips the index, so a handler running meanwhile never reads a half-copied message.
struct CrashSlot {
  CrashPlan plans[2];
  std::atomic<int> live{0};
};
CrashSlot g_segv, g_fpe, g_bus, g_ill;

CrashSlot* SlotFor(int sig) {
  if (sig == SIGSEGV) return &g_segv;
  if (sig == SIGFPE) return &g_fpe;
  if (sig == SIGBUS) return &g_bus;
  if (sig == SIGILL) return &g_ill;
  return nullptr;
}

// write(2) all of it, as far as the descriptor takes it (async-signal-safe).
void WriteAll(int fd, const char* data, size_t length) {
  size_t done = 0;
  while (done < length) {
    ssize_t n = write(fd, data + done, length - done);
    if (n > 0) done += static_cast<size_t>(n);
    else if (!(n < 0 && errno == EINTR)) break;
  }
}

void CrashHandler(int sig) {
  CrashSlot* slot = SlotFor(sig);
  if (slot == nullptr) _exit(128 + sig);
  const CrashPlan& plan = slot->plans[slot->live.load(std::memory_order_acquire)];
  if (plan.reportFd >= 0) WriteAll(plan.reportFd, plan.before, plan.beforeLength);
  WriteAll(plan.fd, plan.message, plan.length);
  if (plan.reportFd >= 0) WriteAll(plan.reportFd, plan.after, plan.afterLength);
  _exit(plan.exitCode);  // _exit, not exit: atexit handlers and stdio are not async-signal-safe
}

Napi::Value InstallCrashHandlerBinding(const Napi::CallbackInfo& info) {
  Args args(info, "installCrashHandler(signal: 'SIGSEGV' | 'SIGFPE' | 'SIGBUS' | 'SIGILL', "
                  "message: string, exitCode: number, fd?: number, "
                  "report?: { fd: number, before: string, after: string })");
  const int sig = SignalArg(args, 0);
  CrashSlot* slot = SlotFor(sig);
  if (slot == nullptr)
    args.rangeError("signal", "must be SIGSEGV, SIGFPE, SIGBUS or SIGILL (got " + SignalName(sig) + ")");
  const std::string message = args.string(1, "message", kMaxMessage);
  const int exitCode = static_cast<int>(args.integer(2, "exitCode", 0, 255));
  const int fd = args.has(3) ? args.fd(3) : 1;
  const int idle = 1 - slot->live.load(std::memory_order_relaxed);
  CrashPlan& plan = slot->plans[idle];
  std::memcpy(plan.message, message.data(), message.size());
  plan.length = message.size();
  plan.fd = fd;
  plan.exitCode = exitCode;
  plan.reportFd = -1;
  if (args.has(4)) {
    Napi::Object report = args.object(4, "report");
    Napi::Value reportFd = report.Get("fd");
    if (!reportFd.IsNumber() || !report.Get("before").IsString() || !report.Get("after").IsString())
      args.typeError(4, "report", "{ fd: number, before: string, after: string }");
    const std::string before = report.Get("before").As<Napi::String>().Utf8Value();
    const std::string after = report.Get("after").As<Napi::String>().Utf8Value();
    const int64_t reportFdNumber = reportFd.As<Napi::Number>().Int64Value();
    if (before.size() > kMaxMessage || after.size() > kMaxMessage || reportFdNumber < 0 || reportFdNumber > 1 << 20)
      args.rangeError("report", "lines must be at most 1024 bytes and fd a descriptor number");
    std::memcpy(plan.before, before.data(), before.size());
    plan.beforeLength = before.size();
    std::memcpy(plan.after, after.data(), after.size());
    plan.afterLength = after.size();
    plan.reportFd = static_cast<int>(reportFdNumber);
  }
  slot->live.store(idle, std::memory_order_release);

  struct sigaction sa {}, old {};
  sa.sa_handler = CrashHandler;
  sigemptyset(&sa.sa_mask);
  // SA_ONSTACK: a stack overflow's SIGSEGV can only run on an alternate stack, if one is set.
  sa.sa_flags = SA_ONSTACK;
  if (sigaction(sig, &sa, &old) != 0) ThrowErrno(info.Env(), errno, "sigaction", {{"signal", SignalName(sig)}});
  return DispositionObject(info.Env(), old);
}

// volatile keeps the compiler from proving the store or the division undefined and removing it.
Napi::Value FaultNullWriteBinding(const Napi::CallbackInfo& info) {
  volatile int* volatile p = nullptr;
  *p = 1;
  return info.Env().Undefined();  // reached only if a handler returned after recovering
}

Napi::Value FaultDivideByZeroBinding(const Napi::CallbackInfo& info) {
  volatile int numerator = 1;
  volatile int denominator = 0;
  const int quotient = numerator / denominator;  // x86 idiv raises #DE: SIGFPE (FPE_INTDIV)
  return Napi::Number::New(info.Env(), quotient);
}

}  // namespace

bool IsCrashHandler(const struct sigaction& sa) {
  return !(sa.sa_flags & SA_SIGINFO) && sa.sa_handler == CrashHandler;
}

void InitFault(Napi::Env env, Napi::Object exports) {
  exports.Set("installCrashHandler", Napi::Function::New(env, InstallCrashHandlerBinding, "installCrashHandler"));
  exports.Set("faultNullWrite", Napi::Function::New(env, FaultNullWriteBinding, "faultNullWrite"));
  exports.Set("faultDivideByZero", Napi::Function::New(env, FaultDivideByZeroBinding, "faultDivideByZero"));
}

}  // namespace plab
