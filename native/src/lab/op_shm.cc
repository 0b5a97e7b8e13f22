// Shared memory: System V (shmget, shmat, shmdt, shmctl) or POSIX (shm_open, ftruncate, mmap,
// munmap, shm_unlink) by the object's flavor, through core/shm_calls.h (the same C the exporter
// copies into its programs); loads, stores and adds straight on the mapping.
// A non-atomic add is a plain load, add and store (two instructions a handler or another
// CPU can come between); an atomic one is __atomic_fetch_add. Any access to a segment this
// process has not attached fails with EFAULT, as the spec says.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sched.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "lab/ops.h"

// The calls themselves, shared with the C exporter (plain C at global scope).
#include "core/shm_calls.h"

namespace plab::lab {

namespace {

uint32_t Width(uint8_t type) {
  switch (type) {
    case T_U8: return 1;
    case T_I64: case T_F64: return 8;
    default: return 4;
  }
}

// The attachment, with [offset, offset + width) inside it; else EFAULT (shm_cell).
int Attached(const Instr& in, uint64_t width, uint8_t** at) {
  ObjState& o = g.obj[in.obj];
  char* cell = shm_cell(static_cast<char*>(o.addr), o.size, in.a, width);
  if (cell == nullptr) return EFAULT;
  *at = reinterpret_cast<uint8_t*>(cell);
  return 0;
}

// A typed load through a volatile pointer: one real load the compiler cannot merge or drop.
int64_t Load(const uint8_t* p, uint8_t type) {
  switch (type) {
    case T_U8: return *reinterpret_cast<const volatile uint8_t*>(p);
    case T_U32: return *reinterpret_cast<const volatile uint32_t*>(p);
    case T_I64: case T_F64: return *reinterpret_cast<const volatile int64_t*>(p);
    default: return *reinterpret_cast<const volatile int32_t*>(p);
  }
}

void Store(uint8_t* p, uint8_t type, int64_t bits) {
  switch (type) {
    case T_U8: *reinterpret_cast<volatile uint8_t*>(p) = static_cast<uint8_t>(bits); break;
    case T_U32: *reinterpret_cast<volatile uint32_t*>(p) = static_cast<uint32_t>(bits); break;
    case T_I64: case T_F64: *reinterpret_cast<volatile int64_t*>(p) = bits; break;
    default: *reinterpret_cast<volatile int32_t*>(p) = static_cast<int32_t>(bits); break;
  }
}

int64_t Truncate(int64_t bits, uint8_t type) {
  switch (type) {
    case T_U8: return static_cast<uint8_t>(bits);
    case T_U32: return static_cast<uint32_t>(bits);
    case T_I32: return static_cast<int32_t>(bits);
    default: return bits;
  }
}

double AsDouble(int64_t bits) {
  double d;
  std::memcpy(&d, &bits, 8);
  return d;
}

int64_t AsBits(double d) {
  int64_t bits;
  std::memcpy(&bits, &d, 8);
  return bits;
}

}  // namespace

int Op_SHM_CREATE(uint32_t, const Instr& in, Result& r) {
  const ObjectRec& rec = g.objects[in.obj];
  if (rec.flavor == FL_POSIX) return shm_create_posix(PoolString(rec.name), rec.size);
  ObjState& o = g.obj[in.obj];
  if (int err = shm_create_sysv(rec.key, rec.size, &o.shmid)) return err;
  if (g.shmids) g.shmids[in.obj].store(o.shmid + 1, std::memory_order_release);
  r.n[0] = o.shmid;
  return 0;
}

int Op_SHM_ATTACH(uint32_t, const Instr& in, Result& r) {
  const ObjectRec& rec = g.objects[in.obj];
  ObjState& o = g.obj[in.obj];
  char* seg = static_cast<char*>(o.addr);
  size_t size = o.size;
  int err;
  if (rec.flavor == FL_POSIX) {
    err = shm_attach_posix(PoolString(rec.name), &seg, &size);
    if (!err) r.n[1] = static_cast<int64_t>(size);
  } else {
    // By id: the creator's shmid, as a C program holds it (the run's table of created shmids).
    const int known = o.shmid >= 0 ? o.shmid : g.shmids ? g.shmids[in.obj].load(std::memory_order_acquire) - 1 : -1;
    err = shm_attach_sysv(rec.key, in.a, (in.flags & F_BY_ID) != 0, known, &o.shmid, &seg, &size, nullptr);
    if (o.shmid >= 0) r.n[0] = o.shmid;
  }
  if (err) return err;
  o.addr = seg;
  o.size = size;
  return 0;
}

int Op_SHM_WRITE(uint32_t, const Instr& in, Result& r) {
  uint8_t* at;
  if (in.flags & F_BYTES) {
    if (int err = Attached(in, in.d, &at)) return err;
    std::memcpy(at, g.pool + in.c, in.d);
    r.n[0] = in.d;
    return 0;
  }
  if (int err = Attached(in, Width(in.type), &at)) return err;
  Store(at, in.type, in.v.i);
  return 0;
}

int Op_SHM_READ(uint32_t, const Instr& in, Result& r) {
  uint8_t* at;
  if (in.flags & F_LENGTH) {
    if (int err = Attached(in, in.b, &at)) return err;
    r.data = at;  // the event carries a bounded prefix, the length and a digest
    r.dataLength = in.b;
    return 0;
  }
  if (int err = Attached(in, Width(in.type), &at)) return err;
  r.n[0] = Load(at, in.type);
  return 0;
}

int Op_SHM_WAIT_UNTIL(uint32_t, const Instr& in, Result& r) {
  uint8_t* at;
  if (int err = Attached(in, Width(in.type), &at)) return err;
  int64_t polls = 0;
  const timespec pause{static_cast<time_t>(in.b / 1000), static_cast<long>(in.b % 1000) * 1'000'000};
  for (;;) {
    const int64_t value = Load(at, in.type);
    polls++;
    if (in.type == T_F64 ? AsDouble(value) == in.v.f : value == in.v.i) {
      r.n[0] = value;
      break;
    }
    // As the C loop: a handler that interrupts nanosleep runs, then the loop goes on.
    if (in.b > 0) nanosleep(&pause, nullptr);
  }
  r.n[1] = polls;
  return 0;
}

int Op_SHM_ADD(uint32_t, const Instr& in, Result& r) {
  uint8_t* at;
  if (int err = Attached(in, Width(in.type), &at)) return err;
  if (in.flags & F_ATOMIC) {
    if (shm_misaligned(reinterpret_cast<char*>(at), Width(in.type))) return EINVAL;
    switch (in.type) {
      case T_U8: r.n[0] = __atomic_fetch_add(at, static_cast<uint8_t>(in.v.i), __ATOMIC_SEQ_CST); break;
      case T_U32: r.n[0] = __atomic_fetch_add(reinterpret_cast<uint32_t*>(at), static_cast<uint32_t>(in.v.i), __ATOMIC_SEQ_CST); break;
      case T_I64: r.n[0] = __atomic_fetch_add(reinterpret_cast<int64_t*>(at), in.v.i, __ATOMIC_SEQ_CST); break;
      case T_F64: {  // no fetch-add on doubles: a compare-and-swap loop does the same atomically
        int64_t* cell = reinterpret_cast<int64_t*>(at);
        int64_t old = __atomic_load_n(cell, __ATOMIC_SEQ_CST);
        while (!__atomic_compare_exchange_n(cell, &old, AsBits(AsDouble(old) + in.v.f), false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
        }
        r.n[0] = old;
        break;
      }
      default: r.n[0] = __atomic_fetch_add(reinterpret_cast<int32_t*>(at), static_cast<int32_t>(in.v.i), __ATOMIC_SEQ_CST); break;
    }
    return 0;
  }
  // t = *p; *p = t + delta: a load, an add and a store, nothing between them.
  const int64_t old = Load(at, in.type);
  if (in.flags & F_YIELD) sched_yield();  // the explicit wider window (shown in the call text)
  const int64_t sum = in.type == T_F64 ? AsBits(AsDouble(old) + in.v.f) : old + in.v.i;
  Store(at, in.type, sum);
  r.n[0] = Truncate(sum, in.type);  // the value stored, as its type holds it
  return 0;
}

int Op_SHM_DETACH(uint32_t, const Instr& in, Result&) {
  ObjState& o = g.obj[in.obj];
  char* seg = static_cast<char*>(o.addr);
  size_t size = o.size;
  const int err = g.objects[in.obj].flavor == FL_POSIX ? shm_detach_posix(&seg, &size) : shm_detach_sysv(&seg, &size);
  if (err) return err;
  o.addr = nullptr;
  o.size = 0;
  return 0;
}

int Op_SHM_DESTROY(uint32_t, const Instr& in, Result& r) {
  const ObjectRec& rec = g.objects[in.obj];
  if (rec.flavor == FL_POSIX) return shm_destroy_posix(PoolString(rec.name));
  ObjState& o = g.obj[in.obj];
  const int err = shm_destroy_sysv(rec.key, &o.shmid);
  if (o.shmid >= 0) r.n[0] = o.shmid;
  if (err) return err;
  struct shmid_ds ds {};
  r.n[1] = shmctl(o.shmid, IPC_STAT, &ds) == 0 ? static_cast<int64_t>(ds.shm_nattch) : 0;  // deferred while attached
  return 0;
}

}  // namespace plab::lab
