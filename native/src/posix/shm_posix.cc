// POSIX shared memory: shm_open, ftruncate, fstat, mmap, munmap, shm_unlink.
// Follows: shm_open(3) (the descriptor has FD_CLOEXEC set), ftruncate(2), fstat(2), mmap(2),
// munmap(2), shm_overview(7). The descriptor is closed with fdClose (posix/pipe.cc): close(2)
// is the same call for every descriptor. A mapping is registered in posix/memory.cc's handle
// registry; JS gets the handle, never an address.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <climits>

#include "mechanisms.h"
#include "posix/ipc_util.h"
#include "posix/memory.h"

namespace plab {
namespace {

Napi::Value ShmOpen(const Napi::CallbackInfo& info) {
  Args a(info, "shmOpen(name: string, options?: { create?: boolean, exclusive?: boolean, readOnly?: boolean, mode?: number }) -> fd");
  std::string name = a.string(0, "name", 255);
  Napi::Object opts = OptionsAt(a, 1);
  int flags = OptBool(a, opts, "readOnly", false) ? O_RDONLY : O_RDWR;
  if (OptBool(a, opts, "create", false)) flags |= O_CREAT;
  if (OptBool(a, opts, "exclusive", false)) flags |= O_EXCL;
  mode_t mode = static_cast<mode_t>(OptInt(a, opts, "mode", 0, 0777, 0600));
  int fd = shm_open(name.c_str(), flags, mode);
  if (fd == -1) ThrowErrno(a.env(), errno, "shm_open", {{"name", name}});
  return Napi::Number::New(info.Env(), fd);
}

Napi::Value ShmTruncate(const Napi::CallbackInfo& info) {
  Args a(info, "shmTruncate(fd: number, size: number)");
  int fd = a.fd(0);
  int64_t size = a.integer(1, "size", 0, kMaxSafeInteger);
  if (ftruncate(fd, static_cast<off_t>(size)) == -1)
    ThrowErrno(a.env(), errno, "ftruncate", {{"fd", fd}, {"size", static_cast<double>(size)}});
  return info.Env().Undefined();
}

Napi::Value ShmFstat(const Napi::CallbackInfo& info) {
  Args a(info, "shmFstat(fd: number)");
  int fd = a.fd(0);
  struct stat st {};
  if (fstat(fd, &st) == -1) ThrowErrno(a.env(), errno, "fstat", {{"fd", fd}});
  Napi::Object r = Napi::Object::New(info.Env());
  r.Set("size", static_cast<double>(st.st_size));
  r.Set("mode", static_cast<double>(st.st_mode & 0777));
  r.Set("uid", static_cast<double>(st.st_uid));
  r.Set("gid", static_cast<double>(st.st_gid));
  r.Set("ino", static_cast<double>(st.st_ino));
  r.Set("nlink", static_cast<double>(st.st_nlink));  // 0 once shm_unlink'ed
  return r;
}

Napi::Value ShmMap(const Napi::CallbackInfo& info) {
  Args a(info, "shmMap(fd: number, length: number, options?: { readOnly?: boolean, name?: string }) -> handle");
  int fd = a.fd(0);
  int64_t length = a.integer(1, "length", 0, kMaxSafeInteger);
  Napi::Object opts = OptionsAt(a, 2);
  bool readOnly = OptBool(a, opts, "readOnly", false);
  std::string name;
  Napi::Value nv = opts.Get("name");
  if (nv.IsString()) name = nv.As<Napi::String>().Utf8Value();
  else if (!nv.IsUndefined()) ThrowType(a.env(), std::string("options.name must be a string; usage: ") + a.usage);
  // mmap(2) maps past the end of the object happily, but touching those pages raises SIGBUS:
  // refuse it here (the "mapped before it was sized" mistake), since nothing may crash.
  struct stat st {};
  if (fstat(fd, &st) == -1) ThrowErrno(a.env(), errno, "fstat", {{"fd", fd}});
  if (S_ISREG(st.st_mode) && length > static_cast<int64_t>(st.st_size))
    a.rangeError("length", std::to_string(length) + " is larger than the object (" +
                               std::to_string(static_cast<long long>(st.st_size)) +
                               " bytes): pages past its end raise SIGBUS; ftruncate it first");
  int prot = readOnly ? PROT_READ : PROT_READ | PROT_WRITE;
  void* addr = mmap(nullptr, static_cast<size_t>(length), prot, MAP_SHARED, fd, 0);
  if (addr == MAP_FAILED) ThrowErrno(a.env(), errno, "mmap", {{"fd", fd}, {"length", static_cast<double>(length)}});
  Mapping m;
  m.addr = addr;
  m.size = static_cast<size_t>(length);
  m.kind = MappingKind::kPosix;
  m.readOnly = readOnly;
  m.name = name;
  return Napi::Number::New(info.Env(), RegisterMapping(m));
}

Napi::Value ShmUnmap(const Napi::CallbackInfo& info) {
  Args a(info, "shmUnmap(handle: number)");
  int h = static_cast<int>(a.integer(0, "handle", 0, INT_MAX));
  int err = 0;
  int r = ReleaseMapping(h, MappingKind::kPosix, [](const Mapping& m) { return munmap(m.addr, m.size); }, &err);
  // munmap(2) of an address that maps nothing succeeds in C; an unknown handle is a caller's
  // bug worth seeing, so it is EINVAL here (as shmdt would say).
  if (r == 0) ThrowErrno(a.env(), EINVAL, "munmap", {{"handle", h}});
  if (r < 0) ThrowErrno(a.env(), err, "munmap", {{"handle", h}});
  return info.Env().Undefined();
}

Napi::Value ShmUnlink(const Napi::CallbackInfo& info) {
  Args a(info, "shmUnlink(name: string)");
  std::string name = a.string(0, "name", 255);
  if (shm_unlink(name.c_str()) == -1) ThrowErrno(a.env(), errno, "shm_unlink", {{"name", name}});
  return info.Env().Undefined();
}

}  // namespace

void InitShmPosix(Napi::Env env, Napi::Object exports) {
  exports.Set("shmOpen", Napi::Function::New(env, ShmOpen, "shmOpen"));
  exports.Set("shmTruncate", Napi::Function::New(env, ShmTruncate, "shmTruncate"));
  exports.Set("shmFstat", Napi::Function::New(env, ShmFstat, "shmFstat"));
  exports.Set("shmMap", Napi::Function::New(env, ShmMap, "shmMap"));
  exports.Set("shmUnmap", Napi::Function::New(env, ShmUnmap, "shmUnmap"));
  exports.Set("shmUnlink", Napi::Function::New(env, ShmUnlink, "shmUnlink"));
}

}  // namespace plab
