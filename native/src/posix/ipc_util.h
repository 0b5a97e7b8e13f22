// Small helpers shared by the IPC mechanisms' bindings (shm, pipes, message queues, semaphores):
// reading an options object with the same TypeError/RangeError discipline as common/args.h,
// System V keys, copies into fresh Uint8Arrays and relative timeouts as CLOCK_REALTIME deadlines.
#pragma once
#include <napi.h>

#include <sys/ipc.h>
#include <sys/types.h>
#include <time.h>

#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>

#include "common/args.h"
#include "common/errors.h"

namespace plab {

constexpr int64_t kMaxSafeInteger = 9007199254740991LL;  // Number.MAX_SAFE_INTEGER

// The optional options object at position i ({} when absent), TypeError when not an object.
inline Napi::Object OptionsAt(const Args& args, size_t i) {
  if (!args.has(i)) return Napi::Object::New(args.env());
  return args.object(i, "options");
}

inline bool OptBool(const Args& args, const Napi::Object& opts, const char* key, bool fallback) {
  Napi::Value v = opts.Get(key);
  if (v.IsUndefined() || v.IsNull()) return fallback;
  if (!v.IsBoolean())
    ThrowType(args.env(), std::string("options.") + key + " must be a boolean; usage: " + args.usage);
  return v.As<Napi::Boolean>().Value();
}

inline int64_t OptInt(const Args& args, const Napi::Object& opts, const char* key, int64_t lo,
                      int64_t hi, int64_t fallback) {
  Napi::Value v = opts.Get(key);
  if (v.IsUndefined() || v.IsNull()) return fallback;
  double d = v.IsNumber() ? v.As<Napi::Number>().DoubleValue() : NAN;
  if (!std::isfinite(d) || std::floor(d) != d)
    ThrowType(args.env(), std::string("options.") + key + " must be an integer; usage: " + args.usage);
  if (d < static_cast<double>(lo) || d > static_cast<double>(hi))
    ThrowRange(args.env(), std::string("options.") + key + " must be between " + std::to_string(lo) +
                               " and " + std::to_string(hi) + "; usage: " + args.usage);
  return static_cast<int64_t>(d);
}

// The options every System V get call takes: { create, exclusive, mode } -> IPC_CREAT|IPC_EXCL|mode.
inline int SysvGetFlags(const Args& args, const Napi::Object& opts) {
  int flags = static_cast<int>(OptInt(args, opts, "mode", 0, 0777, 0600));
  if (OptBool(args, opts, "create", false)) flags |= IPC_CREAT;
  if (OptBool(args, opts, "exclusive", false)) flags |= IPC_EXCL;
  return flags;
}

// A System V key: key_t is a 32-bit int; accept it signed or as the unsigned hex people write
// (0x5107c0de), so a key read back from /proc/sysvipc (signed) or ftok works either way.
inline key_t KeyArg(const Args& args, size_t i) {
  int64_t k = args.integer(i, "key", INT32_MIN, UINT32_MAX);
  return static_cast<key_t>(static_cast<int32_t>(static_cast<uint32_t>(k)));
}

// An object's key from its ipc_perm: the field is spelled __key by glibc and _key by macOS.
inline key_t PermKey(const struct ipc_perm& p) {
#if defined(__linux__)
  return p.__key;
#else
  return p._key;
#endif
}

// Keys are reported unsigned (0x5107c0de stays 1359462622), IPC_PRIVATE as 0.
inline double KeyToJs(key_t key) { return static_cast<double>(static_cast<uint32_t>(key)); }

// A fresh Uint8Array holding a copy of [data, data+n): never an external buffer (Electron's V8
// sandbox refuses those) and never a view on shared memory that could outlive its mapping.
inline Napi::Uint8Array CopyToJs(Napi::Env env, const void* data, size_t n) {
  Napi::ArrayBuffer ab = Napi::ArrayBuffer::New(env, n);
  if (n > 0) std::memcpy(ab.Data(), data, n);
  return Napi::Uint8Array::New(env, n, ab, 0);
}

// Upper bound of one read/receive buffer the caller may ask for.
constexpr int64_t kMaxTransfer = 16 * 1024 * 1024;

// Relative milliseconds -> absolute CLOCK_REALTIME deadline, as mq_timedreceive(3) and
// sem_timedwait(3) want it.
inline timespec RealtimeDeadline(int64_t ms) {
  timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);
  ts.tv_sec += static_cast<time_t>(ms / 1000);
  ts.tv_nsec += static_cast<long>((ms % 1000) * 1000000L);
  if (ts.tv_nsec >= 1000000000L) {
    ts.tv_sec += 1;
    ts.tv_nsec -= 1000000000L;
  }
  return ts;
}

}  // namespace plab
