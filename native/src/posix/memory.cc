// Memory access to shared-memory attachments (System V shmat and POSIX mmap) through integer
// handles: copies in and out, typed loads and stores, atomics and a deliberately non-atomic add,
// and the polling wait behind the scenario's shm.waitUntil.
// Follows: shmat(2), mmap(2) (the mappings), nanosleep(2) (EINTR is never restarted, whatever
// SA_RESTART says: signal(7)), sched_yield(2), and GCC's __atomic builtins for the atomics
// (sequentially consistent; they are lock-free for 1, 4 and 8 aligned bytes on Linux and macOS,
// hence shared-memory safe between processes).
// Every access is bounds-checked against the mapping; an unknown or detached handle is EFAULT.
// Values are little-endian (the only byte order this addon builds for); i64 loads return a BigInt.
#include <sched.h>
#include <time.h>

#include <climits>
#include <cstring>
#include <mutex>
#include <unordered_map>

#include "common/signal_flag.h"
#include "mechanisms.h"
#include "posix/ipc_util.h"
#include "posix/memory.h"

#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "Process Lab's typed shared-memory access assumes a little-endian host"
#endif

namespace plab {

namespace {

// One lock for the registry and every access: a detach (possibly from a worker thread) never
// unmaps memory while an access is copying from it.
std::mutex g_lock;
std::unordered_map<int, Mapping> g_mappings;
int g_nextHandle = 1;

enum class VType { kU8, kI32, kU32, kI64, kF64 };
size_t SizeOf(VType t) {
  switch (t) {
    case VType::kU8: return 1;
    case VType::kI32: case VType::kU32: return 4;
    default: return 8;
  }
}

VType TypeArg(const Args& a, size_t i) {
  if (!a.has(i)) return VType::kI32;
  std::string s = a.string(i, "type", 8);
  if (s == "u8") return VType::kU8;
  if (s == "i32") return VType::kI32;
  if (s == "u32") return VType::kU32;
  if (s == "i64") return VType::kI64;
  if (s == "f64") return VType::kF64;
  a.rangeError("type", "must be 'u8', 'i32', 'u32', 'i64' or 'f64'");
}

// A JS value -> the type's bits. `wrap` (deltas of adds) accepts any safe integer and lets the
// addition wrap modulo 2^bits as C unsigned arithmetic does; otherwise the value must fit.
uint64_t ToBits(const Args& a, Napi::Value v, VType t, const char* name, bool wrap) {
  if (t == VType::kF64) {
    if (!v.IsNumber()) ThrowType(a.env(), std::string(name) + " must be a number; usage: " + a.usage);
    double d = v.As<Napi::Number>().DoubleValue();
    uint64_t bits;
    std::memcpy(&bits, &d, 8);
    return bits;
  }
  if (t == VType::kI64 && v.IsBigInt()) {
    bool lossless = false;
    int64_t s = v.As<Napi::BigInt>().Int64Value(&lossless);
    if (lossless) return static_cast<uint64_t>(s);
    uint64_t u = v.As<Napi::BigInt>().Uint64Value(&lossless);
    if (lossless && !wrap) return u;
    ThrowRange(a.env(), std::string(name) + " does not fit 64 bits; usage: " + a.usage);
  }
  double d = v.IsNumber() ? v.As<Napi::Number>().DoubleValue() : NAN;
  if (!std::isfinite(d) || std::floor(d) != d)
    ThrowType(a.env(), std::string(name) + (t == VType::kI64 ? " must be a bigint or an integer"
                                                              : " must be an integer") +
                           "; usage: " + a.usage);
  if (std::fabs(d) > static_cast<double>(kMaxSafeInteger))
    ThrowRange(a.env(), std::string(name) + " must be a safe integer (use a bigint for i64); usage: " + a.usage);
  int64_t n = static_cast<int64_t>(d);
  if (!wrap) {
    int64_t lo = 0, hi = 0;
    switch (t) {
      case VType::kU8: lo = 0; hi = 255; break;
      case VType::kI32: lo = INT32_MIN; hi = INT32_MAX; break;
      case VType::kU32: lo = 0; hi = UINT32_MAX; break;
      default: lo = -kMaxSafeInteger; hi = kMaxSafeInteger; break;
    }
    if (n < lo || n > hi)
      ThrowRange(a.env(), std::string(name) + " is out of range for its type (" + std::to_string(lo) +
                              ".." + std::to_string(hi) + "); usage: " + a.usage);
  }
  return static_cast<uint64_t>(n);
}

Napi::Value FromBits(Napi::Env env, uint64_t bits, VType t) {
  switch (t) {
    case VType::kU8: return Napi::Number::New(env, static_cast<uint8_t>(bits));
    case VType::kI32: return Napi::Number::New(env, static_cast<int32_t>(static_cast<uint32_t>(bits)));
    case VType::kU32: return Napi::Number::New(env, static_cast<uint32_t>(bits));
    case VType::kI64: return Napi::BigInt::New(env, static_cast<int64_t>(bits));
    default: {
      double d;
      std::memcpy(&d, &bits, 8);
      return Napi::Number::New(env, d);
    }
  }
}

bool Aligned(const void* p, size_t n) { return reinterpret_cast<uintptr_t>(p) % n == 0; }

// Aligned loads and stores are single (relaxed atomic) instructions, so another process never
// sees half a value; a misaligned one is a plain byte copy, as C would do with memcpy.
uint64_t LoadBits(const uint8_t* p, size_t n) {
  if (Aligned(p, n)) {
    switch (n) {
      case 1: return __atomic_load_n(p, __ATOMIC_RELAXED);
      case 4: return __atomic_load_n(reinterpret_cast<const uint32_t*>(p), __ATOMIC_RELAXED);
      default: return __atomic_load_n(reinterpret_cast<const uint64_t*>(p), __ATOMIC_RELAXED);
    }
  }
  uint64_t bits = 0;
  std::memcpy(&bits, p, n);
  return bits;
}

void StoreBits(uint8_t* p, size_t n, uint64_t bits) {
  if (Aligned(p, n)) {
    switch (n) {
      case 1: __atomic_store_n(p, static_cast<uint8_t>(bits), __ATOMIC_RELAXED); return;
      case 4: __atomic_store_n(reinterpret_cast<uint32_t*>(p), static_cast<uint32_t>(bits), __ATOMIC_RELAXED); return;
      default: __atomic_store_n(reinterpret_cast<uint64_t*>(p), bits, __ATOMIC_RELAXED); return;
    }
  }
  std::memcpy(p, &bits, n);
}

// The address of [offset, offset+len) in `handle`'s mapping; the caller holds g_lock.
uint8_t* Resolve(const Args& a, int handle, int64_t offset, int64_t len, bool write, const char* op) {
  auto it = g_mappings.find(handle);
  if (it == g_mappings.end())
    ThrowErrno(a.env(), EFAULT, op, {{"handle", handle}});  // not attached (any more)
  const Mapping& m = it->second;
  if (static_cast<uint64_t>(offset) > m.size || static_cast<uint64_t>(len) > m.size - offset)
    ThrowRange(a.env(), std::string(op) + ": bytes " + std::to_string(offset) + ".." +
                            std::to_string(offset + len) + " are outside the mapping of " +
                            std::to_string(m.size) + " bytes; usage: " + a.usage);
  if (write && m.readOnly)  // the CPU would raise SIGSEGV on a read-only mapping
    ThrowErrno(a.env(), EACCES, op, {{"handle", handle}});
  return static_cast<uint8_t*>(m.addr) + offset;
}

int HandleArg(const Args& a) { return static_cast<int>(a.integer(0, "handle", 0, INT_MAX)); }
int64_t OffsetArg(const Args& a) { return a.integer(1, "offset", 0, kMaxSafeInteger); }

Napi::Value MemRead(const Napi::CallbackInfo& info) {
  Args a(info, "memRead(handle: number, offset: number, length: number)");
  int h = HandleArg(a);
  int64_t off = OffsetArg(a);
  int64_t len = a.integer(2, "length", 0, kMaxTransfer * 4);
  std::lock_guard<std::mutex> lock(g_lock);
  const uint8_t* p = Resolve(a, h, off, len, false, "memRead");
  return CopyToJs(info.Env(), p, static_cast<size_t>(len));
}

Napi::Value MemWrite(const Napi::CallbackInfo& info) {
  Args a(info, "memWrite(handle: number, offset: number, data: Uint8Array)");
  int h = HandleArg(a);
  int64_t off = OffsetArg(a);
  Napi::Uint8Array data = a.bytes(2, "data");
  std::lock_guard<std::mutex> lock(g_lock);
  uint8_t* p = Resolve(a, h, off, static_cast<int64_t>(data.ByteLength()), true, "memWrite");
  if (data.ByteLength() > 0) std::memcpy(p, data.Data(), data.ByteLength());
  return Napi::Number::New(info.Env(), static_cast<double>(data.ByteLength()));
}

Napi::Value MemLoad(const Napi::CallbackInfo& info) {
  Args a(info, "memLoad(handle: number, offset: number, type?: 'u8'|'i32'|'u32'|'i64'|'f64')");
  int h = HandleArg(a);
  int64_t off = OffsetArg(a);
  VType t = TypeArg(a, 2);
  std::lock_guard<std::mutex> lock(g_lock);
  const uint8_t* p = Resolve(a, h, off, SizeOf(t), false, "memLoad");
  return FromBits(info.Env(), LoadBits(p, SizeOf(t)), t);
}

Napi::Value MemStore(const Napi::CallbackInfo& info) {
  Args a(info, "memStore(handle: number, offset: number, value: number|bigint, type?: 'u8'|'i32'|'u32'|'i64'|'f64')");
  int h = HandleArg(a);
  int64_t off = OffsetArg(a);
  VType t = TypeArg(a, 3);
  uint64_t bits = ToBits(a, info[2], t, "value", false);
  std::lock_guard<std::mutex> lock(g_lock);
  uint8_t* p = Resolve(a, h, off, SizeOf(t), true, "memStore");
  StoreBits(p, SizeOf(t), bits);
  return info.Env().Undefined();
}

// The atomics need an integer type and natural alignment (a misaligned __atomic is not atomic
// everywhere, and on some CPUs it faults).
uint8_t* ResolveAtomic(const Args& a, int h, int64_t off, VType t, const char* op) {
  if (t == VType::kF64) a.rangeError("type", "must be 'u8', 'i32', 'u32' or 'i64' for an atomic operation");
  uint8_t* p = Resolve(a, h, off, SizeOf(t), true, op);
  if (!Aligned(p, SizeOf(t)))
    a.rangeError("offset", "must be a multiple of " + std::to_string(SizeOf(t)) + " for an atomic operation");
  return p;
}

Napi::Value MemFetchAdd(const Napi::CallbackInfo& info) {
  Args a(info, "memFetchAdd(handle: number, offset: number, delta: number|bigint, type?: 'u8'|'i32'|'u32'|'i64')");
  int h = HandleArg(a);
  int64_t off = OffsetArg(a);
  VType t = TypeArg(a, 3);
  uint64_t delta = ToBits(a, info[2], t, "delta", true);
  std::lock_guard<std::mutex> lock(g_lock);
  uint8_t* p = ResolveAtomic(a, h, off, t, "memFetchAdd");
  uint64_t prev;
  switch (SizeOf(t)) {
    case 1: prev = __atomic_fetch_add(p, static_cast<uint8_t>(delta), __ATOMIC_SEQ_CST); break;
    case 4: prev = __atomic_fetch_add(reinterpret_cast<uint32_t*>(p), static_cast<uint32_t>(delta), __ATOMIC_SEQ_CST); break;
    default: prev = __atomic_fetch_add(reinterpret_cast<uint64_t*>(p), delta, __ATOMIC_SEQ_CST); break;
  }
  return FromBits(info.Env(), prev, t);
}

template <typename T>
bool Cas(uint8_t* p, uint64_t* expected, uint64_t desired) {
  T e = static_cast<T>(*expected);
  bool ok = __atomic_compare_exchange_n(reinterpret_cast<T*>(p), &e, static_cast<T>(desired), false,
                                        __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
  *expected = e;
  return ok;
}

Napi::Value MemCompareExchange(const Napi::CallbackInfo& info) {
  Args a(info, "memCompareExchange(handle: number, offset: number, expected: number|bigint, desired: number|bigint, type?: 'u8'|'i32'|'u32'|'i64')");
  int h = HandleArg(a);
  int64_t off = OffsetArg(a);
  VType t = TypeArg(a, 4);
  uint64_t expected = ToBits(a, info[2], t, "expected", false);
  uint64_t desired = ToBits(a, info[3], t, "desired", false);
  std::lock_guard<std::mutex> lock(g_lock);
  uint8_t* p = ResolveAtomic(a, h, off, t, "memCompareExchange");
  bool ok = SizeOf(t) == 1 ? Cas<uint8_t>(p, &expected, desired)
            : SizeOf(t) == 4 ? Cas<uint32_t>(p, &expected, desired)
                             : Cas<uint64_t>(p, &expected, desired);
  Napi::Object r = Napi::Object::New(info.Env());
  r.Set("exchanged", ok);
  r.Set("previous", FromBits(info.Env(), expected, t));
  return r;
}

// The lesson in a race: load, wait a little, store. Another process adding between our load and
// our store has its update overwritten. The gap (sched_yield calls, spin iterations) widens the
// window so a two-process demonstration loses updates reliably.
Napi::Value MemNonAtomicAdd(const Napi::CallbackInfo& info) {
  Args a(info, "memNonAtomicAdd(handle: number, offset: number, delta: number|bigint, type?: 'u8'|'i32'|'u32'|'i64'|'f64', gap?: { yields?: number, spins?: number })");
  int h = HandleArg(a);
  int64_t off = OffsetArg(a);
  VType t = TypeArg(a, 3);
  uint64_t delta = ToBits(a, info[2], t, "delta", true);
  Napi::Object gap = OptionsAt(a, 4);
  int64_t yields = OptInt(a, gap, "yields", 0, 1000000, 0);
  int64_t spins = OptInt(a, gap, "spins", 0, 1000000000, 0);
  std::lock_guard<std::mutex> lock(g_lock);
  uint8_t* p = Resolve(a, h, off, SizeOf(t), true, "memNonAtomicAdd");
  uint64_t bits = LoadBits(p, SizeOf(t));
  for (int64_t i = 0; i < yields; i++) sched_yield();
  for (volatile int64_t i = 0; i < spins; i = i + 1) {
  }
  if (t == VType::kF64) {
    double x, d;
    std::memcpy(&x, &bits, 8);
    std::memcpy(&d, &delta, 8);
    x += d;
    std::memcpy(&bits, &x, 8);
  } else {
    bits += delta;
  }
  StoreBits(p, SizeOf(t), bits);
  return FromBits(info.Env(), bits, t);
}

int64_t MonotonicNs() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1000000000LL + ts.tv_nsec;
}

// shm.waitUntil: poll in C until the value equals `equals`. pollMs > 0 sleeps in nanosleep
// between polls (state S); pollMs 0 spins (state R, a whole core: the lesson). Returns early with
// status 'interrupted' when a handled signal arrives (nanosleep's EINTR, or the handler's counter
// moved while spinning) so the worker can run the handler's steps.
Napi::Value MemWaitUntil(const Napi::CallbackInfo& info) {
  Args a(info, "memWaitUntil(handle: number, offset: number, equals: number|bigint, options?: { type?: 'u8'|'i32'|'u32'|'i64'|'f64', pollMs?: number, timeoutMs?: number })");
  int h = HandleArg(a);
  int64_t off = OffsetArg(a);
  Napi::Object opts = OptionsAt(a, 3);
  VType t = VType::kI32;
  Napi::Value tv = opts.Get("type");
  if (!tv.IsUndefined()) {
    std::string s = tv.IsString() ? tv.As<Napi::String>().Utf8Value() : "";
    if (s == "u8") t = VType::kU8;
    else if (s == "i32") t = VType::kI32;
    else if (s == "u32") t = VType::kU32;
    else if (s == "i64") t = VType::kI64;
    else if (s == "f64") t = VType::kF64;
    else a.rangeError("options.type", "must be 'u8', 'i32', 'u32', 'i64' or 'f64'");
  }
  uint64_t target = ToBits(a, info[2], t, "equals", false);
  int64_t pollMs = OptInt(a, opts, "pollMs", 0, 3600000, 1);
  int64_t timeoutMs = OptInt(a, opts, "timeoutMs", 0, kMaxSafeInteger / 1000000, -1);
  size_t n = SizeOf(t);
  {
    std::lock_guard<std::mutex> lock(g_lock);
    Resolve(a, h, off, n, false, "memWaitUntil");  // argument errors before any waiting
  }
  const sig_atomic_t signalsAtStart = g_handledSignalCount;
  const int64_t start = MonotonicNs();
  const timespec pause{static_cast<time_t>(pollMs / 1000), static_cast<long>((pollMs % 1000) * 1000000L)};
  const char* status = nullptr;
  uint64_t bits = 0;
  double polls = 0;
  for (;;) {
    {
      std::lock_guard<std::mutex> lock(g_lock);
      bits = LoadBits(Resolve(a, h, off, n, false, "memWaitUntil"), n);  // EFAULT if detached meanwhile
    }
    polls++;
    bool equal = bits == target;
    if (t == VType::kF64) {
      double x, y;
      std::memcpy(&x, &bits, 8);
      std::memcpy(&y, &target, 8);
      equal = x == y;
    }
    if (equal) { status = "equal"; break; }
    if (g_handledSignalCount != signalsAtStart) { status = "interrupted"; break; }
    if (timeoutMs >= 0 && MonotonicNs() - start >= timeoutMs * 1000000LL) { status = "timeout"; break; }
    if (pollMs > 0 && nanosleep(&pause, nullptr) == -1 && errno == EINTR) { status = "interrupted"; break; }
  }
  Napi::Env env = info.Env();
  Napi::Object r = Napi::Object::New(env);
  r.Set("status", status);
  r.Set("value", FromBits(env, bits, t));
  r.Set("polls", polls);
  r.Set("elapsedMs", static_cast<double>(MonotonicNs() - start) / 1e6);
  return r;
}

Napi::Value MemInfo(const Napi::CallbackInfo& info) {
  Args a(info, "memInfo(handle: number)");
  int h = HandleArg(a);
  std::lock_guard<std::mutex> lock(g_lock);
  auto it = g_mappings.find(h);
  if (it == g_mappings.end()) ThrowErrno(a.env(), EFAULT, "memInfo", {{"handle", h}});
  const Mapping& m = it->second;
  Napi::Object r = Napi::Object::New(info.Env());
  r.Set("handle", h);
  r.Set("kind", m.kind == MappingKind::kSysv ? "sysv" : "posix");
  r.Set("size", static_cast<double>(m.size));
  r.Set("readOnly", m.readOnly);
  if (m.kind == MappingKind::kSysv) r.Set("shmid", m.shmid);
  else r.Set("name", m.name);
  return r;
}

Napi::Value MemHandles(const Napi::CallbackInfo& info) {
  std::lock_guard<std::mutex> lock(g_lock);
  Napi::Array r = Napi::Array::New(info.Env());
  uint32_t i = 0;
  for (const auto& entry : g_mappings) r.Set(i++, entry.first);
  return r;
}

}  // namespace

int RegisterMapping(const Mapping& mapping) {
  std::lock_guard<std::mutex> lock(g_lock);
  int h = g_nextHandle++;
  g_mappings.emplace(h, mapping);
  return h;
}

int ReleaseMapping(int handle, MappingKind kind, int (*release)(const Mapping&), int* err) {
  std::lock_guard<std::mutex> lock(g_lock);
  auto it = g_mappings.find(handle);
  if (it == g_mappings.end() || it->second.kind != kind) return 0;
  if (release(it->second) != 0) {
    *err = errno;
    return -1;
  }
  g_mappings.erase(it);
  return 1;
}

void InitMemory(Napi::Env env, Napi::Object exports) {
  exports.Set("memRead", Napi::Function::New(env, MemRead, "memRead"));
  exports.Set("memWrite", Napi::Function::New(env, MemWrite, "memWrite"));
  exports.Set("memLoad", Napi::Function::New(env, MemLoad, "memLoad"));
  exports.Set("memStore", Napi::Function::New(env, MemStore, "memStore"));
  exports.Set("memFetchAdd", Napi::Function::New(env, MemFetchAdd, "memFetchAdd"));
  exports.Set("memCompareExchange", Napi::Function::New(env, MemCompareExchange, "memCompareExchange"));
  exports.Set("memNonAtomicAdd", Napi::Function::New(env, MemNonAtomicAdd, "memNonAtomicAdd"));
  exports.Set("memWaitUntil", Napi::Function::New(env, MemWaitUntil, "memWaitUntil"));
  exports.Set("memInfo", Napi::Function::New(env, MemInfo, "memInfo"));
  exports.Set("memHandles", Napi::Function::New(env, MemHandles, "memHandles"));
}

}  // namespace plab
