// See lab/fd_flags.h. Follows fcntl(2) (F_GETFL / F_SETFL).
#include "lab/fd_flags.h"

#include <fcntl.h>

#include <cerrno>

namespace plab::lab {

int SetBlocking(int fd, bool blocking) {
  const int flags = fcntl(fd, F_GETFL);
  if (flags < 0) return errno;
  const int wanted = blocking ? (flags & ~O_NONBLOCK) : (flags | O_NONBLOCK);
  if (wanted != flags && fcntl(fd, F_SETFL, wanted) != 0) return errno;
  return 0;
}

uint32_t NonBlockChange(int fd, bool blocking) {
  if (fd < 0) return 0;
  const int flags = fcntl(fd, F_GETFL);
  if (flags < 0) return 0;
  return ((flags & O_NONBLOCK) != 0) == blocking ? 1u : 0u;
}

}  // namespace plab::lab
