// Shared memory as a channel: two rings of slots in one segment, one per direction. The
// producer copies a message into a slot and publishes a counter; the consumer waits for the
// counter, copies the message out, and publishes its own. Waiting is futex(2) (FUTEX_WAIT on
// the counter itself, shared between processes, so not FUTEX_PRIVATE) or, for shm-spin, a pure
// spin: it shows that spinning needs a free core (measuring-ipc.md: 0.17 us on two vCPUs,
// milliseconds on one). Counters use C11-style atomics (__atomic builtins).
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstring>

#include "posix/bench.h"

namespace plab {
namespace bench {

// Each counter on its own cache line: the two sides write different lines.
struct Ring {
  alignas(64) uint32_t head;  // messages published by the producer
  alignas(64) uint32_t tail;  // messages consumed by the consumer
  alignas(64) uint32_t headWaiter;  // the consumer sleeps (or is about to) on head
  alignas(64) uint32_t tailWaiter;  // the producer sleeps (or is about to) on tail
  alignas(64) char slots[1];
};

namespace {

constexpr size_t kLine = 64;
constexpr size_t kRingMax = 4u << 20;  // bytes of slots per direction

size_t Stride(size_t size) { return (size + kLine - 1) / kLine * kLine; }
size_t RingBytes(size_t size, size_t slots) { return offsetof(Ring, slots) + Stride(size) * slots; }

inline void CpuRelax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield");
#endif
}

// Waits until *word != old. The waiter announces itself before sleeping and the waker reads
// the announcement after publishing (both sequentially consistent): either the waker sees the
// waiter and wakes it, or the waiter sees the new value (futex(2) rechecks *word in the kernel).
void WaitChange(Endpoint* ep, uint32_t* word, uint32_t old, uint32_t* waiter) {
  if (ep->spin) {
    while (__atomic_load_n(word, __ATOMIC_ACQUIRE) == old) CpuRelax();
    return;
  }
  while (__atomic_load_n(word, __ATOMIC_ACQUIRE) == old) {
    __atomic_store_n(waiter, 1, __ATOMIC_SEQ_CST);
    if (__atomic_load_n(word, __ATOMIC_SEQ_CST) != old) break;
    if (syscall(SYS_futex, word, FUTEX_WAIT, old, nullptr, nullptr, 0) != 0 && errno != EAGAIN && errno != EINTR)
      throw Failure{errno, "futex"};
  }
  __atomic_store_n(waiter, 0, __ATOMIC_RELAXED);
}

void Publish(Endpoint* ep, uint32_t* word, uint32_t value, uint32_t* waiter) {
  __atomic_store_n(word, value, __ATOMIC_SEQ_CST);
  if (!ep->spin && __atomic_load_n(waiter, __ATOMIC_SEQ_CST) != 0)
    syscall(SYS_futex, word, FUTEX_WAKE, 1, nullptr, nullptr, 0);
}

}  // namespace

size_t ShmSlots(size_t size) {
  size_t n = kRingMax / Stride(size);
  return n < 2 ? 2 : n > 1024 ? 1024 : n;
}

size_t ShmBytes(size_t size, size_t slots) { return 2 * RingBytes(size, slots); }

// Touches every page once (a read fault maps the shared page in this process, allocating it
// if the segment never had it), so the timed loops never pay for first-touch page faults that
// a pipe's kernel buffer does not have.
void Prefault(const void* map, size_t bytes) {
  const volatile char* p = static_cast<const volatile char*>(map);
  for (size_t i = 0; i < bytes; i += 4096) (void)p[i];
}

// The client sends on ring 0 and receives on ring 1; the echo the other way round.
void ShmLayout(Endpoint* ep, bool client, size_t slots) {
  char* base = static_cast<char*>(ep->map);
  Ring* first = reinterpret_cast<Ring*>(base);
  Ring* second = reinterpret_cast<Ring*>(base + RingBytes(ep->size, slots));
  ep->tx = client ? first : second;
  ep->rx = client ? second : first;
  ep->slotCount = slots;
  Prefault(ep->map, ShmBytes(ep->size, slots));
}

void ShmSend(Endpoint* ep, const char* buf) {
  Ring* r = ep->tx;
  uint32_t head = __atomic_load_n(&r->head, __ATOMIC_RELAXED);
  uint32_t tail;
  while (head - (tail = __atomic_load_n(&r->tail, __ATOMIC_ACQUIRE)) >= ep->slotCount)
    WaitChange(ep, &r->tail, tail, &r->tailWaiter);
  memcpy(r->slots + Stride(ep->size) * (head % ep->slotCount), buf, ep->size);
  Publish(ep, &r->head, head + 1, &r->headWaiter);
}

void ShmReceive(Endpoint* ep, char* buf) {
  Ring* r = ep->rx;
  uint32_t tail = __atomic_load_n(&r->tail, __ATOMIC_RELAXED);
  WaitChange(ep, &r->head, tail, &r->headWaiter);
  memcpy(buf, r->slots + Stride(ep->size) * (tail % ep->slotCount), ep->size);
  Publish(ep, &r->tail, tail + 1, &r->tailWaiter);
}

}  // namespace bench
}  // namespace plab
