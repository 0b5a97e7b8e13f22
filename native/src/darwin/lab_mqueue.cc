// macOS has no POSIX message queues: the lab process reports ENOSYS for POSIX mailboxes
// (the UI marks them missing on this platform). NOT VERIFIED here (Linux only).
#include <cerrno>

#include "lab/ops.h"

namespace plab::lab {

int PosixMailboxCreate(const Instr&, Result&) { return ENOSYS; }
int PosixMailboxDestroy(const Instr&, Result&) { return ENOSYS; }
int PosixSend(const Instr&, Result&) { return ENOSYS; }
int PosixReceive(const Instr&, Result&) { return ENOSYS; }

}  // namespace plab::lab
