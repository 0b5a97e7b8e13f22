// The event ring between one lab process and the engine: a file in the run directory
// (ring/<process id>) mapped by both. One producer (the lab process, its main flow and its
// signal handlers, which never interleave inside a record: see lab/events.cc), one consumer
// (the engine, through the addon's ringDrain). Records are written without a system call;
// a full ring makes the producer wait on a futex until the engine drains (the lab's own wait,
// never a dropped event). The first page also holds the gate the lab process passes before
// every step (lab/gate.cc; the engine side is the addon's ringGate).
//
// Shared by native/src/posix/ring.cc (addon) and native/src/lab/ (executable); the engine's
// decoder (main/engine/run/ring-events.ts) mirrors EventRecord and the kinds.
#pragma once
#include <atomic>
#include <cstdint>

namespace plab::ring {

constexpr uint32_t kMagic = 0x474e4952;  // "RING"
constexpr uint32_t kVersion = 2;  // 2: kQuickStep records
constexpr uint32_t kControlBytes = 4096;
// A power of two. 2 MiB holds a burst of 52 000 quick steps (kQuickStep, 40 bytes each): two
// processes racing through 20 000 non-atomic adds each run side by side on two CPUs, as the C
// program does, instead of taking turns at waiting for the engine to drain a full ring (with
// 1 MiB and 120-byte records each process ran ~8 700 adds, then waited: no update was lost).
// Pages are used as the ring fills, so an idle process touches only the first.
constexpr uint32_t kDefaultDataBytes = 1u << 21;
// Bytes of data (a read, a received message) one record carries at most: issue 13's bound.
// The record says the full length and an FNV-1a digest of all of it.
constexpr uint32_t kMaxShownData = 256;

enum GateMode : uint32_t { kGateOpen = 0, kGateHeld = 1, kGateSlow = 2 };

struct Control {
  uint32_t magic, version;
  uint32_t dataBytes;
  uint32_t reserved;
  alignas(64) std::atomic<uint64_t> head;  // bytes the producer committed (monotonic)
  alignas(64) std::atomic<uint64_t> tail;  // bytes the consumer released (monotonic)
  // Futex word: the consumer bumps it after releasing space while the producer waits.
  std::atomic<uint32_t> spaceSeq;
  std::atomic<uint32_t> producerWaiting;
  // The gate. The engine writes mode/tokens/slowMs, then bumps gateSeq and wakes it (futex).
  alignas(64) std::atomic<uint32_t> gateSeq;
  std::atomic<uint32_t> gateMode;    // GateMode
  std::atomic<uint32_t> gateTokens;  // steps let through while held
  std::atomic<uint32_t> gateSlowMs;  // how long each step is held in slow mode
  std::atomic<uint32_t> atGate;      // 1 + instruction while the process waits at the gate
};
static_assert(sizeof(Control) <= kControlBytes, "the control block fits its page");
static_assert(std::atomic<uint64_t>::is_always_lock_free, "shared atomics must be lock-free");

enum Kind : uint16_t {
  kPad = 0,             // filler to the end of the data area; the next record starts at 0
  kProcessStart = 1,    // n0 pid, n1 ppid
  kStepBegin = 2,       // pc; n0..n3 the identifiers the call uses (see ring-events.ts)
  kStepEnd = 3,         // pc, err; n0..n3 results, data
  kSignalDelivered = 4, // aux signal; n0 si_pid, n1 si_code, n2 si_value
  kHandlerBegin = 5,    // aux signal
  kHandlerEnd = 6,      // aux signal
  kGateWait = 7,        // pc
  kGatePass = 8,        // pc
  kStep = 9,            // a whole quick step: step.end's fields, then a StepBeginPart, then data
  kQuickStep = 10,      // a whole quick step in 40 bytes (QuickStepRecord): the common case of kStep
};

// One record; `size` covers the head and the data that follows it, rounded up to 8.
struct EventRecord {
  uint32_t size;
  uint16_t kind;
  uint16_t err;     // errno of a failed step (0: success)
  uint32_t pc;      // instruction index
  uint32_t aux;     // signal number, or flags of a result
  int64_t t;        // CLOCK_MONOTONIC, ns
  int64_t n[4];
  uint32_t dataLength;  // bytes the call moved
  uint32_t dataShown;   // bytes of them that follow this head (<= kMaxShownData)
  uint64_t digest;      // FNV-1a 64 of all dataLength bytes
};
static_assert(sizeof(EventRecord) == 72, "EventRecord is part of the ring format");

// What a kStep record carries after its head: the step.begin half of a step that neither blocks
// nor waits (a load, a store, an add), written with its step.end as one record (lab/events.cc).
struct StepBeginPart {
  int64_t t;     // CLOCK_MONOTONIC, ns: when the call began
  int64_t n[4];  // the identifiers the call uses, as kStepBegin's n0..n3
  uint32_t aux;  // as kStepBegin's aux
  uint32_t reserved;
};
static_assert(sizeof(StepBeginPart) == 48, "StepBeginPart is part of the ring format");

// A quick step (a load, a store, an add, a compute of 0 ms) whose figures fit: one identifier
// (the shmid; step.begin's n1..n3 are -1, its aux 0), one result (step.end's n0; n1, n2 and aux
// 0), no data, and a duration under 2^32 ns. A third of a kStep record (120 bytes): the ring
// holds three times the steps of a tight loop and the engine copies a third of the bytes.
struct QuickStepRecord {
  uint32_t size;  // 40
  uint16_t kind;  // kQuickStep
  uint16_t err;   // errno of a failed step (0: success)
  uint32_t pc;
  uint32_t durationNs;  // step.end's t minus step.begin's t
  int64_t t;            // CLOCK_MONOTONIC, ns: when the call began
  int64_t id;           // step.begin's n0
  int64_t value;        // step.end's n0
};
static_assert(sizeof(QuickStepRecord) == 40, "QuickStepRecord is part of the ring format");

inline uint32_t RecordBytes(uint32_t shown) { return (sizeof(EventRecord) + shown + 7u) & ~7u; }

inline uint64_t Fnv1a(const uint8_t* p, uint64_t n, uint64_t h = 0xcbf29ce484222325ull) {
  for (uint64_t i = 0; i < n; i++) h = (h ^ p[i]) * 0x100000001b3ull;
  return h;
}

}  // namespace plab::ring
