// Pipes and FIFOs, and the descriptor calls every byte stream shares.
// Follows: pipe(2) (pipe2 and O_CLOEXEC), mkfifo(3), open(2) and fifo(7) (a blocking open waits
// for the other end; O_NONBLOCK open of the write end with no reader is ENXIO), read(2), write(2),
// close(2), fcntl(2) (F_GETFL/F_SETFL O_NONBLOCK, F_GETFD/F_SETFD FD_CLOEXEC, F_GETPIPE_SZ /
// F_SETPIPE_SZ on Linux), ioctl FIONREAD (pipe(7)), pipe(7) for capacity and atomicity.
// Blocking calls block this thread, as in C, and fail with EINTR when a handler without
// SA_RESTART runs; EINTR is reported, never retried here.
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <vector>

#include "mechanisms.h"
#include "posix/ipc_util.h"

namespace plab {
namespace {

// A descriptor owned until release(): pipe2's two ends are closed if building the result throws.
class FdOwner {
 public:
  explicit FdOwner(int fd) : fd_(fd) {}
  ~FdOwner() { if (fd_ >= 0) close(fd_); }
  FdOwner(const FdOwner&) = delete;
  FdOwner& operator=(const FdOwner&) = delete;
  int release() { int fd = fd_; fd_ = -1; return fd; }
 private:
  int fd_;
};

int GetFl(Napi::Env env, int fd) {
  int fl = fcntl(fd, F_GETFL);
  if (fl == -1) ThrowErrno(env, errno, "fcntl", {{"fd", fd}});
  return fl;
}

void SetNonBlocking(Napi::Env env, int fd, int fl, bool on) {
  int want = on ? (fl | O_NONBLOCK) : (fl & ~O_NONBLOCK);
  if (want != fl && fcntl(fd, F_SETFL, want) == -1) ThrowErrno(env, errno, "fcntl", {{"fd", fd}});
}

// A per-call non-blocking read or write: O_NONBLOCK belongs to the open file description (which
// a forked child shares), so it is set around the one call and restored right after.
class NonBlockingFor {
 public:
  NonBlockingFor(Napi::Env env, int fd, bool wanted) : fd_(fd) {
    if (!wanted) return;
    fl_ = GetFl(env, fd);
    if (fl_ & O_NONBLOCK) return;
    SetNonBlocking(env, fd, fl_, true);
    restore_ = true;
  }
  ~NonBlockingFor() {
    if (restore_) {
      int saved = errno;
      fcntl(fd_, F_SETFL, fl_);
      errno = saved;
    }
  }
 private:
  int fd_;
  int fl_ = 0;
  bool restore_ = false;
};

Napi::Value PipeCreate(const Napi::CallbackInfo& info) {
  Args a(info, "pipeCreate(options?: { cloexec?: boolean, nonBlocking?: boolean }) -> { readFd, writeFd }");
  Napi::Object opts = OptionsAt(a, 0);
  // Ends meant for a spawned child must survive exec: the caller passes cloexec: false.
  bool cloexec = OptBool(a, opts, "cloexec", true);
  bool nonBlocking = OptBool(a, opts, "nonBlocking", false);
  int fds[2];
#if defined(__linux__)
  int flags = (cloexec ? O_CLOEXEC : 0) | (nonBlocking ? O_NONBLOCK : 0);
  if (pipe2(fds, flags) == -1) ThrowErrno(a.env(), errno, "pipe2");
#else
  // macOS has no pipe2: pipe + fcntl (not atomic against a concurrent fork+exec).
  if (pipe(fds) == -1) ThrowErrno(a.env(), errno, "pipe");
  for (int fd : fds) {
    if (cloexec) fcntl(fd, F_SETFD, FD_CLOEXEC);
    if (nonBlocking) fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
  }
#endif
  FdOwner r(fds[0]), w(fds[1]);
  Napi::Object result = Napi::Object::New(info.Env());
  result.Set("readFd", fds[0]);
  result.Set("writeFd", fds[1]);
  r.release();
  w.release();
  return result;
}

Napi::Value FifoCreate(const Napi::CallbackInfo& info) {
  Args a(info, "fifoCreate(path: string, mode?: number)");
  std::string path = a.string(0, "path");
  mode_t mode = static_cast<mode_t>(a.integerOr(1, "mode", 0, 0777, 0600));
  if (mkfifo(path.c_str(), mode) == -1) ThrowErrno(a.env(), errno, "mkfifo", {{"path", path}});
  return info.Env().Undefined();
}

Napi::Value FifoOpen(const Napi::CallbackInfo& info) {
  Args a(info, "fifoOpen(path: string, end: 'read'|'write', options?: { nonBlocking?: boolean, cloexec?: boolean }) -> fd");
  std::string path = a.string(0, "path");
  std::string end = a.string(1, "end", 8);
  if (end != "read" && end != "write") a.rangeError("end", "must be 'read' or 'write'");
  Napi::Object opts = OptionsAt(a, 2);
  int flags = end == "read" ? O_RDONLY : O_WRONLY;
  if (OptBool(a, opts, "nonBlocking", false)) flags |= O_NONBLOCK;
  if (OptBool(a, opts, "cloexec", true)) flags |= O_CLOEXEC;
  int fd = open(path.c_str(), flags);  // blocks until the other end opens (fifo(7))
  if (fd == -1) ThrowErrno(a.env(), errno, "open", {{"path", path}});
  return Napi::Number::New(info.Env(), fd);
}

Napi::Value FdRead(const Napi::CallbackInfo& info) {
  Args a(info, "fdRead(fd: number, max?: number, options?: { nonBlocking?: boolean }) -> Uint8Array (empty = end of file)");
  int fd = a.fd(0);
  int64_t max = a.integerOr(1, "max", 0, kMaxTransfer, 4096);
  bool nonBlocking = OptBool(a, OptionsAt(a, 2), "nonBlocking", false);
  std::vector<uint8_t> buf(static_cast<size_t>(max));
  ssize_t n;
  int err;
  {
    NonBlockingFor scope(a.env(), fd, nonBlocking);
    n = read(fd, buf.data(), buf.size());
    err = errno;
  }
  if (n == -1) ThrowErrno(a.env(), err, "read", {{"fd", fd}});
  return CopyToJs(info.Env(), buf.data(), static_cast<size_t>(n));
}

Napi::Value FdWrite(const Napi::CallbackInfo& info) {
  Args a(info, "fdWrite(fd: number, data: Uint8Array, options?: { nonBlocking?: boolean }) -> bytes written");
  int fd = a.fd(0);
  Napi::Uint8Array data = a.bytes(1, "data");
  bool nonBlocking = OptBool(a, OptionsAt(a, 2), "nonBlocking", false);
  // Copy first: the JS buffer must not be touched while the call blocks.
  std::vector<uint8_t> buf(data.Data(), data.Data() + data.ByteLength());
  ssize_t n;
  int err;
  {
    NonBlockingFor scope(a.env(), fd, nonBlocking);
    n = write(fd, buf.data(), buf.size());
    err = errno;
  }
  // EPIPE when no reader is left; SIGPIPE comes first unless ignored or handled (Node ignores it).
  if (n == -1) ThrowErrno(a.env(), err, "write", {{"fd", fd}});
  return Napi::Number::New(info.Env(), static_cast<double>(n));
}

Napi::Value FdClose(const Napi::CallbackInfo& info) {
  Args a(info, "fdClose(fd: number)");
  int fd = a.fd(0);
  // close(2): never retry after EINTR, the descriptor is released anyway on Linux.
  if (close(fd) == -1) ThrowErrno(a.env(), errno, "close", {{"fd", fd}});
  return info.Env().Undefined();
}

Napi::Value PipeGetSize(const Napi::CallbackInfo& info) {
  Args a(info, "pipeGetSize(fd: number) -> capacity in bytes");
  int fd = a.fd(0);
#if defined(F_GETPIPE_SZ)
  int n = fcntl(fd, F_GETPIPE_SZ);
  if (n == -1) ThrowErrno(a.env(), errno, "fcntl", {{"fd", fd}});
  return Napi::Number::New(info.Env(), n);
#else
  ThrowErrno(a.env(), ENOTSUP, "fcntl", {{"fd", fd}});  // F_GETPIPE_SZ is Linux-only
#endif
}

Napi::Value PipeSetSize(const Napi::CallbackInfo& info) {
  Args a(info, "pipeSetSize(fd: number, size: number) -> capacity granted");
  int fd = a.fd(0);
  int size = static_cast<int>(a.integer(1, "size", 0, INT32_MAX));
#if defined(F_SETPIPE_SZ)
  // The kernel rounds up to a power-of-two number of pages; above /proc/sys/fs/pipe-max-size an
  // unprivileged caller gets EPERM, and shrinking below the bytes queued is EBUSY.
  int n = fcntl(fd, F_SETPIPE_SZ, size);
  if (n == -1) ThrowErrno(a.env(), errno, "fcntl", {{"fd", fd}, {"size", size}});
  return Napi::Number::New(info.Env(), n);
#else
  (void)size;
  ThrowErrno(a.env(), ENOTSUP, "fcntl", {{"fd", fd}});
#endif
}

Napi::Value FdBytesAvailable(const Napi::CallbackInfo& info) {
  Args a(info, "fdBytesAvailable(fd: number) -> bytes waiting (FIONREAD)");
  int fd = a.fd(0);
  int n = 0;
  if (ioctl(fd, FIONREAD, &n) == -1) ThrowErrno(a.env(), errno, "ioctl", {{"fd", fd}});
  return Napi::Number::New(info.Env(), n);
}

Napi::Value FdGetNonBlocking(const Napi::CallbackInfo& info) {
  Args a(info, "fdGetNonBlocking(fd: number) -> boolean");
  int fd = a.fd(0);
  return Napi::Boolean::New(info.Env(), (GetFl(a.env(), fd) & O_NONBLOCK) != 0);
}

Napi::Value FdSetNonBlocking(const Napi::CallbackInfo& info) {
  Args a(info, "fdSetNonBlocking(fd: number, on: boolean)");
  int fd = a.fd(0);
  bool on = a.boolean(1, "on");
  SetNonBlocking(a.env(), fd, GetFl(a.env(), fd), on);
  return info.Env().Undefined();
}

Napi::Value FdGetCloexec(const Napi::CallbackInfo& info) {
  Args a(info, "fdGetCloexec(fd: number) -> boolean");
  int fd = a.fd(0);
  int fl = fcntl(fd, F_GETFD);
  if (fl == -1) ThrowErrno(a.env(), errno, "fcntl", {{"fd", fd}});
  return Napi::Boolean::New(info.Env(), (fl & FD_CLOEXEC) != 0);
}

Napi::Value FdSetCloexec(const Napi::CallbackInfo& info) {
  Args a(info, "fdSetCloexec(fd: number, on: boolean)");
  int fd = a.fd(0);
  bool on = a.boolean(1, "on");
  int fl = fcntl(fd, F_GETFD);
  if (fl == -1) ThrowErrno(a.env(), errno, "fcntl", {{"fd", fd}});
  int want = on ? (fl | FD_CLOEXEC) : (fl & ~FD_CLOEXEC);
  if (fcntl(fd, F_SETFD, want) == -1) ThrowErrno(a.env(), errno, "fcntl", {{"fd", fd}});
  return info.Env().Undefined();
}

}  // namespace

void InitPipe(Napi::Env env, Napi::Object exports) {
  exports.Set("pipeCreate", Napi::Function::New(env, PipeCreate, "pipeCreate"));
  exports.Set("fifoCreate", Napi::Function::New(env, FifoCreate, "fifoCreate"));
  exports.Set("fifoOpen", Napi::Function::New(env, FifoOpen, "fifoOpen"));
  exports.Set("fdRead", Napi::Function::New(env, FdRead, "fdRead"));
  exports.Set("fdWrite", Napi::Function::New(env, FdWrite, "fdWrite"));
  exports.Set("fdClose", Napi::Function::New(env, FdClose, "fdClose"));
  exports.Set("pipeGetSize", Napi::Function::New(env, PipeGetSize, "pipeGetSize"));
  exports.Set("pipeSetSize", Napi::Function::New(env, PipeSetSize, "pipeSetSize"));
  exports.Set("fdBytesAvailable", Napi::Function::New(env, FdBytesAvailable, "fdBytesAvailable"));
  exports.Set("fdGetNonBlocking", Napi::Function::New(env, FdGetNonBlocking, "fdGetNonBlocking"));
  exports.Set("fdSetNonBlocking", Napi::Function::New(env, FdSetNonBlocking, "fdSetNonBlocking"));
  exports.Set("fdGetCloexec", Napi::Function::New(env, FdGetCloexec, "fdGetCloexec"));
  exports.Set("fdSetCloexec", Napi::Function::New(env, FdSetCloexec, "fdSetCloexec"));
}

}  // namespace plab
