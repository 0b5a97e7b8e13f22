// Byte streams: pipes (pipe2, both ends here; a child inherits them at spawn, as with fork)
// and FIFOs (mkfifo in the run directory, then open). A descriptor's O_NONBLOCK is real state:
// a step whose `blocking` differs from it changes it with fcntl(F_SETFL) first (step.begin
// says so, and the call text shows the fcntl). Follows pipe(7), fifo(7), read(2), write(2).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "lab/fd_flags.h"
#include "lab/ops.h"

namespace plab::lab {

// One read buffer per signal-nesting depth: a handler's read never overwrites the data of the
// read it interrupted before that step reported it. In .bss: untouched pages cost nothing.
constexpr int kReadDepths = 4;
constexpr uint32_t kReadBytes = kStepBufferBytes;  // the scenario's largest `max`
static uint8_t g_readBuffers[kReadDepths][kReadBytes];
volatile sig_atomic_t g_handlerDepth = 0;

uint8_t* StepBuffer() { return g_readBuffers[g_handlerDepth < kReadDepths ? g_handlerDepth : kReadDepths - 1]; }

namespace {

int64_t SetCapacity(const ObjectRec& rec, int fd) {
#if defined(F_SETPIPE_SZ)
  if (rec.capacity > 0) {
    const int got = fcntl(fd, F_SETPIPE_SZ, static_cast<int>(rec.capacity));
    return got < 0 ? -errno : got;
  }
  return fcntl(fd, F_GETPIPE_SZ);
#else
  (void)rec;
  (void)fd;
  return 0;
#endif
}

}  // namespace

int Op_PIPE_CREATE(uint32_t, const Instr& in, Result& r) {
  int fds[2];
  if (pipe(fds) != 0) return errno;  // pipe2(fd, 0): no O_CLOEXEC, children inherit both ends
  ObjState& o = g.obj[in.obj];
  o.fdRead = fds[0];
  o.fdWrite = fds[1];
  r.n[0] = fds[0];
  r.n[1] = fds[1];
  const int64_t capacity = SetCapacity(g.objects[in.obj], fds[1]);
  if (capacity < 0) return static_cast<int>(-capacity);
  r.n[2] = capacity;
  return 0;
}

int Op_FIFO_CREATE(uint32_t, const Instr& in, Result&) {
  return mkfifo(PoolString(g.objects[in.obj].name), 0600) == 0 ? 0 : errno;
}

// unlink(2): only the name goes; descriptors already open (here or in another process) keep
// working, and the FIFO itself is freed when the last one is closed.
int Op_FIFO_UNLINK(uint32_t, const Instr& in, Result&) {
  return unlink(PoolString(g.objects[in.obj].name)) == 0 ? 0 : errno;
}

int Op_FIFO_OPEN(uint32_t, const Instr& in, Result& r) {
  const bool write = in.flags & F_WRITE_END;
  const int flags = (write ? O_WRONLY : O_RDONLY) | ((in.flags & F_BLOCKING) ? 0 : O_NONBLOCK);
  const int fd = open(PoolString(g.objects[in.obj].name), flags);  // a blocking open waits for the other end
  if (fd < 0) return errno;
  ObjState& o = g.obj[in.obj];
  (write ? o.fdWrite : o.fdRead) = fd;
  r.n[0] = fd;
  r.n[1] = -1;
  if (write && g.objects[in.obj].capacity > 0) {
    const int64_t capacity = SetCapacity(g.objects[in.obj], fd);
    if (capacity < 0) return static_cast<int>(-capacity);
    r.n[1] = capacity;
  }
  return 0;
}

int Op_WRITE(uint32_t, const Instr& in, Result& r) {
  const int fd = g.obj[in.obj].fdWrite;
  if (fd < 0) return EBADF;  // a C program would pass a closed descriptor
  if (int err = SetBlocking(fd, in.flags & F_BLOCKING)) return err;
  const ssize_t n = write(fd, g.pool + in.c, in.d);  // EPIPE after SIGPIPE, unless it killed us
  if (n < 0) return errno;
  r.n[0] = n;
  return 0;
}

int Op_READ(uint32_t, const Instr& in, Result& r) {
  const int fd = g.obj[in.obj].fdRead;
  if (fd < 0) return EBADF;
  if (int err = SetBlocking(fd, in.flags & F_BLOCKING)) return err;
  uint8_t* buffer = StepBuffer();
  const ssize_t n = read(fd, buffer, in.a < kReadBytes ? in.a : kReadBytes);
  if (n < 0) return errno;
  r.data = buffer;
  r.dataLength = static_cast<uint32_t>(n);  // 0: end of file
  return 0;
}

int Op_CLOSE(uint32_t, const Instr& in, Result& r) {
  ObjState& o = g.obj[in.obj];
  int& fd = (in.flags & F_WRITE_END) ? o.fdWrite : o.fdRead;
  if (fd < 0) return EBADF;
  r.n[0] = fd;
  const int rc = close(fd);
  fd = -1;  // gone even when close reports an error (close(2), "Dealing with error returns")
  return rc == 0 ? 0 : errno;
}

}  // namespace plab::lab
