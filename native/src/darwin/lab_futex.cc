// macOS has no futex(2). __ulock_wait/__ulock_wake with UL_COMPARE_AND_WAIT_SHARED (the
// primitive libc++'s std::atomic::wait uses there) wait on a word of a shared mapping.
// NOT VERIFIED: written for macOS 11+, never built or run on these Linux machines.
#include <cerrno>
#include <cstdint>

#include "lab/futex.h"

extern "C" int __ulock_wait(uint32_t operation, void* addr, uint64_t value, uint32_t timeout_us);
extern "C" int __ulock_wake(uint32_t operation, void* addr, uint64_t wake_value);

namespace plab::lab {
namespace {
constexpr uint32_t kCompareAndWaitShared = 3;  // UL_COMPARE_AND_WAIT_SHARED
constexpr uint32_t kWakeAll = 0x00000100;      // ULF_WAKE_ALL
}  // namespace

void WaitWord(std::atomic<uint32_t>* word, uint32_t expected, int64_t timeoutNs) {
  const uint32_t us = timeoutNs < 0 ? 0 : static_cast<uint32_t>(timeoutNs / 1000 + 1);
  __ulock_wait(kCompareAndWaitShared, word, expected, us);
}

void WakeWord(std::atomic<uint32_t>* word) { __ulock_wake(kCompareAndWaitShared | kWakeAll, word, 0); }

}  // namespace plab::lab
