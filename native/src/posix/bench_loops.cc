// The timed loops, entirely in C: no JavaScript runs between clock_gettime(CLOCK_MONOTONIC)
// calls. Latency: warm-up, then round trips timed one by one (integer nanoseconds), then a
// stop message echoed back. Throughput: one-way stream until the time budget is spent, then a
// stop message answered by one acknowledgement, so the clock stops when the last byte arrived.
// test/bench/ipc-bench.c has the same loops, line for line.
#include <sched.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>

#include "posix/bench.h"

namespace plab {
namespace bench {
namespace {

int64_t Now() {
  timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return static_cast<int64_t>(t.tv_sec) * 1000000000 + t.tv_nsec;
}

// sched_setaffinity(2) on the calling thread: the one that runs the loop.
void Pin(int cpu) {
  if (cpu < 0) return;
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  if (sched_setaffinity(0, sizeof set, &set) != 0) throw Failure{errno, "sched_setaffinity"};
}

void SetStop(char* buf, uint64_t stop) { memcpy(buf, &stop, sizeof stop); }
uint64_t GetStop(const char* buf) {
  uint64_t stop;
  memcpy(&stop, buf, sizeof stop);
  return stop;
}

// Nearest rank on the sorted samples, as main/engine/bench/stats.ts reads them.
int64_t Rank(const int64_t* sorted, int64_t n, double q) {
  int64_t i = static_cast<int64_t>(q * static_cast<double>(n));
  return sorted[i >= n ? n - 1 : i];
}

LatencyStats Summarize(int64_t* samples, int64_t n) {
  LatencyStats s{n, 0, 0, 0, 0};
  if (n == 0) return s;
  std::sort(samples, samples + n);
  int64_t sum = 0;
  for (int64_t i = 0; i < n; i++) sum += samples[i];
  s.minNs = samples[0];
  s.p50Ns = Rank(samples, n, 0.50);
  s.p99Ns = Rank(samples, n, 0.99);
  s.meanNs = sum / n;
  return s;
}

// A buffer of at least 8 bytes (the stop word), filled once so pages are really mapped.
std::unique_ptr<char[]> Buffer(size_t size) {
  size_t n = size < 8 ? 8 : size;
  std::unique_ptr<char[]> buf(new char[n]);
  memset(buf.get(), 0x5a, n);
  return buf;
}

struct Guard {  // closes the endpoint however the loop ends
  Endpoint* ep;
  ~Guard() { Close(ep); }
};

}  // namespace

std::vector<RepResult> RunClient(const Spec& spec) {
  Pin(spec.cpu);
  if (spec.mech == Mech::Signal) PrepareSignals();
  char ready;
  ssize_t got;
  while ((got = read(spec.readyFd, &ready, 1)) < 0)
    if (errno != EINTR) throw Failure{errno, "read"};
  if (got == 0) throw Failure{EPIPE, "read"};  // the echo died before it was ready
  Endpoint ep;
  Guard guard{&ep};
  Open(spec, &ep);
  auto buf = Buffer(spec.size);
  std::unique_ptr<int64_t[]> samples(new int64_t[spec.maxSamples]);
  std::vector<RepResult> results;
  for (int rep = 0; rep < spec.reps; rep++) {
    RepResult r{};
    // Warm-up: caches, page tables, the scheduler's view of both processes; bounded in time
    // too, because spinning on one vCPU costs milliseconds per round trip.
    int64_t warmEnd = Now() + spec.budgetNs / 4;
    SetStop(buf.get(), 0);
    for (int i = 0; i < spec.warmup && Now() < warmEnd; i++) {
      Send(&ep, buf.get());
      Receive(&ep, buf.get());
    }
    int64_t n = 0;
    int64_t end = Now() + spec.budgetNs;
    while (n < spec.maxSamples) {
      SetStop(buf.get(), 0);
      int64_t t0 = Now();
      Send(&ep, buf.get());
      Receive(&ep, buf.get());
      int64_t t1 = Now();
      samples[n++] = t1 - t0;
      if (t1 >= end) break;
    }
    SetStop(buf.get(), 1);
    Send(&ep, buf.get());
    Receive(&ep, buf.get());
    r.latency = Summarize(samples.get(), n);
    if (spec.throughput) {
      // The clock is read every 16 messages below 4 KiB, so reading it costs little.
      int64_t every = spec.size < 4096 ? 16 : 1;
      int64_t messages = 0;
      SetStop(buf.get(), 0);
      int64_t t0 = Now();
      end = t0 + spec.budgetNs;
      for (;;) {
        Send(&ep, buf.get());
        messages++;
        if (messages % every == 0 && Now() >= end) break;
      }
      SetStop(buf.get(), 1);
      Send(&ep, buf.get());
      messages++;
      Receive(&ep, buf.get());
      int64_t t1 = Now();
      r.throughput = ThroughputStats{messages, messages * static_cast<int64_t>(spec.size), t1 - t0};
    }
    results.push_back(r);
  }
  return results;
}

void RunEcho(const Spec& given) {
  Spec spec = given;
  Pin(spec.cpu);
  if (spec.mech == Mech::Signal) PrepareSignals();
  // tcp-hosts: the listener must be made inside host A's network namespace, where this
  // process runs; it listens before "ready", so the client on host B is never refused.
  struct ListenerGuard {
    int fd = -1;
    ~ListenerGuard() { if (fd >= 0) close(fd); }
  } listener;
  if (spec.mech == Mech::TcpHosts) spec.fdA = listener.fd = HostsListener(spec);
  // Ready before opening: a FIFO's open and a socket's accept wait for the client.
  char ready = 1;
  while (write(spec.readyFd, &ready, 1) < 0)
    if (errno != EINTR) throw Failure{errno, "write"};
  Endpoint ep;
  Guard guard{&ep};
  Open(spec, &ep);
  auto buf = Buffer(spec.size);
  for (int rep = 0; rep < spec.reps; rep++) {
    for (;;) {
      Receive(&ep, buf.get());
      Send(&ep, buf.get());
      if (GetStop(buf.get())) break;
    }
    if (spec.throughput) {
      for (;;) {
        Receive(&ep, buf.get());
        if (GetStop(buf.get())) break;
      }
      Send(&ep, buf.get());
    }
  }
}

}  // namespace bench
}  // namespace plab
