// The platform's signal table and name <-> number conversions. signal(7) gives the default
// actions; numbers are taken from <signal.h> so the table is right on Linux and macOS alike.
// Real-time signals are named as kill -l names them (SIGRTMIN+n), computed at run time because
// glibc reserves the first two (32 and 33) for threads and SIGRTMIN is a function there.
#include "posix/signal_table.h"

#include <cstdlib>
#include <cstring>

namespace plab {

namespace {

#define PLAB_SIG(name, action) {#name, name, action}
const SignalInfo kSignals[] = {
    PLAB_SIG(SIGHUP, "terminate"),   PLAB_SIG(SIGINT, "terminate"),  PLAB_SIG(SIGQUIT, "core"),
    PLAB_SIG(SIGILL, "core"),        PLAB_SIG(SIGTRAP, "core"),      PLAB_SIG(SIGABRT, "core"),
    PLAB_SIG(SIGBUS, "core"),        PLAB_SIG(SIGFPE, "core"),       PLAB_SIG(SIGKILL, "terminate"),
    PLAB_SIG(SIGUSR1, "terminate"),  PLAB_SIG(SIGSEGV, "core"),      PLAB_SIG(SIGUSR2, "terminate"),
    PLAB_SIG(SIGPIPE, "terminate"),  PLAB_SIG(SIGALRM, "terminate"), PLAB_SIG(SIGTERM, "terminate"),
#if defined(SIGSTKFLT)
    PLAB_SIG(SIGSTKFLT, "terminate"),
#endif
    PLAB_SIG(SIGCHLD, "ignore"),     PLAB_SIG(SIGCONT, "continue"),  PLAB_SIG(SIGSTOP, "stop"),
    PLAB_SIG(SIGTSTP, "stop"),       PLAB_SIG(SIGTTIN, "stop"),      PLAB_SIG(SIGTTOU, "stop"),
    PLAB_SIG(SIGURG, "ignore"),      PLAB_SIG(SIGXCPU, "core"),      PLAB_SIG(SIGXFSZ, "core"),
    PLAB_SIG(SIGVTALRM, "terminate"), PLAB_SIG(SIGPROF, "terminate"), PLAB_SIG(SIGWINCH, "ignore"),
    PLAB_SIG(SIGIO, "terminate"),
#if defined(SIGPWR)
    PLAB_SIG(SIGPWR, "terminate"),
#endif
#if defined(SIGEMT)
    PLAB_SIG(SIGEMT, "core"),
#endif
#if defined(SIGINFO) && (!defined(SIGPWR) || SIGINFO != SIGPWR)
    PLAB_SIG(SIGINFO, "ignore"),
#endif
    PLAB_SIG(SIGSYS, "core"),
};
#undef PLAB_SIG

const char kUsageNames[] = "a signal name such as 'SIGUSR1' or a number";

}  // namespace

const SignalInfo* SignalTable(size_t* count) {
  *count = sizeof(kSignals) / sizeof(kSignals[0]);
  return kSignals;
}

std::string SignalName(int sig) {
  for (const SignalInfo& s : kSignals)
    if (s.number == sig) return s.name;
#if defined(SIGRTMIN)
  const int lo = SIGRTMIN, hi = SIGRTMAX;
  if (sig >= lo && sig <= hi) {
    // kill -l style: the lower half counts up from SIGRTMIN, the upper half down from SIGRTMAX.
    if (sig == lo) return "SIGRTMIN";
    if (sig == hi) return "SIGRTMAX";
    if (sig - lo <= hi - sig) return "SIGRTMIN+" + std::to_string(sig - lo);
    return "SIGRTMAX-" + std::to_string(hi - sig);
  }
#endif
  return "SIG" + std::to_string(sig);
}

int SignalNumber(const std::string& name) {
  for (const SignalInfo& s : kSignals)
    if (name == s.name) return s.number;
  if (name == "SIGIOT") return SIGABRT;  // aliases kill(1) accepts
#if defined(SIGPOLL)
  if (name == "SIGPOLL") return SIGPOLL;
#endif
#if defined(SIGRTMIN)
  const int lo = SIGRTMIN, hi = SIGRTMAX;
  auto offset = [&](const char* prefix, int* out) {
    size_t n = std::strlen(prefix);
    if (name.compare(0, n, prefix) != 0) return false;
    if (name.size() == n) { *out = 0; return true; }
    if (name[n] != (prefix[6] == 'I' ? '+' : '-') || name.size() > n + 3) return false;
    for (size_t k = n + 1; k < name.size(); k++)
      if (name[k] < '0' || name[k] > '9') return false;
    if (name.size() == n + 1) return false;
    *out = std::atoi(name.c_str() + n + 1);
    return true;
  };
  int k = 0;
  if (offset("SIGRTMIN", &k) && lo + k <= hi) return lo + k;
  if (offset("SIGRTMAX", &k) && hi - k >= lo) return hi - k;
#endif
  return -1;
}

int SignalValue(const Args& args, Napi::Value v, const char* what, bool allowZero) {
  if (v.IsString()) {
    std::string name = v.As<Napi::String>().Utf8Value();
    int sig = SignalNumber(name);
    if (sig < 0) args.rangeError(what, "'" + name.substr(0, 40) + "' is not a signal of this platform");
    return sig;
  }
  if (v.IsNumber()) {
    double d = v.As<Napi::Number>().DoubleValue();
    if (std::floor(d) != d || d < (allowZero ? 0 : 1) || d > NSIG - 1)
      args.rangeError(what, "must be a signal number between " + std::to_string(allowZero ? 0 : 1) +
                                " and " + std::to_string(NSIG - 1));
    return static_cast<int>(d);
  }
  ThrowType(args.env(), std::string(what) + " must be " + kUsageNames + "; usage: " + args.usage);
}

int SignalArg(const Args& args, size_t i, const char* what, bool allowZero) {
  if (i >= args.count()) args.typeError(i, what, kUsageNames);
  return SignalValue(args, args.info[i], what, allowZero);
}

void SignalSetValue(const Args& args, Napi::Value v, const char* what, sigset_t* out) {
  sigemptyset(out);
  if (v.IsString() && v.As<Napi::String>().Utf8Value() == "all") {
    sigfillset(out);
    return;
  }
  if (!v.IsArray())
    ThrowType(args.env(), std::string(what) + " must be an array of signals or 'all'; usage: " + args.usage);
  Napi::Array list = v.As<Napi::Array>();
  for (uint32_t k = 0; k < list.Length(); k++) sigaddset(out, SignalValue(args, list.Get(k), what));
}

void SignalSetArg(const Args& args, size_t i, const char* what, sigset_t* out) {
  if (i >= args.count()) args.typeError(i, what, "an array of signals or 'all'");
  SignalSetValue(args, args.info[i], what, out);
}

Napi::Array SignalSetToArray(Napi::Env env, const sigset_t& set) {
  Napi::Array out = Napi::Array::New(env);
  uint32_t n = 0;
  for (int sig = 1; sig < NSIG; sig++)
    if (sigismember(&set, sig) == 1) out.Set(n++, SignalName(sig));
  return out;
}

}  // namespace plab
