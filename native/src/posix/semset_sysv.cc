// System V semaphore sets: semget, semctl (IPC_STAT, GETVAL, GETPID, IPC_RMID), so the system
// inspector can show and remove them like the other System V objects. Follows semget(2),
// semctl(2), sysvipc(7). The lab's own semaphores are POSIX (sem.cc); these sets are other
// programs' (or a test's), listed in /proc/sysvipc/sem.
#include <sys/ipc.h>
#include <sys/sem.h>

#include <climits>

#include "mechanisms.h"
#include "posix/ipc_util.h"

namespace plab {
namespace {

// semctl(2): the caller must define union semun.
union SemArg {
  int val;
  struct semid_ds* buf;
  unsigned short* array;
};

Napi::Value SemSetGet(const Napi::CallbackInfo& info) {
  Args args(info, "semSetGet(key: number, nsems: number, options?: { create?, exclusive?, mode? })");
  const key_t key = KeyArg(args, 0);
  const int nsems = static_cast<int>(args.integer(1, "nsems", 0, 32000));
  const int flags = SysvGetFlags(args, OptionsAt(args, 2));
  const int semid = semget(key, nsems, flags);
  if (semid < 0) ThrowErrno(info.Env(), errno, "semget", {{"key", static_cast<double>(static_cast<uint32_t>(key))}});
  return Napi::Number::New(info.Env(), semid);
}

Napi::Value SemSetStat(const Napi::CallbackInfo& info) {
  Args args(info, "semSetStat(semid: number)");
  const int semid = static_cast<int>(args.integer(0, "semid", 0, INT_MAX));
  struct semid_ds ds {};
  SemArg arg{};
  arg.buf = &ds;
  if (semctl(semid, 0, IPC_STAT, arg) < 0) ThrowErrno(info.Env(), errno, "semctl", {{"semid", semid}});
  Napi::Env env = info.Env();
  Napi::Object out = Napi::Object::New(env);
  out.Set("semid", semid);
  out.Set("nsems", static_cast<double>(ds.sem_nsems));
  out.Set("mode", ds.sem_perm.mode & 0777);
  out.Set("uid", static_cast<double>(ds.sem_perm.uid));
  out.Set("otime", static_cast<double>(ds.sem_otime));
  out.Set("ctime", static_cast<double>(ds.sem_ctime));
  // Each semaphore's value and the PID of the last semop on it (GETVAL, GETPID).
  Napi::Array values = Napi::Array::New(env);
  Napi::Array pids = Napi::Array::New(env);
  for (unsigned long i = 0; i < ds.sem_nsems && i < 1024; i++) {
    const int value = semctl(semid, static_cast<int>(i), GETVAL);
    const int pid = semctl(semid, static_cast<int>(i), GETPID);
    values.Set(static_cast<uint32_t>(i), value);
    pids.Set(static_cast<uint32_t>(i), pid);
  }
  out.Set("values", values);
  out.Set("pids", pids);
  return out;
}

Napi::Value SemSetRemove(const Napi::CallbackInfo& info) {
  Args args(info, "semSetRemove(semid: number)");
  const int semid = static_cast<int>(args.integer(0, "semid", 0, INT_MAX));
  if (semctl(semid, 0, IPC_RMID) < 0) ThrowErrno(info.Env(), errno, "semctl", {{"semid", semid}});
  return info.Env().Undefined();
}

}  // namespace

void InitSemSetSysv(Napi::Env env, Napi::Object exports) {
  exports.Set("semSetGet", Napi::Function::New(env, SemSetGet, "semSetGet"));
  exports.Set("semSetStat", Napi::Function::New(env, SemSetStat, "semSetStat"));
  exports.Set("semSetRemove", Napi::Function::New(env, SemSetRemove, "semSetRemove"));
}

}  // namespace plab
