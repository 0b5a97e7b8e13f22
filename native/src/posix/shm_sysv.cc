// System V shared memory: shmget, shmat, shmdt, shmctl(IPC_STAT / IPC_RMID).
// Follows: shmget(2), shmop(2) (shmat/shmdt), shmctl(2), sysvipc(7).
// An attachment is registered in posix/memory.cc's handle registry; JS gets the handle, never an
// address. On Linux IPC_RMID while attached is deferred: the kernel sets SHM_DEST in
// shm_perm.mode and the key becomes IPC_PRIVATE until the last shmdt (shmctl(2), "IPC_RMID").
#include <sys/ipc.h>
#include <sys/shm.h>

#include <climits>

#include "mechanisms.h"
#include "posix/ipc_util.h"
#include "posix/memory.h"

namespace plab {
namespace {

int ShmidArg(const Args& a, size_t i = 0) { return static_cast<int>(a.integer(i, "shmid", 0, INT_MAX)); }

Napi::Value ShmGet(const Napi::CallbackInfo& info) {
  Args a(info, "shmGet(key: number, size: number, options?: { create?: boolean, exclusive?: boolean, mode?: number })");
  key_t key = KeyArg(a, 0);
  int64_t size = a.integer(1, "size", 0, kMaxSafeInteger);  // 0 opens an existing segment
  int flags = SysvGetFlags(a, OptionsAt(a, 2));
  int id = shmget(key, static_cast<size_t>(size), flags);
  if (id == -1) ThrowErrno(a.env(), errno, "shmget", {{"key", KeyToJs(key)}, {"size", static_cast<double>(size)}});
  return Napi::Number::New(info.Env(), id);
}

Napi::Value ShmAttach(const Napi::CallbackInfo& info) {
  Args a(info, "shmAttach(shmid: number, options?: { readOnly?: boolean }) -> handle");
  int shmid = ShmidArg(a);
  bool readOnly = OptBool(a, OptionsAt(a, 1), "readOnly", false);
  void* addr = shmat(shmid, nullptr, readOnly ? SHM_RDONLY : 0);
  if (addr == reinterpret_cast<void*>(-1)) ThrowErrno(a.env(), errno, "shmat", {{"shmid", shmid}});
  // The mapping's size bounds every access: ask the kernel rather than trust the caller.
  struct shmid_ds ds {};
  if (shmctl(shmid, IPC_STAT, &ds) == -1) {
    int err = errno;
    shmdt(addr);
    ThrowErrno(a.env(), err, "shmctl", {{"shmid", shmid}});
  }
  Mapping m;
  m.addr = addr;
  m.size = ds.shm_segsz;
  m.kind = MappingKind::kSysv;
  m.readOnly = readOnly;
  m.shmid = shmid;
  return Napi::Number::New(info.Env(), RegisterMapping(m));
}

Napi::Value ShmDetach(const Napi::CallbackInfo& info) {
  Args a(info, "shmDetach(handle: number)");
  int h = static_cast<int>(a.integer(0, "handle", 0, INT_MAX));
  int err = 0;
  int r = ReleaseMapping(h, MappingKind::kSysv, [](const Mapping& m) { return shmdt(m.addr); }, &err);
  // shmdt(2): EINVAL when no segment is attached at that address, which an unknown handle means.
  if (r == 0) ThrowErrno(a.env(), EINVAL, "shmdt", {{"handle", h}});
  if (r < 0) ThrowErrno(a.env(), err, "shmdt", {{"handle", h}});
  return info.Env().Undefined();
}

Napi::Value ShmStat(const Napi::CallbackInfo& info) {
  Args a(info, "shmStat(shmid: number)");
  int shmid = ShmidArg(a);
  struct shmid_ds ds {};
  if (shmctl(shmid, IPC_STAT, &ds) == -1) ThrowErrno(a.env(), errno, "shmctl", {{"shmid", shmid}});
  Napi::Env env = info.Env();
  Napi::Object r = Napi::Object::New(env);
  r.Set("key", KeyToJs(PermKey(ds.shm_perm)));
  r.Set("shmid", shmid);
  r.Set("size", static_cast<double>(ds.shm_segsz));
  r.Set("nattch", static_cast<double>(ds.shm_nattch));
  r.Set("cpid", static_cast<double>(ds.shm_cpid));
  r.Set("lpid", static_cast<double>(ds.shm_lpid));
  r.Set("atime", static_cast<double>(ds.shm_atime));
  r.Set("dtime", static_cast<double>(ds.shm_dtime));
  r.Set("ctime", static_cast<double>(ds.shm_ctime));
  r.Set("mode", static_cast<double>(ds.shm_perm.mode & 0777));
  r.Set("uid", static_cast<double>(ds.shm_perm.uid));
  r.Set("gid", static_cast<double>(ds.shm_perm.gid));
  r.Set("cuid", static_cast<double>(ds.shm_perm.cuid));
  r.Set("cgid", static_cast<double>(ds.shm_perm.cgid));
#if defined(SHM_DEST)
  r.Set("markedForDestruction", (ds.shm_perm.mode & SHM_DEST) != 0);
#else
  r.Set("markedForDestruction", false);  // the platform does not report deferred removal
#endif
  return r;
}

Napi::Value ShmRemove(const Napi::CallbackInfo& info) {
  Args a(info, "shmRemove(shmid: number)");
  int shmid = ShmidArg(a);
  if (shmctl(shmid, IPC_RMID, nullptr) == -1) ThrowErrno(a.env(), errno, "shmctl", {{"shmid", shmid}});
  return info.Env().Undefined();
}

}  // namespace

void InitShmSysv(Napi::Env env, Napi::Object exports) {
  exports.Set("shmGet", Napi::Function::New(env, ShmGet, "shmGet"));
  exports.Set("shmAttach", Napi::Function::New(env, ShmAttach, "shmAttach"));
  exports.Set("shmDetach", Napi::Function::New(env, ShmDetach, "shmDetach"));
  exports.Set("shmStat", Napi::Function::New(env, ShmStat, "shmStat"));
  exports.Set("shmRemove", Napi::Function::New(env, ShmRemove, "shmRemove"));
}

}  // namespace plab
