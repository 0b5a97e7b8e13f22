// POSIX message queues for the lab process (mq_overview(7)): mq_open with O_CREAT|O_EXCL to
// create (mq_maxmsg = capacity, at least 1; mq_msgsize = maxMessage), plain mq_open on first
// use, mq_send / mq_receive / mq_timedreceive, mq_unlink. A capacity-0 mailbox (rendezvous)
// has no kernel equivalent: a one-slot queue plus an acknowledgement queue, so a blocking send
// returns only once the receiver took the message. O_NONBLOCK is the descriptor's real state,
// changed with mq_setattr when a step asks for the other mode.
#include <fcntl.h>
#include <mqueue.h>
#include <time.h>

#include <cerrno>

#include "lab/ops.h"

namespace plab::lab {

namespace {

int Open(const Instr& in, ObjState** out) {
  const ObjectRec& rec = g.objects[in.obj];
  ObjState& o = g.obj[in.obj];
  if (o.mqd < 0) {
    const mqd_t q = mq_open(PoolString(rec.name), O_RDWR);
    if (q == static_cast<mqd_t>(-1)) return errno;
    o.mqd = q;
    o.mqNonBlock = false;
    if (rec.ackName != 0) {
      const mqd_t ack = mq_open(PoolString(rec.ackName), O_RDWR);
      if (ack == static_cast<mqd_t>(-1)) return errno;
      o.ackMqd = ack;
    }
  }
  const bool nonBlock = !(in.flags & F_BLOCKING);
  if (o.mqNonBlock != nonBlock) {
    mq_attr attr{};
    attr.mq_flags = nonBlock ? O_NONBLOCK : 0;
    if (mq_setattr(o.mqd, &attr, nullptr) != 0) return errno;
    o.mqNonBlock = nonBlock;
  }
  *out = &o;
  return 0;
}

}  // namespace

int PosixMailboxCreate(const Instr& in, Result& r) {
  const ObjectRec& rec = g.objects[in.obj];
  ObjState& o = g.obj[in.obj];
  mq_attr attr{};
  attr.mq_maxmsg = rec.capacity > 0 ? rec.capacity : 1;
  attr.mq_msgsize = rec.maxMessage;
  const mqd_t q = mq_open(PoolString(rec.name), O_CREAT | O_EXCL | O_RDWR, 0600, &attr);
  if (q == static_cast<mqd_t>(-1)) return errno;
  o.mqd = q;
  o.mqNonBlock = false;
  r.n[0] = q;
  if (rec.ackName != 0) {
    mq_attr one{};
    one.mq_maxmsg = 1;
    one.mq_msgsize = 1;
    const mqd_t ack = mq_open(PoolString(rec.ackName), O_CREAT | O_EXCL | O_RDWR, 0600, &one);
    if (ack == static_cast<mqd_t>(-1)) return errno;
    o.ackMqd = ack;
  }
  return 0;
}

int PosixMailboxDestroy(const Instr& in, Result&) {
  const ObjectRec& rec = g.objects[in.obj];
  if (mq_unlink(PoolString(rec.name)) != 0) return errno;
  if (rec.ackName != 0 && mq_unlink(PoolString(rec.ackName)) != 0) return errno;
  return 0;
}

int PosixSend(const Instr& in, Result& r) {
  ObjState* o;
  if (int err = Open(in, &o)) return err;
  if (mq_send(o->mqd, g.pool + in.c, in.d, 0) != 0) return errno;
  r.n[0] = in.d;
  // Rendezvous: a blocking send waits until the receiver took the message.
  if (o->ackMqd >= 0 && (in.flags & F_BLOCKING)) {
    char ack;
    if (mq_receive(o->ackMqd, &ack, 1, nullptr) < 0) return errno;
  }
  return 0;
}

int PosixReceive(const Instr& in, Result& r) {
  ObjState* o;
  if (int err = Open(in, &o)) return err;
  char* buffer = reinterpret_cast<char*>(StepBuffer());
  const size_t size = g.objects[in.obj].maxMessage;
  ssize_t n;
  if ((in.flags & F_TIMEOUT) && (in.flags & F_BLOCKING)) {
    timespec deadline{};
    clock_gettime(CLOCK_REALTIME, &deadline);  // mq_timedreceive takes an absolute CLOCK_REALTIME time
    deadline.tv_sec += in.a / 1000;
    deadline.tv_nsec += static_cast<long>(in.a % 1000) * 1'000'000;
    if (deadline.tv_nsec >= 1'000'000'000) deadline.tv_sec++, deadline.tv_nsec -= 1'000'000'000;
    n = mq_timedreceive(o->mqd, buffer, size, nullptr, &deadline);
  } else {
    n = mq_receive(o->mqd, buffer, size, nullptr);
  }
  if (n < 0) return errno;
  r.data = reinterpret_cast<const uint8_t*>(buffer);
  r.dataLength = static_cast<uint32_t>(n);
  if (o->ackMqd >= 0 && mq_send(o->ackMqd, "", 0, 0) != 0) return errno;  // tell the sender
  return 0;
}

}  // namespace plab::lab
