// Processes: waitpid(2) with its status decoded as wait(2)'s macros do (WIFEXITED, WEXITSTATUS,
// WIFSIGNALED, WTERMSIG, WCOREDUMP, WIFSTOPPED, WSTOPSIG, WIFCONTINUED), getpid(2), getppid(2).
// spawn() lives in spawn.cc. The blocking waitpid blocks the calling thread, as in C, and a
// handled signal makes it fail with EINTR, or is restarted by the kernel when the handler was
// installed with SA_RESTART (signal(7), "Interruption of system calls").
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <climits>

#include "common/args.h"
#include "common/errors.h"
#include "mechanisms.h"
#include "posix/signal_parts.h"
#include "posix/signal_table.h"

namespace plab {

Napi::Object WaitStatusObject(Napi::Env env, pid_t pid, int status) {
  Napi::Object out = Napi::Object::New(env);
  out.Set("pid", pid);
  out.Set("exited", WIFEXITED(status) != 0);
  out.Set("code", WIFEXITED(status) ? Napi::Value(Napi::Number::New(env, WEXITSTATUS(status))) : env.Null());
  out.Set("signaled", WIFSIGNALED(status) != 0);
  out.Set("signal", WIFSIGNALED(status) ? Napi::Value(Napi::String::New(env, SignalName(WTERMSIG(status)))) : env.Null());
#if defined(WCOREDUMP)
  out.Set("coreDumped", WIFSIGNALED(status) && WCOREDUMP(status));
#else
  out.Set("coreDumped", false);
#endif
  out.Set("stopped", WIFSTOPPED(status) != 0);
  out.Set("stopSignal", WIFSTOPPED(status) ? Napi::Value(Napi::String::New(env, SignalName(WSTOPSIG(status)))) : env.Null());
  out.Set("continued", WIFCONTINUED(status) != 0);
  out.Set("status", status);
  return out;
}

namespace {

bool Flag(const Args& args, Napi::Object opts, const char* key) {
  Napi::Value v = opts.Get(key);
  if (v.IsUndefined()) return false;
  if (!v.IsBoolean()) ThrowType(args.env(), std::string("options.") + key + " must be a boolean; usage: " + args.usage);
  return v.As<Napi::Boolean>().Value();
}

Napi::Value WaitpidBinding(const Napi::CallbackInfo& info) {
  Args args(info, "waitpid(pid: number, options?: { nohang?: boolean, untraced?: boolean, continued?: boolean })");
  Napi::Env env = info.Env();
  // pid > 0: that child; -1: any child; 0: any in my group; < -1: any in group -pid (wait(2)).
  const int64_t pid = args.integer(0, "pid", -static_cast<int64_t>(INT_MAX), INT_MAX);
  int flags = 0;
  if (args.has(1)) {
    Napi::Object opts = args.object(1, "options");
    if (Flag(args, opts, "nohang")) flags |= WNOHANG;
    if (Flag(args, opts, "untraced")) flags |= WUNTRACED;
    if (Flag(args, opts, "continued")) flags |= WCONTINUED;
  }
  int status = 0;
  const pid_t got = waitpid(static_cast<pid_t>(pid), &status, flags);
  if (got < 0) ThrowErrno(env, errno, "waitpid", {{"pid", static_cast<double>(pid)}});
  if (got == 0) return env.Null();  // WNOHANG and no child changed state

  return WaitStatusObject(env, got, status);
}

Napi::Value GetpidBinding(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), getpid()); }
Napi::Value GetppidBinding(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), getppid()); }

Napi::Value GetpgidBinding(const Napi::CallbackInfo& info) {
  Args args(info, "getpgid(pid?: number)");
  const int64_t pid = args.integerOr(0, "pid", 0, INT_MAX, 0);
  const pid_t pgid = getpgid(static_cast<pid_t>(pid));
  if (pgid < 0) ThrowErrno(info.Env(), errno, "getpgid", {{"pid", static_cast<double>(pid)}});
  return Napi::Number::New(info.Env(), pgid);
}

}  // namespace

void InitProcess(Napi::Env env, Napi::Object exports) {
  exports.Set("waitpid", Napi::Function::New(env, WaitpidBinding, "waitpid"));
  exports.Set("getpid", Napi::Function::New(env, GetpidBinding, "getpid"));
  exports.Set("getppid", Napi::Function::New(env, GetppidBinding, "getppid"));
  exports.Set("getpgid", Napi::Function::New(env, GetpgidBinding, "getpgid"));
  InitSpawn(env, exports);
}

}  // namespace plab
