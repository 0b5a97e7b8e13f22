// The lab process's program format: the one definition of what the engine's compiler
// (main/engine/compile/) writes and the lab process executes. Modelled on Lua's lopcodes.h: a
// fixed-size instruction record, one opcode list, one dispatch loop (lab/vm.cc).
//
// A program file (run dir: prog/<process id>) is little-endian and laid out as:
//   ProgramHeader | ObjectRec[objectCount] | ProcessRec[processCount] | Instr[instrCount] | pool
// The pool holds NUL-terminated strings and raw data, addressed by byte offset from its start.
// Object names are resolved by the engine: an instruction names an object by its slot in the
// object table (scenario objects first, then one inbox per process, in scenario order), a
// process by its slot in the process table. Nothing is parsed on the step path: the file is
// mapped read-only and instructions are read in place.
//
// Control flow. `repeat` and `signal.handle` own a body: the `b` instructions that follow them.
// A repeat runs its body `a` times; a handler's body runs inside the real C signal handler.
//
// Adding an op: append an opcode to PLAB_OPS below (never renumber), describe its operands in
// the comment, implement it in the lab/op_*.cc file of its mechanism and add it to the switch
// in lab/vm.cc, then teach main/engine/compile/ to emit it (test/native/lab/opcodes.test.ts
// checks that both sides agree on every opcode's number).
#pragma once
#include <cstdint>

namespace plab::lab {

constexpr uint32_t kProgramMagic = 0x50414c50;  // "PLAP"
constexpr uint32_t kProgramVersion = 1;

// X-macro: opcode, operands. `obj` is an object slot unless stated otherwise.
#define PLAB_OPS(X)                                                                              \
  X(SHM_CREATE, "shm.create")          /* obj */                                                 \
  X(SHM_ATTACH, "shm.attach")          /* obj, F_BY_ID (shmat on the creator's shmid) | a=shmget size (0: none) */ \
  X(SHM_WRITE, "shm.write")            /* obj, a=offset, type, v=value | c=pool data, d=len */    \
  X(SHM_READ, "shm.read")              /* obj, a=offset, type | b=length (F_LENGTH) */            \
  X(SHM_WAIT_UNTIL, "shm.waitUntil")   /* obj, a=offset, type, v=equals, b=pollMs */              \
  X(SHM_ADD, "shm.add")                /* obj, a=offset, type, v=delta, F_ATOMIC, F_YIELD */               \
  X(SHM_DETACH, "shm.detach")          /* obj */                                                 \
  X(SHM_DESTROY, "shm.destroy")        /* obj */                                                 \
  X(PIPE_CREATE, "pipe.create")        /* obj */                                                 \
  X(FIFO_CREATE, "fifo.create")        /* obj */                                                 \
  X(FIFO_OPEN, "fifo.open")            /* obj, F_WRITE_END, F_BLOCKING */                         \
  X(WRITE, "write")                    /* obj, c=pool data, d=len, F_BLOCKING */                  \
  X(READ, "read")                      /* obj, a=max, F_BLOCKING */                               \
  X(CLOSE, "close")                    /* obj, F_WRITE_END */                                     \
  X(MAILBOX_CREATE, "mailbox.create")  /* obj */                                                 \
  X(MAILBOX_DESTROY, "mailbox.destroy") /* obj */                                                \
  X(SEND, "send")                      /* obj (mailbox, or the target's inbox with F_DIRECT), c/d data, F_BLOCKING */ \
  X(RECEIVE, "receive")                /* obj (mailbox, or own inbox with F_DIRECT), sig=sender process slot+1 (0 any), a=timeoutMs (F_TIMEOUT), F_BLOCKING */ \
  X(SIGNAL_HANDLE, "signal.handle")    /* sig, a=action (0 default, 1 ignore, 2 handler), b=body length, F_RESTART, F_NODEFER */ \
  X(SIGNAL_SEND, "signal.send")        /* obj=process slot, sig; F_QUEUE: v=sigqueue value; F_GROUP: its process group */ \
  X(SIGNAL_RAISE, "signal.raise")      /* sig */                                                 \
  X(SIGNAL_PAUSE, "signal.pause")      /* */                                                     \
  X(SIGNAL_MASK, "signal.mask")        /* v=block set, w=unblock set (bit n-1 = signal n) */      \
  X(SEM_CREATE, "sem.create")          /* obj */                                                 \
  X(SEM_WAIT, "sem.wait")              /* obj, F_BLOCKING */                                      \
  X(SEM_POST, "sem.post")              /* obj */                                                 \
  X(SEM_DESTROY, "sem.destroy")        /* obj */                                                 \
  X(SPAWN, "spawn")                    /* obj=process slot */                                    \
  X(WAIT, "wait")                      /* obj=process slot, or 0xffff: any child */              \
  X(SLEEP, "sleep")                    /* a=ms */                                                \
  X(COMPUTE, "compute")                /* a=ms */                                                \
  X(LOG, "log")                        /* c=pool text (newline included), d=len */                \
  X(EXIT, "exit")                      /* a=code */                                              \
  X(REPEAT, "repeat")                  /* a=times, b=body length */                              \
  X(FAULT, "fault")                    /* a=0 segv, 1 fpe */                                     \
  X(FIFO_UNLINK, "fifo.unlink")        /* obj */                                                 \
  X(SOCKET_CREATE, "socket.create")    /* obj */                                                 \
  X(SOCKET_PAIR, "socket.pair")        /* obj: sv[0] is the socket, sv[1] the connection */      \
  X(SOCKET_BIND, "socket.bind")        /* obj */                                                 \
  X(SOCKET_LISTEN, "socket.listen")    /* obj, a=backlog */                                      \
  X(SOCKET_ACCEPT, "socket.accept")    /* obj, F_BLOCKING */                                      \
  X(SOCKET_CONNECT, "socket.connect")  /* obj, F_BLOCKING */                                      \
  X(SOCKET_SEND, "socket.send")        /* obj, c/d data, a=destination slot+1 (0: obj), F_BLOCKING */ \
  X(SOCKET_RECV, "socket.recv")        /* obj, a=max, F_BLOCKING */                               \
  X(SOCKET_SHUTDOWN, "socket.shutdown") /* obj, a=how (SHUT_RD, SHUT_WR, SHUT_RDWR) */           \
  X(SOCKET_CLOSE, "socket.close")      /* obj, a=0 connection else socket, 1 socket, 2 connection */

enum Op : uint8_t {
#define PLAB_OP_ENUM(name, text) OP_##name,
  PLAB_OPS(PLAB_OP_ENUM)
#undef PLAB_OP_ENUM
      OP_COUNT
};

// Instruction flags.
enum : uint16_t {
  F_BLOCKING = 1 << 0,  // the call may wait (else O_NONBLOCK / IPC_NOWAIT / trywait)
  F_CONTINUE = 1 << 1,  // onError: continue (else the process exits with status 1)
  F_ATOMIC = 1 << 2,    // shm.add: __atomic_fetch_add (else a plain load, add and store)
  F_LENGTH = 1 << 3,    // shm.read: bytes (b = length) instead of a typed load
  F_WRITE_END = 1 << 4, // fifo.open / close: the write end (else the read end)
  F_RESTART = 1 << 5,   // signal.handle: SA_RESTART
  F_NODEFER = 1 << 6,   // signal.handle: SA_NODEFER
  F_DIRECT = 1 << 7,    // send / receive: a process's inbox (direct naming)
  F_TIMEOUT = 1 << 8,   // receive: a = timeout in ms
  F_BYTES = 1 << 9,     // shm.write: c/d are bytes (else v is a number)
  F_CRASH = 1 << 10,    // signal.handle on SIGSEGV/SIGFPE/SIGBUS/SIGILL: body is log+exit only
  F_YIELD = 1 << 11,    // shm.add, not atomic: sched_yield() between the load and the store
  F_BY_ID = 1 << 12,    // shm.attach: shmat on the shmid (else shmget by key first)
  F_QUEUE = 1 << 13,    // signal.send: sigqueue with the value v (si_code SI_QUEUE)
  F_GROUP = 1 << 14,    // signal.send: kill(-pgid) to the process group of obj
};

// Value types of shared-memory access (scenario `type`).
enum ValueType : uint8_t { T_I32 = 0, T_U8 = 1, T_U32 = 2, T_I64 = 3, T_F64 = 4 };

union Value {
  int64_t i;
  uint64_t u;
  double f;
};

struct Instr {
  uint8_t op;      // Op
  uint8_t type;    // ValueType
  uint16_t flags;  // F_*
  uint16_t obj;    // object or process slot
  uint16_t sig;    // signal number (or receive's sender slot + 1)
  uint32_t a, b, c, d;
  Value v, w;
};
static_assert(sizeof(Instr) == 40, "Instr is part of the file format");

enum ObjectKind : uint8_t { K_SHM = 0, K_PIPE = 1, K_FIFO = 2, K_MAILBOX = 3, K_SEMAPHORE = 4, K_SOCKET = 5 };
enum Flavor : uint8_t { FL_SYSV = 0, FL_POSIX = 1 };

// A socket's record: flavor is its domain (0 AF_UNIX, 1 AF_INET), OBJ_F_DGRAM its type (else
// SOCK_STREAM), `name` its Unix path, `key` its IPv4 address (host byte order), `capacity` its port.
struct ObjectRec {
  uint8_t kind;     // ObjectKind
  uint8_t flavor;   // Flavor (shm, mailbox); a socket's domain
  uint16_t flags;   // OBJ_F_*
  int32_t key;      // System V key; a socket's IPv4 address
  uint32_t name;    // pool offset + 1 of the POSIX name, FIFO or socket path (0: none)
  uint32_t ackName; // pool offset + 1 of a rendezvous mailbox's acknowledgement queue (0: none)
  uint64_t size;    // shm size in bytes
  uint32_t capacity;   // pipe/FIFO bytes (0: kernel default); mailbox messages
  uint32_t maxMessage; // mailbox message bytes
  uint32_t initial;    // semaphore value
  uint32_t qbytes;     // System V mailbox: msg_qbytes to set at creation (OBJ_F_QBYTES)
};
static_assert(sizeof(ObjectRec) == 40, "ObjectRec is part of the file format");

// Object flags.
enum : uint16_t {
  OBJ_F_QBYTES = 1 << 0,  // mailbox.create sets msg_qbytes = qbytes (msgctl IPC_SET)
  OBJ_F_DGRAM = 1 << 1,   // a socket of type SOCK_DGRAM (else SOCK_STREAM)
};

struct ProcessRec {
  uint32_t id;      // pool offset + 1 of the process id (its name in ps and /proc/PID/comm)
  int32_t parent;   // process slot of its parent, -1 for a root process
};

struct ProgramHeader {
  uint32_t magic, version;
  uint32_t self;          // this process's slot
  uint32_t objectCount;   // inboxes included
  uint32_t processCount;
  uint32_t instrCount;    // top-level program: [0, mainLength); handler and repeat bodies inside
  uint32_t mainLength;
  uint32_t poolBytes;
};
static_assert(sizeof(ProgramHeader) == 32, "ProgramHeader is part of the file format");

}  // namespace plab::lab
