// Benchmarks (issue 7): the JavaScript surface of the bench_*.cc loops. The engine prepares a
// pair's objects (benchPrepare), starts two lab processes that each call benchRun (the echo,
// then the client, whose timed loop runs entirely here), and removes the objects (benchRelease).
// benchMemcpy gives the machine's copy bandwidth, the ceiling for shared memory.
#include <sched.h>
#include <time.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "common/args.h"
#include "common/errors.h"
#include "mechanisms.h"
#include "posix/bench.h"

namespace plab {
namespace {

using bench::Mech;

constexpr int64_t kMaxSize = 64 << 20;

Mech MechArg(Napi::Env env, const Napi::Value& v, const char* usage) {
  Mech m;
  if (!v.IsString() || !bench::MechFromName(v.As<Napi::String>().Utf8Value(), &m))
    ThrowRange(env, std::string("mechanism must be shm-sysv, shm-posix, shm-spin, pipe, fifo, mq-posix, "
                                "msg-sysv, unix, tcp, tcp-hosts or signal; usage: ") + usage);
  return m;
}

[[noreturn]] void Rethrow(Napi::Env env, const bench::Failure& f, Mech m) {
  ThrowErrno(env, f.err, f.syscall, {Ident("mechanism", bench::MechName(m))});
}

int IntField(const Args& args, Napi::Object o, const char* key, int64_t lo, int64_t hi, int64_t fallback) {
  Napi::Value v = o.Get(key);
  if (v.IsUndefined()) return static_cast<int>(fallback);
  double d = v.IsNumber() ? v.As<Napi::Number>().DoubleValue() : -1e300;
  if (d != static_cast<double>(static_cast<int64_t>(d)) || d < lo || d > hi)
    args.rangeError(key, "must be an integer between " + std::to_string(lo) + " and " + std::to_string(hi));
  return static_cast<int>(d);
}

std::string StrField(Napi::Object o, const char* key) {
  Napi::Value v = o.Get(key);
  return v.IsString() ? v.As<Napi::String>().Utf8Value() : std::string();
}

// benchPrepare(mechanism, size, dir) -> { mechanism, size, fds, names, id, port, slots }
Napi::Value Prepare(const Napi::CallbackInfo& info) {
  const char* usage = "benchPrepare(mechanism: string, size: integer 0..64 MiB, dir: string)";
  Args args(info, usage);
  bench::Prepared p;
  p.mech = MechArg(info.Env(), info[0], usage);
  p.size = static_cast<size_t>(args.integer(1, "size", 0, kMaxSize));
  std::string dir = args.string(2, "dir");
  try {
    bench::Prepare(&p, dir);
  } catch (const bench::Failure& f) {
    bench::Release(&p);
    Rethrow(info.Env(), f, p.mech);
  }
  Napi::Env env = info.Env();
  Napi::Object out = Napi::Object::New(env);
  out.Set("mechanism", bench::MechName(p.mech));
  out.Set("size", static_cast<double>(p.size));
  Napi::Array fds = Napi::Array::New(env, 4);
  for (uint32_t i = 0; i < 4; i++) fds.Set(i, p.fds[i]);
  out.Set("fds", fds);
  Napi::Array names = Napi::Array::New(env, 2);
  for (uint32_t i = 0; i < 2; i++) names.Set(i, p.names[i]);
  out.Set("names", names);
  out.Set("id", p.id);
  out.Set("port", p.port);
  out.Set("slots", static_cast<double>(p.slots));
  return out;
}

// benchRelease(prepared): closes the engine's descriptors and removes the pair's objects.
Napi::Value Release(const Napi::CallbackInfo& info) {
  const char* usage = "benchRelease(prepared: object from benchPrepare)";
  Args args(info, usage);
  Napi::Object o = args.object(0, "prepared");
  bench::Prepared p;
  p.mech = MechArg(info.Env(), o.Get("mechanism"), usage);
  Napi::Value fds = o.Get("fds"), names = o.Get("names");
  if (!fds.IsArray() || !names.IsArray()) args.typeError(0, "prepared", "the object benchPrepare returned");
  for (uint32_t i = 0; i < 4 && i < fds.As<Napi::Array>().Length(); i++) {
    Napi::Value v = fds.As<Napi::Array>().Get(i);
    p.fds[i] = v.IsNumber() ? v.As<Napi::Number>().Int32Value() : -1;
  }
  for (uint32_t i = 0; i < 2 && i < names.As<Napi::Array>().Length(); i++) {
    Napi::Value v = names.As<Napi::Array>().Get(i);
    if (v.IsString()) p.names[i] = v.As<Napi::String>().Utf8Value();
  }
  Napi::Value id = o.Get("id");
  p.id = id.IsNumber() ? id.As<Napi::Number>().Int32Value() : -1;
  bench::Release(&p);
  return info.Env().Undefined();
}

// benchRun(spec): the echo (returns undefined when the client stopped it) or the client
// (returns one { latency, throughput } per repetition). Blocks the calling thread, as a lab
// process's calls do.
Napi::Value Run(const Napi::CallbackInfo& info) {
  const char* usage = "benchRun({ role, mechanism, size, cpu?, reps?, warmup?, budgetMs?, maxSamples?, readyFd, ... })";
  Args args(info, usage);
  Napi::Object o = args.object(0, "spec");
  bench::Spec s;
  std::string role = StrField(o, "role");
  if (role != "client" && role != "echo") args.rangeError("role", "must be 'client' or 'echo'");
  s.client = role == "client";
  s.mech = MechArg(info.Env(), o.Get("mechanism"), usage);
  s.size = static_cast<size_t>(IntField(args, o, "size", 0, kMaxSize, 64));
  if (s.mech != Mech::Signal && s.size < 8) args.rangeError("size", "must be at least 8 bytes (the stop word)");
  s.cpu = IntField(args, o, "cpu", -1, CPU_SETSIZE - 1, -1);
  s.reps = IntField(args, o, "reps", 1, 1000, 1);
  s.warmup = IntField(args, o, "warmup", 0, 1000000, 10);
  s.budgetNs = static_cast<int64_t>(IntField(args, o, "budgetMs", 1, 600000, 100)) * 1000000;
  s.maxSamples = IntField(args, o, "maxSamples", 1, 10000000, 100000);
  s.readyFd = IntField(args, o, "readyFd", 0, 1 << 20, -1);
  s.fdA = IntField(args, o, "fdA", -1, 1 << 20, -1);
  s.fdB = IntField(args, o, "fdB", -1, 1 << 20, -1);
  s.nameA = StrField(o, "nameA");
  s.nameB = StrField(o, "nameB");
  s.id = IntField(args, o, "id", -1, 0x7fffffff, -1);
  s.port = IntField(args, o, "port", 0, 65535, 0);
  s.slots = static_cast<size_t>(IntField(args, o, "slots", 0, 1 << 20, 0));
  s.peer = IntField(args, o, "peer", 0, 0x7fffffff, 0);
  s.throughput = s.mech != Mech::Signal;  // a signal carries no data: nothing to stream
  if (bench::IsShm(s.mech) && s.slots < 2) args.rangeError("slots", "must come from benchPrepare");
  if (s.readyFd < 0) args.rangeError("readyFd", "is required");
  Napi::Env env = info.Env();
  try {
    if (!s.client) {
      bench::RunEcho(s);
      return env.Undefined();
    }
    std::vector<bench::RepResult> reps = bench::RunClient(s);
    Napi::Array out = Napi::Array::New(env, reps.size());
    for (size_t i = 0; i < reps.size(); i++) {
      const bench::RepResult& r = reps[i];
      Napi::Object rep = Napi::Object::New(env), lat = Napi::Object::New(env), tp = Napi::Object::New(env);
      lat.Set("count", static_cast<double>(r.latency.count));
      lat.Set("minNs", static_cast<double>(r.latency.minNs));
      lat.Set("p50Ns", static_cast<double>(r.latency.p50Ns));
      lat.Set("p99Ns", static_cast<double>(r.latency.p99Ns));
      lat.Set("meanNs", static_cast<double>(r.latency.meanNs));
      rep.Set("latency", lat);
      if (s.throughput) {
        tp.Set("messages", static_cast<double>(r.throughput.messages));
        tp.Set("bytes", static_cast<double>(r.throughput.bytes));
        tp.Set("ns", static_cast<double>(r.throughput.ns));
        rep.Set("throughput", tp);
      } else {
        rep.Set("throughput", env.Null());
      }
      out.Set(static_cast<uint32_t>(i), rep);
    }
    return out;
  } catch (const bench::Failure& f) {
    Rethrow(env, f, s.mech);
  }
}

// benchMemcpy(size, budgetMs) -> { bytes, ns }: memcpy(3) between two private buffers.
Napi::Value Memcpy(const Napi::CallbackInfo& info) {
  Args args(info, "benchMemcpy(size: integer 1..256 MiB, budgetMs: integer 1..60000)");
  size_t size = static_cast<size_t>(args.integer(0, "size", 1, 256 << 20));
  int64_t budget = args.integer(1, "budgetMs", 1, 60000) * 1000000;
  // Page-aligned buffers, the destination 1 KiB into its page: when source and destination sit
  // at nearly the same offset in their pages, this CPU's rep movsb runs several times slower
  // (4 KiB aliasing), and a ceiling should not measure that accident of malloc.
  constexpr size_t kSkew = 1024;
  std::unique_ptr<char, decltype(&free)> srcOwner(static_cast<char*>(aligned_alloc(4096, (size + 4095) / 4096 * 4096)), free);
  std::unique_ptr<char, decltype(&free)> dstOwner(static_cast<char*>(aligned_alloc(4096, (size + kSkew + 4095) / 4096 * 4096)), free);
  if (!srcOwner || !dstOwner) ThrowErrno(info.Env(), ENOMEM, "aligned_alloc");
  char* src = srcOwner.get();
  char* dst = dstOwner.get() + kSkew;
  memset(src, 1, size);
  memset(dst, 2, size);
  timespec t;
  auto now = [&t] { clock_gettime(CLOCK_MONOTONIC, &t); return static_cast<int64_t>(t.tv_sec) * 1000000000 + t.tv_nsec; };
  int64_t every = size < 65536 ? 64 : 1, copies = 0, t0 = now(), t1 = t0;
  for (;;) {
    memcpy(dst, src, size);
    asm volatile("" : : "r"(dst) : "memory");  // the copy must happen: its result is "used"
    if (++copies % every == 0 && (t1 = now()) - t0 >= budget) break;
  }
  Napi::Object out = Napi::Object::New(info.Env());
  out.Set("bytes", static_cast<double>(copies) * static_cast<double>(size));
  out.Set("ns", static_cast<double>(t1 - t0));
  return out;
}

// benchAllowedCpus() -> the CPUs this process may run on (sched_getaffinity(2)).
Napi::Value AllowedCpus(const Napi::CallbackInfo& info) {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) != 0) ThrowErrno(info.Env(), errno, "sched_getaffinity");
  Napi::Array out = Napi::Array::New(info.Env());
  uint32_t n = 0;
  for (int cpu = 0; cpu < CPU_SETSIZE; cpu++) if (CPU_ISSET(cpu, &set)) out.Set(n++, cpu);
  return out;
}

}  // namespace

void InitBench(Napi::Env env, Napi::Object exports) {
  exports.Set("benchPrepare", Napi::Function::New(env, Prepare, "benchPrepare"));
  exports.Set("benchRelease", Napi::Function::New(env, Release, "benchRelease"));
  exports.Set("benchRun", Napi::Function::New(env, Run, "benchRun"));
  exports.Set("benchMemcpy", Napi::Function::New(env, Memcpy, "benchMemcpy"));
  exports.Set("benchAllowedCpus", Napi::Function::New(env, AllowedCpus, "benchAllowedCpus"));
}

}  // namespace plab
