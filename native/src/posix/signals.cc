// Signals with real C handlers. sigaction(2) installs SA_SIGINFO handlers whose body keeps to
// signal-safety(7): it stores the signal number and the sender (si_pid, si_uid: sigaction(2),
// "The siginfo_t argument") in a fixed lock-free ring, bumps g_handledSignalCount and write()s
// one byte to a non-blocking self-pipe so an event loop can wake. No allocation, no locks, no
// JS in the handler: JavaScript drains the ring later with takeSignals(). signal(7) for the
// dispositions and for which calls fail with EINTR.
#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdint>
#include <mutex>

#include "common/args.h"
#include "common/errors.h"
#include "common/signal_flag.h"
#include "mechanisms.h"
#include "posix/signal_parts.h"
#include "posix/signal_table.h"

namespace plab {

volatile sig_atomic_t g_handledSignalCount = 0;

namespace {

// A seqlock per slot: the writer zeroes the stamp, fills the fields, then publishes stamp =
// index + 1, so a reader that sees the same stamp before and after copying has a whole record.
// The fields are relaxed atomics because a handler on another thread may write them meanwhile.
constexpr uint64_t kRingSize = 1024;
struct Slot {
  std::atomic<uint64_t> stamp{0};
  std::atomic<int> number{0};
  std::atomic<int> code{0};
  std::atomic<long> pid{0};
  std::atomic<long> uid{0};
};
Slot g_ring[kRingSize];
std::atomic<uint64_t> g_written{0};
std::atomic<int> g_wakeWrite{-1};
static_assert(std::atomic<uint64_t>::is_always_lock_free, "the handler needs lock-free atomics");
static_assert(std::atomic<long>::is_always_lock_free, "the handler needs lock-free atomics");

// Reader state: only JS threads touch it (several with worker_threads), never a handler.
std::mutex g_readerMutex;
uint64_t g_read = 0;
uint64_t g_dropped = 0;
int g_wakeRead = -1;

bool IsFaultSignal(int sig) { return sig == SIGSEGV || sig == SIGBUS || sig == SIGILL || sig == SIGFPE; }

void RecordingHandler(int sig, siginfo_t* info, void*) {
  const int savedErrno = errno;  // write() below may change it under the interrupted code
  const uint64_t index = g_written.fetch_add(1, std::memory_order_relaxed);
  Slot& slot = g_ring[index % kRingSize];
  slot.stamp.store(0, std::memory_order_relaxed);
  std::atomic_thread_fence(std::memory_order_release);
  slot.number.store(sig, std::memory_order_relaxed);
  slot.code.store(info ? info->si_code : 0, std::memory_order_relaxed);
  slot.pid.store(info ? static_cast<long>(info->si_pid) : 0, std::memory_order_relaxed);
  slot.uid.store(info ? static_cast<long>(info->si_uid) : 0, std::memory_order_relaxed);
  slot.stamp.store(index + 1, std::memory_order_release);
  // Atomic, not ++: handlers for different signals may run at once on different threads.
  __atomic_fetch_add(&g_handledSignalCount, 1, __ATOMIC_RELAXED);
  const int fd = g_wakeWrite.load(std::memory_order_relaxed);
  if (fd >= 0) {
    const char byte = static_cast<char>(sig);
    ssize_t ignored = write(fd, &byte, 1);  // EAGAIN when full is fine: the reader is awake
    (void)ignored;
  }
  // A real fault (si_code > 0: the kernel's SEGV_MAPERR, FPE_INTDIV...) re-executes the faulting
  // instruction when the handler returns, forever. Restore the default so the retry terminates
  // the process as the fault demands; a SIGSEGV sent with kill() (si_code <= 0) just returns.
  if (IsFaultSignal(sig) && info && info->si_code > 0) {
    struct sigaction dfl {};
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    sigaction(sig, &dfl, nullptr);
  }
  errno = savedErrno;
}

// The self-pipe exists from the first handler on, for the life of the process (like libuv's).
int EnsureWakePipe(Napi::Env env) {
  std::lock_guard<std::mutex> lock(g_readerMutex);
  if (g_wakeRead >= 0) return g_wakeRead;
  int fds[2];
#if defined(__linux__)
  if (pipe2(fds, O_CLOEXEC | O_NONBLOCK) != 0) ThrowErrno(env, errno, "pipe2");
#else
  if (pipe(fds) != 0) ThrowErrno(env, errno, "pipe");
  for (int fd : fds) {
    fcntl(fd, F_SETFD, FD_CLOEXEC);
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
  }
#endif
  g_wakeRead = fds[0];
  g_wakeWrite.store(fds[1], std::memory_order_release);
  return g_wakeRead;
}

Napi::Value SigactionBinding(const Napi::CallbackInfo& info) {
  Args args(info, "sigaction(signal: SignalName | number, action: 'handler' | 'ignore' | 'default', "
                  "options?: { restart?: boolean, mask?: SignalName[] })");
  const int sig = SignalArg(args, 0);
  const std::string action = args.string(1, "action", 16);
  bool restart = false;
  sigset_t mask;
  sigemptyset(&mask);
  if (args.has(2)) {
    Napi::Object opts = args.object(2, "options");
    Napi::Value r = opts.Get("restart");
    if (!r.IsUndefined()) {
      if (!r.IsBoolean()) args.typeError(2, "options.restart", "a boolean");
      restart = r.As<Napi::Boolean>().Value();
    }
    Napi::Value m = opts.Get("mask");
    if (!m.IsUndefined()) SignalSetValue(args, m, "options.mask", &mask);
  }
  struct sigaction sa {};
  sa.sa_mask = mask;
  if (action == "handler") {
    EnsureWakePipe(info.Env());
    sa.sa_sigaction = RecordingHandler;
    sa.sa_flags = SA_SIGINFO | (restart ? SA_RESTART : 0);
  } else if (action == "ignore") {
    sa.sa_handler = SIG_IGN;
  } else if (action == "default") {
    sa.sa_handler = SIG_DFL;
  } else {
    args.rangeError("action", "must be 'handler', 'ignore' or 'default' (got '" + action + "')");
  }
  struct sigaction old {};
  // SIGKILL and SIGSTOP are not special-cased: the kernel's EINVAL is the lesson.
  if (sigaction(sig, &sa, &old) != 0)
    ThrowErrno(info.Env(), errno, "sigaction", {{"signal", SignalName(sig)}, {"action", action}});
  return DispositionObject(info.Env(), old);
}

Napi::Value GetDispositionBinding(const Napi::CallbackInfo& info) {
  Args args(info, "signalDisposition(signal: SignalName | number)");
  const int sig = SignalArg(args, 0);
  struct sigaction old {};
  if (sigaction(sig, nullptr, &old) != 0)
    ThrowErrno(info.Env(), errno, "sigaction", {{"signal", SignalName(sig)}});
  return DispositionObject(info.Env(), old);
}

Napi::Value TakeSignalsBinding(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Array out = Napi::Array::New(env);
  std::lock_guard<std::mutex> lock(g_readerMutex);
  if (g_wakeRead >= 0) {  // empty the self-pipe: the ring, not the bytes, carries the records
    char sink[256];
    while (read(g_wakeRead, sink, sizeof sink) > 0) {
    }
  }
  const uint64_t written = g_written.load(std::memory_order_acquire);
  if (written - g_read > kRingSize) {  // overwritten before anyone drained them
    g_dropped += written - g_read - kRingSize;
    g_read = written - kRingSize;
  }
  uint32_t n = 0;
  while (g_read < written) {
    Slot& slot = g_ring[g_read % kRingSize];
    const uint64_t before = slot.stamp.load(std::memory_order_acquire);
    const int number = slot.number.load(std::memory_order_relaxed);
    const int code = slot.code.load(std::memory_order_relaxed);
    const long pid = slot.pid.load(std::memory_order_relaxed);
    const long uid = slot.uid.load(std::memory_order_relaxed);
    std::atomic_thread_fence(std::memory_order_acquire);
    const uint64_t after = slot.stamp.load(std::memory_order_relaxed);
    if (before != g_read + 1 || after != before) {
      if (before > g_read + 1) {  // lapped by writers while we looked: count it lost
        g_dropped++;
        g_read++;
        continue;
      }
      break;  // a handler is still writing this slot (it interrupted us); take it next time
    }
    Napi::Object rec = Napi::Object::New(env);
    rec.Set("signal", SignalName(number));
    rec.Set("number", number);
    rec.Set("pid", static_cast<double>(pid));
    rec.Set("uid", static_cast<double>(uid));
    rec.Set("code", code);
    out.Set(n++, rec);
    g_read++;
  }
  return out;
}

Napi::Value SignalStatsBinding(const Napi::CallbackInfo& info) {
  Napi::Object out = Napi::Object::New(info.Env());
  std::lock_guard<std::mutex> lock(g_readerMutex);
  out.Set("handled", static_cast<double>(g_handledSignalCount));
  out.Set("recorded", static_cast<double>(g_written.load()));
  out.Set("dropped", static_cast<double>(g_dropped));
  return out;
}

Napi::Value SignalWakeFdBinding(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), EnsureWakePipe(info.Env()));
}

Napi::Value SignalTableBinding(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  size_t count = 0;
  const SignalInfo* table = SignalTable(&count);
  Napi::Array out = Napi::Array::New(env, count);
  for (size_t i = 0; i < count; i++) {
    Napi::Object row = Napi::Object::New(env);
    row.Set("name", table[i].name);
    row.Set("number", table[i].number);
    row.Set("defaultAction", table[i].defaultAction);
    row.Set("catchable", SignalCatchable(table[i].number));
    out.Set(static_cast<uint32_t>(i), row);
  }
  return out;
}

Napi::Value SignalNumberBinding(const Napi::CallbackInfo& info) {
  Args args(info, "signalNumber(name: SignalName | number)");
  return Napi::Number::New(info.Env(), SignalArg(args, 0));
}

Napi::Value SignalNameBinding(const Napi::CallbackInfo& info) {
  Args args(info, "signalName(signal: number | SignalName)");
  return Napi::String::New(info.Env(), SignalName(SignalArg(args, 0)));
}

}  // namespace

Napi::Object DispositionObject(Napi::Env env, const struct sigaction& sa) {
  Napi::Object out = Napi::Object::New(env);
  const char* action = "foreign";
  if (sa.sa_handler == SIG_DFL) action = "default";
  else if (sa.sa_handler == SIG_IGN) action = "ignore";
  else if ((sa.sa_flags & SA_SIGINFO) && sa.sa_sigaction == RecordingHandler) action = "handler";
  else if (IsCrashHandler(sa)) action = "crash";
  out.Set("action", action);
  out.Set("restart", (sa.sa_flags & SA_RESTART) != 0);
  return out;
}

void InitSignals(Napi::Env env, Napi::Object exports) {
  exports.Set("sigaction", Napi::Function::New(env, SigactionBinding, "sigaction"));
  exports.Set("signalDisposition", Napi::Function::New(env, GetDispositionBinding, "signalDisposition"));
  exports.Set("takeSignals", Napi::Function::New(env, TakeSignalsBinding, "takeSignals"));
  exports.Set("signalStats", Napi::Function::New(env, SignalStatsBinding, "signalStats"));
  exports.Set("signalWakeFd", Napi::Function::New(env, SignalWakeFdBinding, "signalWakeFd"));
  exports.Set("signalTable", Napi::Function::New(env, SignalTableBinding, "signalTable"));
  exports.Set("signalNumber", Napi::Function::New(env, SignalNumberBinding, "signalNumber"));
  exports.Set("signalName", Napi::Function::New(env, SignalNameBinding, "signalName"));
  InitSignalMask(env, exports);
}

}  // namespace plab
