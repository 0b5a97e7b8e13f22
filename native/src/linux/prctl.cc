// prctl(2), Linux only: PR_SET_CHILD_SUBREAPER / PR_GET_CHILD_SUBREAPER (orphaned descendants
// are reparented to the nearest subreaper instead of init, so the lab can reap them) and
// PR_SET_PDEATHSIG / PR_GET_PDEATHSIG (a signal sent when the parent *thread* exits: prctl(2)
// warns it is the thread that forked, which for a lab worker is Node's main thread).
#include <sys/prctl.h>

#include <cerrno>

#include "common/args.h"
#include "common/errors.h"
#include "mechanisms.h"
#include "posix/signal_table.h"

namespace plab {

namespace {

Napi::Value SetSubreaperBinding(const Napi::CallbackInfo& info) {
  Args args(info, "setChildSubreaper(on: boolean)");
  const bool on = args.boolean(0, "on");
  if (prctl(PR_SET_CHILD_SUBREAPER, on ? 1UL : 0UL, 0UL, 0UL, 0UL) != 0)
    ThrowErrno(info.Env(), errno, "prctl", {{"option", "PR_SET_CHILD_SUBREAPER"}});
  return info.Env().Undefined();
}

Napi::Value IsSubreaperBinding(const Napi::CallbackInfo& info) {
  int value = 0;
  if (prctl(PR_GET_CHILD_SUBREAPER, &value, 0UL, 0UL, 0UL) != 0)
    ThrowErrno(info.Env(), errno, "prctl", {{"option", "PR_GET_CHILD_SUBREAPER"}});
  return Napi::Boolean::New(info.Env(), value != 0);
}

Napi::Value SetDeathSignalBinding(const Napi::CallbackInfo& info) {
  Args args(info, "setParentDeathSignal(signal: SignalName | number | 0 | null)");
  const int sig = args.has(0) ? SignalArg(args, 0, "signal", true) : 0;  // 0 clears it
  if (prctl(PR_SET_PDEATHSIG, static_cast<unsigned long>(sig), 0UL, 0UL, 0UL) != 0)
    ThrowErrno(info.Env(), errno, "prctl", {{"option", "PR_SET_PDEATHSIG"}, {"signal", sig}});
  return info.Env().Undefined();
}

Napi::Value GetDeathSignalBinding(const Napi::CallbackInfo& info) {
  int sig = 0;
  if (prctl(PR_GET_PDEATHSIG, &sig, 0UL, 0UL, 0UL) != 0)
    ThrowErrno(info.Env(), errno, "prctl", {{"option", "PR_GET_PDEATHSIG"}});
  if (sig == 0) return info.Env().Null();
  return Napi::String::New(info.Env(), SignalName(sig));
}

}  // namespace

void InitPrctl(Napi::Env env, Napi::Object exports) {
  exports.Set("setChildSubreaper", Napi::Function::New(env, SetSubreaperBinding, "setChildSubreaper"));
  exports.Set("isChildSubreaper", Napi::Function::New(env, IsSubreaperBinding, "isChildSubreaper"));
  exports.Set("setParentDeathSignal", Napi::Function::New(env, SetDeathSignalBinding, "setParentDeathSignal"));
  exports.Set("parentDeathSignal", Napi::Function::New(env, GetDeathSignalBinding, "parentDeathSignal"));
}

}  // namespace plab
