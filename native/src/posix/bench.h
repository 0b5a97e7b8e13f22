// Benchmark loops shared by the bench_*.cc files: the mechanisms, the objects the engine
// prepares for a pair of processes, and one side's open endpoint. The loop structure mirrors
// test/bench/ipc-bench.c line for line, so the two figures are comparable.
#pragma once
#include <mqueue.h>
#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace plab {
namespace bench {

enum class Mech { ShmSysv, ShmPosix, ShmSpin, Pipe, Fifo, MqPosix, MsgSysv, Unix, Tcp, TcpHosts, Signal, Count };

// tcp-hosts: the echo listens on this port of host A (a fresh network namespace: it is free).
constexpr int kHostsPort = 7070;

const char* MechName(Mech mech);
bool MechFromName(const std::string& name, Mech* out);
bool IsShm(Mech mech);

// What the engine creates before it starts the two processes, and removes after they exit.
struct Prepared {
  Mech mech = Mech::Pipe;
  size_t size = 0;
  int fds[4] = {-1, -1, -1, -1};  // pipe: req read, req write, resp read, resp write; socket: listener
  std::string names[2];           // FIFO paths, POSIX names, the Unix socket's path
  int id = -1;                    // shmid, msqid
  int port = 0;                   // TCP
  size_t slots = 0;               // shared-memory ring slots
};

// One side's view of the prepared objects, after it opened them.
struct Spec {
  Mech mech = Mech::Pipe;
  size_t size = 0;
  bool client = false;
  int cpu = -1;             // sched_setaffinity target; -1: leave the mask alone
  int reps = 1;
  int warmup = 10;
  int64_t budgetNs = 0;     // per phase and repetition
  int maxSamples = 100000;
  int readyFd = -1;         // the echo writes one byte once it can receive (signal handler set)
  int fdA = -1, fdB = -1;   // pipe: tx, rx; socket (echo): listener
  std::string nameA, nameB;  // tx, rx names (FIFO, mq); shm name; socket path; tcp-hosts: host A's IPv4 address
  int id = -1;
  int port = 0;
  size_t slots = 0;
  pid_t peer = 0;           // signal: the echo's pid, for the client
  bool throughput = true;
};

struct Ring;  // bench_shm.cc

struct Endpoint {
  Mech mech = Mech::Pipe;
  size_t size = 0;
  int txFd = -1, rxFd = -1;
  mqd_t txMq = (mqd_t)-1, rxMq = (mqd_t)-1;
  int msqid = -1;
  long txType = 0, rxType = 0;
  char* msg = nullptr;  // System V: { long mtype; char mtext[size] }
  void* map = nullptr;
  size_t mapBytes = 0;
  Ring* tx = nullptr;
  Ring* rx = nullptr;
  size_t slotCount = 0;
  bool spin = false;
  pid_t peer = 0;
};

// A failed call: errno and the call's name; the N-API layer turns it into an ErrnoError.
struct Failure {
  int err;
  const char* syscall;
};

size_t ShmBytes(size_t size, size_t slots);
size_t ShmSlots(size_t size);
void ShmLayout(Endpoint* ep, bool client, size_t slots);       // bench_shm.cc
void ShmSend(Endpoint* ep, const char* buf);
void ShmReceive(Endpoint* ep, char* buf);

void Prepare(Prepared* p, const std::string& dir);  // bench_objects.cc; throws Failure
void Release(Prepared* p);                          // never throws; best effort
int HostsListener(const Spec& spec);                // tcp-hosts echo: socket+bind+listen on nameA:port; throws Failure
void Open(const Spec& spec, Endpoint* ep);          // throws Failure
void Close(Endpoint* ep);
void PrepareSignals();                              // SIGUSR1/2 handled, blocked until sigsuspend
void Send(Endpoint* ep, char* buf);                 // exactly ep->size bytes (signals: none)
void Receive(Endpoint* ep, char* buf);

struct LatencyStats {
  int64_t count, minNs, p50Ns, p99Ns, meanNs;
};
struct ThroughputStats {
  int64_t messages, bytes, ns;
};
struct RepResult {
  LatencyStats latency;
  ThroughputStats throughput;
};
std::vector<RepResult> RunClient(const Spec& spec);  // bench_loops.cc; throws Failure
void RunEcho(const Spec& spec);

}  // namespace bench
}  // namespace plab
