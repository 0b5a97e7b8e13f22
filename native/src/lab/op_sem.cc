// POSIX named semaphores (sem_overview(7)): sem_open(O_CREAT|O_EXCL) to create, plain sem_open
// on first use (ENOENT until created), sem_wait / sem_trywait (EAGAIN), sem_post, sem_unlink.
// sem_wait is restarted under SA_RESTART by the kernel (futex), else fails with EINTR.
#include <fcntl.h>
#include <semaphore.h>

#include <cerrno>

#include "lab/ops.h"

namespace plab::lab {

namespace {

int Open(const Instr& in, sem_t** out) {
  ObjState& o = g.obj[in.obj];
  if (o.sem == nullptr) {
    sem_t* s = sem_open(PoolString(g.objects[in.obj].name), 0);
    if (s == SEM_FAILED) return errno;
    o.sem = s;
  }
  *out = o.sem;
  return 0;
}

}  // namespace

int Op_SEM_CREATE(uint32_t, const Instr& in, Result& r) {
  const ObjectRec& rec = g.objects[in.obj];
  sem_t* s = sem_open(PoolString(rec.name), O_CREAT | O_EXCL, 0600, rec.initial);
  if (s == SEM_FAILED) return errno;
  g.obj[in.obj].sem = s;
  r.n[0] = rec.initial;
  return 0;
}

int Op_SEM_WAIT(uint32_t, const Instr& in, Result&) {
  sem_t* s = nullptr;
  if (int err = Open(in, &s)) return err;
  const int rc = (in.flags & F_BLOCKING) ? sem_wait(s) : sem_trywait(s);
  return rc == 0 ? 0 : errno;
}

int Op_SEM_POST(uint32_t, const Instr& in, Result&) {
  sem_t* s = nullptr;
  if (int err = Open(in, &s)) return err;
  return sem_post(s) == 0 ? 0 : errno;
}

int Op_SEM_DESTROY(uint32_t, const Instr& in, Result&) {
  return sem_unlink(PoolString(g.objects[in.obj].name)) == 0 ? 0 : errno;
}

}  // namespace plab::lab
