// Events from the lab process to the engine through the ring (core/ring.h): no system call
// per event, async-signal-safe, in causal order. See events.cc for how a signal handler and
// the main flow never interleave inside one record.
#pragma once
#include <signal.h>

#include <cstdint>

#include "lab/state.h"

namespace plab::lab {

void EmitSimple(uint16_t kind, uint32_t pc, uint32_t aux, int64_t n0 = 0, int64_t n1 = 0, int64_t n2 = 0);
// A step's events. `beginNs` is read once before the call and `endNs` once after it (two clock
// reads a step). A quick step (one that neither blocks nor waits: QuickStep in lab/vm.cc) keeps
// its step.begin back and EmitStepEnd writes both halves as one record (kQuickStep when its
// figures fit 40 bytes, else kStep: core/ring.h); a signal handler
// that lands in between writes the kept step.begin first (FlushStepBegin), so the events stay
// in causal order: step.begin, the handler's events, step.end.
void EmitStepBegin(uint32_t pc, const Ids& ids, int64_t beginNs);
void KeepStepBegin(uint32_t pc, const Ids& ids, int64_t beginNs);
void EmitStepEnd(uint32_t pc, int err, int64_t beginNs, int64_t endNs, const Result& result);
// First thing in a handler that runs steps: writes the interrupted flow's kept step.begin.
void FlushStepBegin();

// Called first in the C signal handler: true when the signal interrupted the writing of a
// record. The signal is then kept (siginfo and all) and given back to the kernel as soon as
// the record is committed (a few hundred nanoseconds later), so its handler runs then.
bool DeferIfWriting(int sig, const siginfo_t* info);

// Platform: send a kept signal back to this thread with its siginfo (linux/lab_signal.cc).
void Reinject(const siginfo_t& info);

}  // namespace plab::lab
