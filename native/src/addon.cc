// The Process Lab addon: every IPC primitive of the lecture as a real system call.
// One file per mechanism (see mechanisms.h); native/README.md lists every function.
#include <napi.h>

#include "mechanisms.h"

namespace {

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("platform", Napi::String::New(env,
#if defined(__linux__)
                                            "linux"
#elif defined(__APPLE__)
                                            "darwin"
#else
                                            "other"
#endif
                                            ));
  plab::InitShmSysv(env, exports);
  plab::InitShmPosix(env, exports);
  plab::InitMemory(env, exports);
  plab::InitPipe(env, exports);
  plab::InitMqSysv(env, exports);
#if defined(__linux__)
  plab::InitMqPosix(env, exports);  // macOS has no POSIX message queues
#endif
  plab::InitSem(env, exports);
  plab::InitSignals(env, exports);
  plab::InitFault(env, exports);
  plab::InitProcess(env, exports);
  plab::InitTime(env, exports);
  plab::InitSemSetSysv(env, exports);
  plab::InitRing(env, exports);
  plab::InitSocket(env, exports);
#if defined(__linux__)
  plab::InitPrctl(env, exports);  // prctl(2) is Linux-only
  plab::InitPidfd(env, exports);  // pidfds are Linux-only
  plab::InitSockDiag(env, exports);  // NETLINK_SOCK_DIAG is Linux-only
  plab::InitBench(env, exports);  // futex(2), pipe2, POSIX mq: the benchmarks are Linux-only
#endif
  return exports;
}

}  // namespace

NODE_API_MODULE(process_lab, Init)
