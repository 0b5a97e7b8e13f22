// Shared between the signal handler (posix/signals.cc) and loops that run in C for a long time
// (a spinning shm wait in posix/memory.cc): the handler bumps the counter, so such a loop can
// notice a handled signal and return, letting the worker run the handler's steps (fidelity rule 3).
#pragma once
#include <csignal>

namespace plab {
// Incremented (async-signal-safely) by every C handler that records a signal for JavaScript.
extern volatile sig_atomic_t g_handledSignalCount;
}  // namespace plab
