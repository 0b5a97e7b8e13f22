// Each mechanism's file adds its functions to the addon's exports.
#pragma once
#include <napi.h>

namespace plab {
void InitShmSysv(Napi::Env env, Napi::Object exports);    // posix/shm_sysv.cc
void InitShmPosix(Napi::Env env, Napi::Object exports);   // posix/shm_posix.cc
void InitMemory(Napi::Env env, Napi::Object exports);     // posix/memory.cc
void InitPipe(Napi::Env env, Napi::Object exports);       // posix/pipe.cc
void InitMqSysv(Napi::Env env, Napi::Object exports);     // posix/mqueue_sysv.cc
void InitMqPosix(Napi::Env env, Napi::Object exports);    // linux/mqueue_posix.cc
void InitSem(Napi::Env env, Napi::Object exports);        // posix/sem.cc
void InitSignals(Napi::Env env, Napi::Object exports);    // posix/signals.cc
void InitFault(Napi::Env env, Napi::Object exports);      // posix/fault.cc
void InitProcess(Napi::Env env, Napi::Object exports);    // posix/process.cc (spawn, waitpid)
void InitSemSetSysv(Napi::Env env, Napi::Object exports); // posix/semset_sysv.cc
void InitTime(Napi::Env env, Napi::Object exports);       // posix/time.cc
void InitPrctl(Napi::Env env, Napi::Object exports);      // linux/prctl.cc
void InitRing(Napi::Env env, Napi::Object exports);      // posix/ring.cc (lab process event rings, gates)
void InitPidfd(Napi::Env env, Napi::Object exports);      // linux/pidfd.cc (pidfds)
void InitSocket(Napi::Env env, Napi::Object exports);     // posix/socket.cc (socket_core.cc)
void InitSockDiag(Napi::Env env, Napi::Object exports);   // linux/sock_diag.cc (Unix sockets and peers)
void InitBench(Napi::Env env, Napi::Object exports);      // posix/bench*.cc (Linux build: futex, pipe2, mq)
}  // namespace plab
