// The lab's gate before every step (ARCHITECTURE.md, "Time is the user's"). The engine holds
// it shut (step by step: each token lets one step through), or slow (each step waits slowMs),
// and bumps gateSeq with a futex wake at every change. A process waiting here reports
// gate.wait and gate.pass, and publishes atGate so the deadlock check never counts it.
#include "lab/events.h"
#include "lab/futex.h"
#include "lab/ops.h"

namespace plab::lab {

void GateSlowPath(uint32_t pc) {
  ring::Control* c = g.ring;
  bool waited = false;
  const uint32_t outer = c->atGate.load(std::memory_order_relaxed);  // a handler's step inside a gate wait
  int64_t slowUntil = -1;
  for (;;) {
    const uint32_t seq = c->gateSeq.load(std::memory_order_acquire);
    const uint32_t mode = c->gateMode.load(std::memory_order_acquire);
    if (mode == ring::kGateOpen) break;
    int64_t timeout = -1;
    if (mode == ring::kGateHeld) {
      uint32_t tokens = c->gateTokens.load(std::memory_order_acquire);
      if (tokens > 0 && c->gateTokens.compare_exchange_strong(tokens, tokens - 1)) break;
      slowUntil = -1;
    } else {  // slow
      const int64_t now = NowNs();
      if (slowUntil < 0) slowUntil = now + static_cast<int64_t>(c->gateSlowMs.load()) * 1'000'000;
      if (now >= slowUntil) break;
      timeout = slowUntil - now;
    }
    if (!waited) {
      waited = true;
      c->atGate.store(pc + 1, std::memory_order_release);
      EmitSimple(ring::kGateWait, pc, 0);
    }
    WaitWord(&c->gateSeq, seq, timeout);
  }
  if (waited) {
    c->atGate.store(outer, std::memory_order_release);
    EmitSimple(ring::kGatePass, pc, 0);
  }
}

}  // namespace plab::lab
