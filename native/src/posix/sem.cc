// POSIX named semaphores: sem_open, sem_wait, sem_trywait, sem_timedwait, sem_post,
// sem_getvalue, sem_close, sem_unlink.
// Follows: sem_open(3) (O_CREAT takes mode and value, value <= SEM_VALUE_MAX), sem_wait(3)
// (EINTR from a handler without SA_RESTART; sem_trywait's EAGAIN; sem_timedwait's absolute
// CLOCK_REALTIME deadline and ETIMEDOUT), sem_post(3), sem_getvalue(3), sem_close(3),
// sem_unlink(3), sem_overview(7) (on Linux the object is /dev/shm/sem.NAME).
// A sem_t* is not a number and using one after sem_close is undefined behaviour, so JS holds an
// integer handle from a registry; an unknown or closed handle is EINVAL (sem_wait(3): "sem is not
// a valid semaphore"), checked before any call.
#include <fcntl.h>
#include <semaphore.h>

#include <climits>
#include <mutex>
#include <unordered_map>

#include "mechanisms.h"
#include "posix/ipc_util.h"

namespace plab {
namespace {

struct SemEntry {
  sem_t* sem;
  std::string name;
};

// Guarded for worker threads; the lock is never held across a blocking call (a sem_wait holding
// it would stop a sem_post from another thread of this process).
std::mutex g_lock;
std::unordered_map<int, SemEntry> g_sems;
int g_nextHandle = 1;

// The semaphore behind the handle in argument 0, or EINVAL naming `call`.
SemEntry Lookup(const Args& a, const char* call, int* handleOut) {
  int h = static_cast<int>(a.integer(0, "handle", 0, INT_MAX));
  *handleOut = h;
  std::lock_guard<std::mutex> lock(g_lock);
  auto it = g_sems.find(h);
  if (it == g_sems.end()) ThrowErrno(a.env(), EINVAL, call, {{"handle", h}});
  return it->second;
}

Napi::Value SemOpen(const Napi::CallbackInfo& info) {
  Args a(info, "semOpen(name: string, options?: { create?: boolean, exclusive?: boolean, mode?: number, value?: number }) -> handle");
  std::string name = a.string(0, "name", 251);  // NAME_MAX minus the "sem." prefix
  Napi::Object opts = OptionsAt(a, 1);
  int flags = 0;
  if (OptBool(a, opts, "create", false)) flags |= O_CREAT;
  if (OptBool(a, opts, "exclusive", false)) flags |= O_EXCL;
  mode_t mode = static_cast<mode_t>(OptInt(a, opts, "mode", 0, 0777, 0600));
  // Passed through as given: above SEM_VALUE_MAX the call itself says EINVAL.
  unsigned value = static_cast<unsigned>(OptInt(a, opts, "value", 0, UINT32_MAX, 0));
  sem_t* sem = (flags & O_CREAT) ? sem_open(name.c_str(), flags, mode, value) : sem_open(name.c_str(), flags);
  if (sem == SEM_FAILED) ThrowErrno(a.env(), errno, "sem_open", {{"name", name}});
  std::lock_guard<std::mutex> lock(g_lock);
  int h = g_nextHandle++;
  g_sems.emplace(h, SemEntry{sem, name});
  return Napi::Number::New(info.Env(), h);
}

Napi::Value SemWait(const Napi::CallbackInfo& info) {
  Args a(info, "semWait(handle: number)");
  int h;
  SemEntry e = Lookup(a, "sem_wait", &h);
  if (sem_wait(e.sem) == -1) ThrowErrno(a.env(), errno, "sem_wait", {{"handle", h}, {"name", e.name}});
  return info.Env().Undefined();
}

Napi::Value SemTryWait(const Napi::CallbackInfo& info) {
  Args a(info, "semTryWait(handle: number)");
  int h;
  SemEntry e = Lookup(a, "sem_trywait", &h);
  if (sem_trywait(e.sem) == -1) ThrowErrno(a.env(), errno, "sem_trywait", {{"handle", h}, {"name", e.name}});
  return info.Env().Undefined();
}

Napi::Value SemTimedWait(const Napi::CallbackInfo& info) {
  Args a(info, "semTimedWait(handle: number, timeoutMs: number)");
  int64_t timeoutMs = a.integer(1, "timeoutMs", 0, INT32_MAX);
  int h;
  SemEntry e = Lookup(a, "sem_timedwait", &h);
#if defined(__APPLE__)
  (void)timeoutMs;
  ThrowErrno(a.env(), ENOSYS, "sem_timedwait", {{"handle", h}});  // macOS has no sem_timedwait
#else
  timespec deadline = RealtimeDeadline(timeoutMs);
  if (sem_timedwait(e.sem, &deadline) == -1)
    ThrowErrno(a.env(), errno, "sem_timedwait", {{"handle", h}, {"name", e.name}});
  return info.Env().Undefined();
#endif
}

Napi::Value SemPost(const Napi::CallbackInfo& info) {
  Args a(info, "semPost(handle: number)");
  int h;
  SemEntry e = Lookup(a, "sem_post", &h);
  if (sem_post(e.sem) == -1) ThrowErrno(a.env(), errno, "sem_post", {{"handle", h}, {"name", e.name}});
  return info.Env().Undefined();
}

Napi::Value SemGetValue(const Napi::CallbackInfo& info) {
  Args a(info, "semGetValue(handle: number) -> value");
  int h;
  SemEntry e = Lookup(a, "sem_getvalue", &h);
  int value = 0;
  // Linux reports 0 (not minus the waiters) when processes are blocked (sem_getvalue(3)).
  if (sem_getvalue(e.sem, &value) == -1)
    ThrowErrno(a.env(), errno, "sem_getvalue", {{"handle", h}, {"name", e.name}});
  return Napi::Number::New(info.Env(), value);
}

Napi::Value SemClose(const Napi::CallbackInfo& info) {
  Args a(info, "semClose(handle: number)");
  int h = static_cast<int>(a.integer(0, "handle", 0, INT_MAX));
  std::lock_guard<std::mutex> lock(g_lock);
  auto it = g_sems.find(h);
  if (it == g_sems.end()) ThrowErrno(a.env(), EINVAL, "sem_close", {{"handle", h}});
  if (sem_close(it->second.sem) == -1)
    ThrowErrno(a.env(), errno, "sem_close", {{"handle", h}, {"name", it->second.name}});
  g_sems.erase(it);
  return info.Env().Undefined();
}

Napi::Value SemUnlink(const Napi::CallbackInfo& info) {
  Args a(info, "semUnlink(name: string)");
  std::string name = a.string(0, "name", 251);
  if (sem_unlink(name.c_str()) == -1) ThrowErrno(a.env(), errno, "sem_unlink", {{"name", name}});
  return info.Env().Undefined();
}

}  // namespace

void InitSem(Napi::Env env, Napi::Object exports) {
  exports.Set("semOpen", Napi::Function::New(env, SemOpen, "semOpen"));
  exports.Set("semWait", Napi::Function::New(env, SemWait, "semWait"));
  exports.Set("semTryWait", Napi::Function::New(env, SemTryWait, "semTryWait"));
  exports.Set("semTimedWait", Napi::Function::New(env, SemTimedWait, "semTimedWait"));
  exports.Set("semPost", Napi::Function::New(env, SemPost, "semPost"));
  exports.Set("semGetValue", Napi::Function::New(env, SemGetValue, "semGetValue"));
  exports.Set("semClose", Napi::Function::New(env, SemClose, "semClose"));
  exports.Set("semUnlink", Napi::Function::New(env, SemUnlink, "semUnlink"));
}

}  // namespace plab
