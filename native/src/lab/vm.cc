// The dispatch loop: one instruction after another, each a step with its gate, its step.begin
// and step.end events and one real call (lab/op_*.cc). Nothing here allocates or parses: the
// program is mapped, state lives in fixed arrays, results in a Result on the stack. The loop
// is reentrant (all its state is on the stack), so a signal handler's body runs through it too,
// inside the real C handler, between any two instructions of the interrupted flow.
#include <errno.h>
#include <time.h>
#include <unistd.h>

#include "lab/events.h"
#include "lab/fd_flags.h"
#include "lab/ops.h"

namespace plab::lab {

int64_t NowNs() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);  // vDSO: no system call
  return static_cast<int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

pid_t PidOf(int slot) {
  if (slot < 0 || slot >= static_cast<int>(g.header->processCount)) return 0;
  if (g.children[slot] > 0) return g.children[slot];
  return g.pids[slot].pid.load(std::memory_order_acquire);
}

void BeginIds(const Instr& in, Ids& ids) {
  switch (in.op) {
    case OP_SHM_CREATE: case OP_SHM_ATTACH: case OP_SHM_WRITE: case OP_SHM_READ:
    case OP_SHM_WAIT_UNTIL: case OP_SHM_ADD: case OP_SHM_DETACH: case OP_SHM_DESTROY:
      ids.n[0] = g.obj[in.obj].shmid;
      if (in.op == OP_SHM_ATTACH && (in.flags & F_BY_ID) && ids.n[0] < 0 && g.shmids)
        ids.n[0] = g.shmids[in.obj].load(std::memory_order_acquire) - 1;  // the shmid shmat will use
      break;
    case OP_READ:
      ids.n[1] = g.obj[in.obj].fdRead;
      ids.n[2] = g.obj[in.obj].fdWrite;
      ids.aux = NonBlockChange(g.obj[in.obj].fdRead, in.flags & F_BLOCKING);
      break;
    case OP_WRITE:
      ids.n[1] = g.obj[in.obj].fdRead;
      ids.n[2] = g.obj[in.obj].fdWrite;
      ids.aux = NonBlockChange(g.obj[in.obj].fdWrite, in.flags & F_BLOCKING);
      break;
    case OP_CLOSE: case OP_PIPE_CREATE: case OP_FIFO_OPEN:
      ids.n[1] = g.obj[in.obj].fdRead;
      ids.n[2] = g.obj[in.obj].fdWrite;
      break;
    case OP_MAILBOX_CREATE: case OP_MAILBOX_DESTROY: case OP_SEND: case OP_RECEIVE:
      ids.n[0] = g.obj[in.obj].msqid;
      ids.n[1] = g.obj[in.obj].mqd;
      if ((in.op == OP_SEND || in.op == OP_RECEIVE) && !(in.flags & F_DIRECT) && g.objects[in.obj].flavor == FL_POSIX)
        ids.aux = g.obj[in.obj].mqNonBlock == static_cast<bool>(in.flags & F_BLOCKING) ? 1u : 0u;  // mq_setattr first
      break;
    case OP_SIGNAL_SEND:
      ids.n[3] = PidOf(in.obj);
      break;
    case OP_SOCKET_CREATE: case OP_SOCKET_PAIR: case OP_SOCKET_BIND: case OP_SOCKET_LISTEN:
    case OP_SOCKET_SHUTDOWN: case OP_SOCKET_CLOSE:
      ids.n[1] = g.obj[in.obj].sock;
      ids.n[2] = g.obj[in.obj].conn;
      break;
    case OP_SOCKET_ACCEPT: case OP_SOCKET_CONNECT:
      ids.n[1] = g.obj[in.obj].sock;
      ids.n[2] = g.obj[in.obj].conn;
      ids.aux = NonBlockChange(g.obj[in.obj].sock, in.flags & F_BLOCKING);
      break;
    case OP_SOCKET_SEND: case OP_SOCKET_RECV: {
      const ObjState& o = g.obj[in.obj];
      ids.n[1] = o.sock;
      ids.n[2] = o.conn;
      ids.aux = NonBlockChange(o.conn >= 0 ? o.conn : o.sock, in.flags & F_BLOCKING);
      break;
    }
    case OP_WAIT:
      ids.n[3] = in.obj < kMaxProcesses ? g.children[in.obj] : -1;
      break;
    default:
      break;
  }
}

namespace {

// A step that can neither block nor wait nor take long: a load, a store, an add (its optional
// sched_yield included), a compute of 0 ms. Its step.begin and step.end go into the ring as one
// record (lab/events.h), half the ring traffic of the steps a tight loop is made of.
bool QuickStep(const Instr& in) {
  switch (in.op) {
    case OP_SHM_READ: case OP_SHM_WRITE: case OP_SHM_ADD: return true;
    case OP_COMPUTE: return in.a == 0;
    default: return false;
  }
}

void Step(uint32_t pc) {
  const Instr& in = g.code[pc];
  Gate(pc);
  Ids ids;
  BeginIds(in, ids);
  // Two clock reads a step: when the call began (step.begin's t) and when it ended.
  const int64_t begin = NowNs();
  if (QuickStep(in)) KeepStepBegin(pc, ids, begin);
  else EmitStepBegin(pc, ids, begin);
  Result r;
  int err = 0;
  switch (in.op) {
#define PLAB_OP_CASE(name, text) \
  case OP_##name:                \
    err = Op_##name(pc, in, r);  \
    break;
    PLAB_OPS(PLAB_OP_CASE)
#undef PLAB_OP_CASE
    default:
      err = ENOSYS;
  }
  EmitStepEnd(pc, err, begin, NowNs(), r);
  if (err != 0 && !(in.flags & F_CONTINUE)) _exit(1);  // onError: fail
}

}  // namespace

void RunBlock(uint32_t begin, uint32_t end) {
  for (uint32_t pc = begin; pc < end;) {
    Step(pc);
    const uint8_t op = g.code[pc].op;
    pc += (op == OP_REPEAT || op == OP_SIGNAL_HANDLE) ? 1 + g.code[pc].b : 1;
  }
}

int Op_REPEAT(uint32_t pc, const Instr& in, Result& r) {
  for (uint32_t i = 0; i < in.a; i++) RunBlock(pc + 1, pc + 1 + in.b);
  r.n[0] = in.a;
  return 0;
}

}  // namespace plab::lab
