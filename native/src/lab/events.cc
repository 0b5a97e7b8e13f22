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
#include "lab/ops.h"

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

// A quick step's step.begin kept back until its step.end (one per handler depth: a handler's
// own quick step keeps its begin at its depth while the flow it interrupted keeps its own).
struct KeptBegin {
  volatile sig_atomic_t valid;
  uint32_t pc;
  ring::StepBeginPart part;
};
constexpr int kKeptDepths = 64;  // deeper handlers (nodefer recursion) write their begins at once
KeptBegin g_kept[kKeptDepths];

// What Write puts into the ring, decided inside its critical section (a handler may have
// written a kept step.begin just before): the head, optionally a StepBeginPart, then data;
// or a whole quick step in one QuickStepRecord (`quick`, then nothing else).
struct Parts {
  ring::EventRecord* rec;
  const ring::StepBeginPart* begin;
  const uint8_t* data;
  const ring::QuickStepRecord* quick;
};

// Writes one record. `compose` runs with signals' handlers held back (g_inWrite) and says what
// to write (false: nothing after all); `commit` runs after the record is copied, still inside.
template <typename Compose, typename Commit>
void WriteComposed(Compose compose, Commit commit) {
  ring::Control* c = g.ring;
  const uint64_t mask = c->dataBytes - 1;
  for (;;) {
    g_inWrite = 1;
    Fence();
    Parts parts{};
    bool fits = true;
    uint32_t bytes = 0, pad = 0;
    const bool any = compose(parts);
    if (any) {
      const uint32_t extra = parts.begin ? sizeof(ring::StepBeginPart) : 0;
      bytes = parts.quick ? sizeof(ring::QuickStepRecord) : ring::RecordBytes(parts.rec->dataShown + extra);
      if (!parts.quick) parts.rec->size = bytes;
      const uint64_t head = c->head.load(std::memory_order_relaxed);
      const uint64_t tail = c->tail.load(std::memory_order_acquire);
      const uint64_t off = head & mask;
      pad = off + bytes > c->dataBytes ? static_cast<uint32_t>(c->dataBytes - off) : 0;
      fits = head + pad + bytes - tail <= c->dataBytes;
      if (fits) {
        if (pad) {
          ring::EventRecord filler{};
          filler.size = pad;
          filler.kind = ring::kPad;
          std::memcpy(g.ringData + off, &filler, 8);  // size and kind: all a reader looks at
        }
        uint8_t* at = g.ringData + ((head + pad) & mask);
        if (parts.quick) {
          std::memcpy(at, parts.quick, sizeof *parts.quick);
        } else {
          const ring::EventRecord& rec = *parts.rec;
          std::memcpy(at, &rec, sizeof rec);
          if (extra) std::memcpy(at + sizeof rec, parts.begin, extra);
          if (rec.dataShown) std::memcpy(at + sizeof rec + extra, parts.data, rec.dataShown);
        }
        commit();
        c->head.store(head + pad + bytes, std::memory_order_release);
      }
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

void Write(ring::EventRecord& rec, const uint8_t* data) {
  WriteComposed([&](Parts& p) { p.rec = &rec; p.data = data; return true; }, [] {});
}

KeptBegin* KeptAtThisDepth() {
  const int depth = g_handlerDepth;
  return depth < kKeptDepths ? &g_kept[depth] : nullptr;
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

void EmitStepBegin(uint32_t pc, const Ids& ids, int64_t beginNs) {
  ring::EventRecord rec{};
  rec.kind = ring::kStepBegin;
  rec.pc = pc;
  rec.aux = ids.aux;
  rec.t = beginNs;
  for (int i = 0; i < 4; i++) rec.n[i] = ids.n[i];
  Write(rec, nullptr);
}

void KeepStepBegin(uint32_t pc, const Ids& ids, int64_t beginNs) {
  KeptBegin* kept = KeptAtThisDepth();
  if (kept == nullptr) return EmitStepBegin(pc, ids, beginNs);
  kept->pc = pc;
  kept->part.t = beginNs;
  for (int i = 0; i < 4; i++) kept->part.n[i] = ids.n[i];
  kept->part.aux = ids.aux;
  Fence();
  kept->valid = 1;  // from here on a handler writes it first
  Fence();
}

void FlushStepBegin() {
  KeptBegin* kept = KeptAtThisDepth();
  if (kept == nullptr || !kept->valid) return;
  ring::EventRecord rec{};
  WriteComposed(
      [&](Parts& p) {
        if (!kept->valid) return false;  // written meanwhile by a handler that interrupted us
        rec.kind = ring::kStepBegin;
        rec.pc = kept->pc;
        rec.aux = kept->part.aux;
        rec.t = kept->part.t;
        for (int i = 0; i < 4; i++) rec.n[i] = kept->part.n[i];
        p.rec = &rec;
        return true;
      },
      [&] { kept->valid = 0; });
}

void EmitStepEnd(uint32_t pc, int err, int64_t beginNs, int64_t endNs, const Result& result) {
  ring::EventRecord rec{};
  rec.pc = pc;
  rec.err = static_cast<uint16_t>(err);
  rec.aux = result.aux;
  rec.t = endNs;
  rec.n[0] = result.n[0];
  rec.n[1] = result.n[1];
  rec.n[2] = result.n[2];
  rec.n[3] = endNs - beginNs;  // durationNs
  if (result.data != nullptr) {
    rec.dataLength = result.dataLength;
    rec.dataShown = result.dataLength < ring::kMaxShownData ? result.dataLength : ring::kMaxShownData;
    // The digest reads every byte, as the memcpy of a C program's read would: outside the
    // record's critical section, so a 64 MiB read never holds signals back.
    rec.digest = ring::Fnv1a(result.data, result.dataLength);
  }
  KeptBegin* kept = KeptAtThisDepth();
  const bool mayCombine = kept != nullptr && kept->valid && kept->pc == pc;
  // The usual quick step fits 40 bytes (core/ring.h, QuickStepRecord).
  const ring::StepBeginPart* part = mayCombine ? &kept->part : nullptr;
  const bool fitsQuick = part != nullptr && result.data == nullptr && result.aux == 0 && result.n[1] == 0 &&
                         result.n[2] == 0 && part->aux == 0 && part->n[1] == -1 && part->n[2] == -1 &&
                         part->n[3] == -1 && endNs - beginNs >= 0 && endNs - beginNs <= UINT32_MAX;
  ring::QuickStepRecord quick{};
  if (fitsQuick) {
    quick.size = sizeof quick;
    quick.kind = ring::kQuickStep;
    quick.err = rec.err;
    quick.pc = pc;
    quick.durationNs = static_cast<uint32_t>(endNs - beginNs);
    quick.t = beginNs;
    quick.id = part->n[0];
    quick.value = result.n[0];
  }
  WriteComposed(
      [&](Parts& p) {
        // Decided here, where no handler can write the kept begin under our feet.
        const bool combine = mayCombine && kept->valid;
        if (combine && fitsQuick) {
          p.quick = &quick;
          return true;
        }
        rec.kind = combine ? ring::kStep : ring::kStepEnd;
        p.rec = &rec;
        p.begin = combine ? &kept->part : nullptr;
        p.data = result.data;
        return true;
      },
      [&] {
        if (mayCombine) kept->valid = 0;
      });
}

}  // namespace plab::lab
