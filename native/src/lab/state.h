// Everything one lab process holds while its program runs, in fixed arrays (no allocation once
// started): the mapped program, the event ring, the run's PID table, and per object the
// identifiers a C program would keep in its variables (shmid, address, descriptors, mqd,
// msqid, sem_t*), per child its PID, per signal the handler's body.
#pragma once
#include <semaphore.h>
#include <signal.h>
#include <sys/types.h>

#include <atomic>
#include <cstdint>

#include "core/ring.h"
#include "lab/program.h"

namespace plab::lab {

constexpr int kMaxObjects = 128;   // 64 scenario objects + 64 inboxes
constexpr int kMaxProcesses = 64;

struct ObjState {
  void* addr = nullptr;  // shmat / mmap address while attached
  uint64_t size = 0;
  int shmid = -1;        // System V segment id, once learnt (create or attach)
  int fdRead = -1, fdWrite = -1;  // pipe / FIFO ends held
  int mqd = -1, ackMqd = -1;      // POSIX queue (and a rendezvous's acknowledgement queue)
  bool mqNonBlock = false;        // O_NONBLOCK of mqd (mq_setattr), its real state
  int msqid = -1;                 // System V queue
  sem_t* sem = nullptr;           // POSIX named semaphore
  int sock = -1;                  // socket(): the socket this process made (socketpair: sv[0])
  int conn = -1;                  // accept()'s connection (socketpair: sv[1]); send/recv use it first
};

struct HandlerBody {
  uint32_t begin = 0, end = 0;  // instruction range of the body
  uint32_t pc = 0;              // the signal.handle instruction
  bool crash = false;
};

// The run-wide PID table (run dir: pids), one slot per process: written by whoever starts the
// process (the engine for roots, the parent for children) and cleared before the process is
// reaped, so a PID read from it always names the run's own process (live or zombie).
struct PidSlot {
  std::atomic<int32_t> pid;
  int32_t reserved;
};

struct Process {
  const ProgramHeader* header = nullptr;
  const ObjectRec* objects = nullptr;
  const ProcessRec* processes = nullptr;
  const Instr* code = nullptr;
  const char* pool = nullptr;
  ring::Control* ring = nullptr;
  uint8_t* ringData = nullptr;
  PidSlot* pids = nullptr;
  // The run-wide table of System V shmids, by object slot, after the PID table (run dir: pids):
  // shmid + 1 once its creator made it (0: not yet). What a C child would have in a variable set
  // before fork, or receive from its creator: the identifier `shm.attach by id` uses.
  std::atomic<int32_t>* shmids = nullptr;
  const char* runDir = nullptr;
  const char* executable = nullptr;
  ObjState obj[kMaxObjects];
  pid_t children[kMaxProcesses] = {};
  HandlerBody handlers[NSIG];
};

extern Process g;

inline const char* PoolString(uint32_t ref) { return ref == 0 ? nullptr : g.pool + (ref - 1); }
inline const char* ProcessId(int slot) { return PoolString(g.processes[slot].id); }

// The figures a step reports (see kStepEnd in core/ring.h and main/engine/run/ring-events.ts).
struct Result {
  int64_t n[4] = {0, 0, 0, 0};
  uint32_t aux = 0;
  const uint8_t* data = nullptr;  // bytes the call moved (a read, a received message)
  uint32_t dataLength = 0;
};

// What step.begin reports: the identifiers the call uses; aux bit 0: O_NONBLOCK changes first.
struct Ids {
  int64_t n[4] = {-1, -1, -1, -1};
  uint32_t aux = 0;
};

int64_t NowNs();

}  // namespace plab::lab
