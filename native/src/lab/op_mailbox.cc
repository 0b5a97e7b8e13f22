// Message passing. System V queues (msgget, msgsnd, msgrcv, msgctl) for mailboxes of flavor
// sysv and for every process's inbox (direct naming: a message's type is its sender's slot + 1,
// so msgrcv's type selection is "only from that sender"); POSIX queues (mq_*) in
// linux/lab_mqueue.cc. send/receive open a queue on first use without creating it (ENOENT
// until a process created it). msgsnd/msgrcv are never restarted by SA_RESTART (signal(7)).
#include <sys/ipc.h>
#include <sys/msg.h>

#include <cerrno>
#include <cstring>

#include "lab/ops.h"

namespace plab::lab {

namespace {

constexpr uint32_t kInboxMessageBytes = 8192;
// The message buffer is the step buffer: the kernel, not the lab, says what is too long
// (msgsnd: EINVAL above kernel.msgmax).
constexpr uint32_t kMessageBytes = kStepBufferBytes - sizeof(long);

int Queue(int slot, int* msqid) {
  ObjState& o = g.obj[slot];
  if (o.msqid < 0) {
    const int id = msgget(g.objects[slot].key, 0);
    if (id < 0) return errno;
    o.msqid = id;
  }
  *msqid = o.msqid;
  return 0;
}

struct MessageBuffer {
  long mtype;
  char mtext[kMessageBytes];
};

}  // namespace

int Op_MAILBOX_CREATE(uint32_t, const Instr& in, Result& r) {
  const ObjectRec& rec = g.objects[in.obj];
  if (rec.flavor == FL_POSIX) return PosixMailboxCreate(in, r);
  const int msqid = msgget(rec.key, IPC_CREAT | IPC_EXCL | 0600);
  if (msqid < 0) return errno;
  g.obj[in.obj].msqid = msqid;
  r.n[0] = msqid;
  if (rec.flags & OBJ_F_QBYTES) {  // capacity in the kernel's terms (msgctl(2) IPC_SET)
    struct msqid_ds ds {};
    if (msgctl(msqid, IPC_STAT, &ds) != 0) return errno;
    ds.msg_qbytes = rec.qbytes;
    if (msgctl(msqid, IPC_SET, &ds) != 0) return errno;  // EPERM above msgmnb, unprivileged
  }
  return 0;
}

int Op_MAILBOX_DESTROY(uint32_t, const Instr& in, Result& r) {
  if (g.objects[in.obj].flavor == FL_POSIX) return PosixMailboxDestroy(in, r);
  int msqid;
  if (int err = Queue(in.obj, &msqid)) return err;
  r.n[0] = msqid;
  return msgctl(msqid, IPC_RMID, nullptr) == 0 ? 0 : errno;
}

int Op_SEND(uint32_t, const Instr& in, Result& r) {
  if (!(in.flags & F_DIRECT) && g.objects[in.obj].flavor == FL_POSIX) return PosixSend(in, r);
  int msqid;
  if (int err = Queue(in.obj, &msqid)) return err;
  MessageBuffer* message = reinterpret_cast<MessageBuffer*>(StepBuffer());
  const uint32_t length = in.d < kMessageBytes ? in.d : kMessageBytes;  // data is at most 64 KiB
  message->mtype = static_cast<long>(g.header->self) + 1;
  std::memcpy(message->mtext, g.pool + in.c, length);
  if (msgsnd(msqid, message, length, (in.flags & F_BLOCKING) ? 0 : IPC_NOWAIT) != 0) return errno;
  r.n[0] = length;
  return 0;
}

int Op_RECEIVE(uint32_t, const Instr& in, Result& r) {
  const ObjectRec& rec = g.objects[in.obj];
  if (!(in.flags & F_DIRECT) && rec.flavor == FL_POSIX) return PosixReceive(in, r);
  int msqid;
  if (int err = Queue(in.obj, &msqid)) return err;
  MessageBuffer* message = reinterpret_cast<MessageBuffer*>(StepBuffer());
  const size_t max = (in.flags & F_DIRECT) || rec.maxMessage == 0 ? kInboxMessageBytes : rec.maxMessage < kMessageBytes ? rec.maxMessage : kMessageBytes;
  const long msgtyp = static_cast<long>(in.sig);  // direct: sender slot + 1; 0: the first message
  const ssize_t n = msgrcv(msqid, message, max, msgtyp, (in.flags & F_BLOCKING) ? 0 : IPC_NOWAIT);
  if (n < 0) return errno;  // ENOMSG on an empty queue with IPC_NOWAIT
  r.data = reinterpret_cast<const uint8_t*>(message->mtext);
  r.dataLength = static_cast<uint32_t>(n);
  r.n[1] = message->mtype;
  return 0;
}

}  // namespace plab::lab
