// The ring writer. One thread writes, but a signal handler may interrupt the main flow (or
// another handler) anywhere, and handler steps emit events too. A handler that landed while a
// record was being written cannot write its own records first (the interrupted one is half
// done) nor wait for ring space (the engine cannot release space past a half-written record).
// So the handler's entry (DeferIfWriting) keeps such a signal and returns at once; when the
// record is committed, the writer blocks every signal, hands the kept ones back to the kernel
// with their siginfo (rt_tgsigqueueinfo) and restores the mask: the kernel then delivers them
// exactly as it would have (merging standard signals, queueing real-time ones, respecting
// the mask), and their handlers run, inside the real C handler, right after the record.
// The window is the copy of one record (under 1 us); system calls are made only then.
#include "lab/events.h"

#include <signal.h>

#include <atomic>
#include <cstring>

#include "lab/futex.h"

namespace plab::lab {

namespace {

volatile sig_atomic_t g_inWrite = 0;
constexpr int kMaxDeferred = 64;
siginfo_t g_deferred[kMaxDeferred];
volatile sig_atomic_t g_deferredCount = 0;

void Redeliver() {
  sigset_t all, old;
  sigfillset(&all);
  sigprocmask(SIG_BLOCK, &all, &old);
  const int n = g_deferredCount;
  for (int i = 0; i < n; i++) Reinject(g_deferred[i]);
  g_deferredCount = 0;
  sigprocmask(SIG_SETMASK, &old, nullptr);  // the kernel delivers what the mask allows now
}

inline void Fence() { std::atomic_signal_fence(std::memory_order_seq_cst); }

void Write(ring::EventRecord& rec, const uint8_t* data) {
  ring::Control* c = g.ring;
  const uint32_t bytes = ring::RecordBytes(rec.dataShown);
  const uint64_t mask = c->dataBytes - 1;
  rec.size = bytes;
  for (;;) {
    g_inWrite = 1;
    Fence();
    const uint64_t head = c->head.load(std::memory_order_relaxed);
    const uint64_t tail = c->tail.load(std::memory_order_acquire);
    const uint64_t off = head & mask;
    const uint64_t pad = off + bytes > c->dataBytes ? c->dataBytes - off : 0;
    const bool fits = head + pad + bytes - tail <= c->dataBytes;
    if (fits) {
      if (pad) {
        ring::EventRecord filler{};
        filler.size = static_cast<uint32_t>(pad);
        filler.kind = ring::kPad;
        std::memcpy(g.ringData + off, &filler, 8);  // size and kind: all a reader looks at
      }
      uint8_t* at = g.ringData + ((head + pad) & mask);
      std::memcpy(at, &rec, sizeof rec);
      if (rec.dataShown) std::memcpy(at + sizeof rec, data, rec.dataShown);
      c->head.store(head + pad + bytes, std::memory_order_release);
    }
    Fence();
    g_inWrite = 0;
    Fence();
    if (g_deferredCount) Redeliver();
    if (fits) return;
    // Full: wait for the engine to drain (state S on a futex: the lab's wait, not the step's).
    const uint32_t seq = c->spaceSeq.load(std::memory_order_acquire);
    c->producerWaiting.store(1, std::memory_order_seq_cst);
    const uint64_t now = c->tail.load(std::memory_order_seq_cst);
    if (c->head.load(std::memory_order_relaxed) + pad + bytes - now <= c->dataBytes) continue;
    WaitWord(&c->spaceSeq, seq, 100'000'000);  // re-checked at least every 100 ms
  }
}

}  // namespace

bool DeferIfWriting(int sig, const siginfo_t* info) {
  if (!g_inWrite) return false;
  const int n = g_deferredCount;
#if defined(SIGRTMIN)
  const bool realtime = sig >= SIGRTMIN;
#else
  const bool realtime = false;
#endif
  if (!realtime)  // a standard signal already kept is merged, as the kernel merges pending ones
    for (int i = 0; i < n; i++)
      if (g_deferred[i].si_signo == sig) return true;
  if (n < kMaxDeferred) {
    g_deferred[n] = *info;
    g_deferred[n].si_signo = sig;
    g_deferredCount = n + 1;
  }
  return true;
}

void EmitSimple(uint16_t kind, uint32_t pc, uint32_t aux, int64_t n0, int64_t n1, int64_t n2) {
  ring::EventRecord rec{};
  rec.kind = kind;
  rec.pc = pc;
  rec.aux = aux;
  rec.t = NowNs();
  rec.n[0] = n0;
  rec.n[1] = n1;
  rec.n[2] = n2;
  Write(rec, nullptr);
}

void EmitStepBegin(uint32_t pc, const Ids& ids) {
  ring::EventRecord rec{};
  rec.kind = ring::kStepBegin;
  rec.pc = pc;
  rec.aux = ids.aux;
  rec.t = NowNs();
  for (int i = 0; i < 4; i++) rec.n[i] = ids.n[i];
  Write(rec, nullptr);
}

void EmitStepEnd(uint32_t pc, int err, int64_t durationNs, const Result& result) {
  ring::EventRecord rec{};
  rec.kind = ring::kStepEnd;
  rec.pc = pc;
  rec.err = static_cast<uint16_t>(err);
  rec.aux = result.aux;
  rec.t = NowNs();
  rec.n[0] = result.n[0];
  rec.n[1] = result.n[1];
  rec.n[2] = result.n[2];
  rec.n[3] = durationNs;
  if (result.data != nullptr) {
    rec.dataLength = result.dataLength;
    rec.dataShown = result.dataLength < ring::kMaxShownData ? result.dataLength : ring::kMaxShownData;
    // The digest reads every byte, as the memcpy of a C program's read would: outside the
    // record's critical section, so a 64 MiB read never holds signals back.
    rec.digest = ring::Fnv1a(result.data, result.dataLength);
  }
  Write(rec, result.data);
}

}  // namespace plab::lab
