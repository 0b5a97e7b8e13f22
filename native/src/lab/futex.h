// Waiting on a 32-bit word shared with another process (the ring's space and gate words):
// futex(2) on Linux (linux/lab_futex.cc), __ulock_wait on macOS (darwin/lab_futex.cc).
#pragma once
#include <atomic>
#include <cstdint>

namespace plab::lab {

// Sleeps while *word == expected, at most timeoutNs (< 0: no limit). Returns on a wake, a
// signal (the handler has run by then) or the timeout; callers re-check their condition.
void WaitWord(std::atomic<uint32_t>* word, uint32_t expected, int64_t timeoutNs);

// Wakes every waiter on word.
void WakeWord(std::atomic<uint32_t>* word);

}  // namespace plab::lab
