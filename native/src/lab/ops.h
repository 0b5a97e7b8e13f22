// Every op's implementation: int Op<Name>(pc, instruction, result) returns 0 or the errno of
// the call that failed, exactly as the C call reports it. One file per mechanism (op_*.cc);
// lab/vm.cc dispatches to them.
#pragma once
#include "lab/state.h"

namespace plab::lab {

#define PLAB_OP_DECL(name, text) int Op_##name(uint32_t pc, const Instr& in, Result& r);
PLAB_OPS(PLAB_OP_DECL)
#undef PLAB_OP_DECL

// The buffer a step reads into, one per signal-nesting depth (lab/op_stream.cc).
uint8_t* StepBuffer();
constexpr uint32_t kStepBufferBytes = 1u << 20;
extern volatile sig_atomic_t g_handlerDepth;

// POSIX message queues (linux/lab_mqueue.cc; macOS has none: ENOSYS there).
int PosixMailboxCreate(const Instr& in, Result& r);
int PosixMailboxDestroy(const Instr& in, Result& r);
int PosixSend(const Instr& in, Result& r);
int PosixReceive(const Instr& in, Result& r);

// Runs instructions [begin, end) (the program, a repeat's body, a handler's body). Reentrant:
// a signal handler runs a body on top of whatever the interrupted flow was doing.
void RunBlock(uint32_t begin, uint32_t end);

// The identifiers step.begin reports for an instruction (lab/vm.cc).
void BeginIds(const Instr& in, Ids& ids);

// The C signal handler every `signal.handle ... handler` installs (lab/op_signal.cc).
void OnSignal(int sig, siginfo_t* info, void* context);

// Waits at the gate before a step when the engine holds it (lab/gate.cc).
void GateSlowPath(uint32_t pc);
inline void Gate(uint32_t pc) {
  if (g.ring->gateMode.load(std::memory_order_relaxed) != ring::kGateOpen) GateSlowPath(pc);
}

// A process slot's PID as the run knows it (own child, else the run's PID table); 0: none.
pid_t PidOf(int slot);

}  // namespace plab::lab
