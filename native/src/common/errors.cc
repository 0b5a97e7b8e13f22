#include "common/errors.h"

#include <cerrno>
#include <cstring>

namespace plab {

const char* ErrnoName(int err) {
  switch (err) {
#define PLAB_ERRNO(name) case name: return #name;
    PLAB_ERRNO(EPERM) PLAB_ERRNO(ENOENT) PLAB_ERRNO(ESRCH) PLAB_ERRNO(EINTR) PLAB_ERRNO(EIO)
    PLAB_ERRNO(ENXIO) PLAB_ERRNO(E2BIG) PLAB_ERRNO(ENOEXEC) PLAB_ERRNO(EBADF) PLAB_ERRNO(ECHILD)
    PLAB_ERRNO(EAGAIN) PLAB_ERRNO(ENOMEM) PLAB_ERRNO(EACCES) PLAB_ERRNO(EFAULT) PLAB_ERRNO(EBUSY)
    PLAB_ERRNO(EEXIST) PLAB_ERRNO(EXDEV) PLAB_ERRNO(ENODEV) PLAB_ERRNO(ENOTDIR) PLAB_ERRNO(EISDIR)
    PLAB_ERRNO(EINVAL) PLAB_ERRNO(ENFILE) PLAB_ERRNO(EMFILE) PLAB_ERRNO(ENOTTY) PLAB_ERRNO(EFBIG)
    PLAB_ERRNO(ENOSPC) PLAB_ERRNO(ESPIPE) PLAB_ERRNO(EROFS) PLAB_ERRNO(EMLINK) PLAB_ERRNO(EPIPE)
    PLAB_ERRNO(EDOM) PLAB_ERRNO(ERANGE) PLAB_ERRNO(EDEADLK) PLAB_ERRNO(ENAMETOOLONG)
    PLAB_ERRNO(ENOSYS) PLAB_ERRNO(ENOTEMPTY) PLAB_ERRNO(ELOOP) PLAB_ERRNO(ENOMSG)
    PLAB_ERRNO(EIDRM) PLAB_ERRNO(EOVERFLOW) PLAB_ERRNO(EMSGSIZE) PLAB_ERRNO(ETIMEDOUT)
    PLAB_ERRNO(ECONNREFUSED) PLAB_ERRNO(ECONNRESET) PLAB_ERRNO(EADDRINUSE) PLAB_ERRNO(ENOTSUP)
    PLAB_ERRNO(ENOTCONN) PLAB_ERRNO(ENOTSOCK)
#if defined(ENODATA)
    PLAB_ERRNO(ENODATA)
#endif
#if defined(EOPNOTSUPP) && EOPNOTSUPP != ENOTSUP
    PLAB_ERRNO(EOPNOTSUPP)
#endif
#if EWOULDBLOCK != EAGAIN
    PLAB_ERRNO(EWOULDBLOCK)
#endif
#undef PLAB_ERRNO
    default: return nullptr;
  }
}

Napi::Error ErrnoError(Napi::Env env, int err, const char* syscall,
                       std::initializer_list<Ident> idents) {
  const char* known = ErrnoName(err);
  std::string code = known ? known : "E" + std::to_string(err);
  std::string message = std::string(syscall) + ": " + std::strerror(err) + " (" + code + ")";
  Napi::Error error = Napi::Error::New(env, message);
  Napi::Object obj = error.Value();
  obj.Set("code", code);
  obj.Set("errno", err);
  obj.Set("syscall", syscall);
  for (const Ident& id : idents) {
    if (id.isNumber) obj.Set(id.key, id.number);
    else obj.Set(id.key, id.text);
  }
  return error;
}

void ThrowErrno(Napi::Env env, int err, const char* syscall, std::initializer_list<Ident> idents) {
  throw ErrnoError(env, err, syscall, idents);
}

void ThrowType(Napi::Env env, const std::string& message) {
  throw Napi::TypeError::New(env, message);
}

void ThrowRange(Napi::Env env, const std::string& message) {
  throw Napi::RangeError::New(env, message);
}

}  // namespace plab
