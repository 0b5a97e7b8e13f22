// What the signal files share beyond the table (posix/signals.cc, signal_mask.cc, fault.cc,
// process.cc, spawn.cc). Not part of mechanisms.h: addon.cc only calls the Init* it declares.
#pragma once
#include <napi.h>

#include <csignal>

namespace plab {

void InitSignalMask(Napi::Env env, Napi::Object exports);  // posix/signal_mask.cc
void InitSpawn(Napi::Env env, Napi::Object exports);       // posix/spawn.cc

// A disposition as JS sees it: { action: 'default'|'ignore'|'handler'|'crash'|'foreign', restart }.
// 'foreign' is a handler this addon did not install (Node's own SIGINT handler, for instance).
Napi::Object DispositionObject(Napi::Env env, const struct sigaction& sa);

// A wait(2) status word decoded with its macros, as waitpid() returns it to JS (WaitStatus in
// native/types/process.d.ts). Shared by posix/process.cc and linux/pidfd.cc.
Napi::Object WaitStatusObject(Napi::Env env, pid_t pid, int status);

// True when sa's handler is fault.cc's write-and-_exit handler.
bool IsCrashHandler(const struct sigaction& sa);

}  // namespace plab
