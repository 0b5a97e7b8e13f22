// A step's descriptor and its O_NONBLOCK: the one place the lab process reads and changes it.
// O_NONBLOCK belongs to the open file description (shared by every descriptor duplicated from
// it, and by a child that inherited it), so it is real state that a step changes with
// fcntl(F_SETFL) only when it differs from what the step asks. Follows fcntl(2), open(2).
#pragma once
#include <cstdint>

namespace plab::lab {

// Makes `fd` blocking (clears O_NONBLOCK) or non-blocking (sets it); no fcntl(F_SETFL) when it
// already is. Returns 0, or the errno of fcntl (EBADF for a closed descriptor).
int SetBlocking(int fd, bool blocking);

// Whether SetBlocking(fd, blocking) would change the descriptor: 1 when its O_NONBLOCK differs
// from what the step asks (step.begin's aux bit 0), 0 when not or when fd is not open (< 0, or
// fcntl fails).
uint32_t NonBlockChange(int fd, bool blocking);

}  // namespace plab::lab
