// This platform's signals by name and number, and the conversions every signal binding shares
// (signals.cc, fault.cc, spawn.cc, wait.cc, prctl.cc). Numbers come from <signal.h>, never
// hard-coded: SIGBUS is 7 on Linux/x86 and 10 on macOS. See signal(7) for the default actions.
#pragma once
#include <napi.h>

#include <csignal>
#include <string>

#include "common/args.h"

namespace plab {

struct SignalInfo {
  const char* name;           // "SIGUSR1"
  int number;                 // SIGUSR1 from <signal.h>
  const char* defaultAction;  // signal(7): terminate | core | ignore | stop | continue
};

// The standard (non-real-time) signals this platform defines, in number order.
const SignalInfo* SignalTable(size_t* count);

// SIGKILL and SIGSTOP cannot be caught, blocked or ignored (signal(7)).
inline bool SignalCatchable(int sig) { return sig != SIGKILL && sig != SIGSTOP; }

// "SIGUSR1", "SIGRTMIN+3", or "SIG<n>" for a number with no name (glibc's reserved 32 and 33).
std::string SignalName(int sig);

// -1 when the name is unknown. Accepts the table's names, SIGRTMIN, SIGRTMIN+n, SIGRTMAX-n.
int SignalNumber(const std::string& name);

// Argument i as a signal: a name or a number in [allowZero ? 0 : 1, NSIG-1].
// Unknown names and numbers are a RangeError, other types a TypeError, both with usage.
int SignalArg(const Args& args, size_t i, const char* what = "signal", bool allowZero = false);

// A JS value as a signal (same rules), for signals found inside arrays and objects.
int SignalValue(const Args& args, Napi::Value v, const char* what, bool allowZero = false);

// Argument i as a set: an array of signal names/numbers, or the string 'all' (sigfillset).
void SignalSetArg(const Args& args, size_t i, const char* what, sigset_t* out);
void SignalSetValue(const Args& args, Napi::Value v, const char* what, sigset_t* out);

// The members of a set, by name, in number order.
Napi::Array SignalSetToArray(Napi::Env env, const sigset_t& set);

}  // namespace plab
