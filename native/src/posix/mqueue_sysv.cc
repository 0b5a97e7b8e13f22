// System V message queues: msgget, msgsnd, msgrcv, msgctl(IPC_STAT / IPC_RMID).
// Follows: msgget(2), msgop(2) (msgsnd/msgrcv: mtype > 0; msgtyp 0 = first message, > 0 = first
// of that type, < 0 = lowest type <= |msgtyp|; IPC_NOWAIT; MSG_NOERROR truncates, otherwise a
// too long message is E2BIG; MSG_EXCEPT is Linux-only), msgctl(2), sysvipc(7).
// msgsnd/msgrcv are never restarted after a signal handler, SA_RESTART or not (signal(7)): a
// handled signal always makes a blocked call fail with EINTR. Limits (msgmax, msgmnb) are
// reported as the kernel's EINVAL, never worked around.
#include <sys/ipc.h>
#include <sys/msg.h>

#include <climits>
#include <cstring>
#include <vector>

#include "mechanisms.h"
#include "posix/ipc_util.h"

namespace plab {
namespace {

int MsqidArg(const Args& a) { return static_cast<int>(a.integer(0, "msqid", 0, INT_MAX)); }

// struct msgbuf { long mtype; char mtext[]; } laid out in one buffer.
class MsgBuffer {
 public:
  explicit MsgBuffer(size_t textSize) : bytes_(sizeof(long) + textSize) {}
  void* raw() { return bytes_.data(); }
  long type() const { long t; std::memcpy(&t, bytes_.data(), sizeof t); return t; }
  void setType(long t) { std::memcpy(bytes_.data(), &t, sizeof t); }
  uint8_t* text() { return bytes_.data() + sizeof(long); }
 private:
  std::vector<uint8_t> bytes_;
};

Napi::Value MsgGet(const Napi::CallbackInfo& info) {
  Args a(info, "msgGet(key: number, options?: { create?: boolean, exclusive?: boolean, mode?: number }) -> msqid");
  key_t key = KeyArg(a, 0);
  int flags = SysvGetFlags(a, OptionsAt(a, 1));
  int id = msgget(key, flags);
  if (id == -1) ThrowErrno(a.env(), errno, "msgget", {{"key", KeyToJs(key)}});
  return Napi::Number::New(info.Env(), id);
}

Napi::Value MsgSend(const Napi::CallbackInfo& info) {
  Args a(info, "msgSend(msqid: number, type: number, data: Uint8Array, options?: { nonBlocking?: boolean })");
  int msqid = MsqidArg(a);
  long type = static_cast<long>(a.integer(1, "type", 1, kMaxSafeInteger));
  Napi::Uint8Array data = a.bytes(2, "data");
  bool nonBlocking = OptBool(a, OptionsAt(a, 3), "nonBlocking", false);
  if (data.ByteLength() > static_cast<size_t>(kMaxTransfer))
    a.rangeError("data", "is larger than " + std::to_string(kMaxTransfer) + " bytes");
  MsgBuffer buf(data.ByteLength());
  buf.setType(type);
  if (data.ByteLength() > 0) std::memcpy(buf.text(), data.Data(), data.ByteLength());
  // Blocks while the queue holds msg_qbytes bytes already (EAGAIN with IPC_NOWAIT).
  if (msgsnd(msqid, buf.raw(), data.ByteLength(), nonBlocking ? IPC_NOWAIT : 0) == -1)
    ThrowErrno(a.env(), errno, "msgsnd", {{"msqid", msqid}, {"type", static_cast<double>(type)}});
  return info.Env().Undefined();
}

Napi::Value MsgReceive(const Napi::CallbackInfo& info) {
  Args a(info, "msgReceive(msqid: number, options?: { type?: number, maxSize?: number, nonBlocking?: boolean, noError?: boolean, except?: boolean }) -> { type, data }");
  int msqid = MsqidArg(a);
  Napi::Object opts = OptionsAt(a, 1);
  long msgtyp = static_cast<long>(OptInt(a, opts, "type", -kMaxSafeInteger, kMaxSafeInteger, 0));
  int64_t maxSize = OptInt(a, opts, "maxSize", 0, kMaxTransfer, 8192);
  int flags = 0;
  if (OptBool(a, opts, "nonBlocking", false)) flags |= IPC_NOWAIT;  // ENOMSG when nothing matches
  if (OptBool(a, opts, "noError", false)) flags |= MSG_NOERROR;
  if (OptBool(a, opts, "except", false)) {
#if defined(MSG_EXCEPT)
    flags |= MSG_EXCEPT;
#else
    ThrowErrno(a.env(), EINVAL, "msgrcv", {{"msqid", msqid}});  // MSG_EXCEPT is Linux-only
#endif
  }
  MsgBuffer buf(static_cast<size_t>(maxSize));
  ssize_t n = msgrcv(msqid, buf.raw(), static_cast<size_t>(maxSize), msgtyp, flags);
  if (n == -1) ThrowErrno(a.env(), errno, "msgrcv", {{"msqid", msqid}, {"type", static_cast<double>(msgtyp)}});
  Napi::Object r = Napi::Object::New(info.Env());
  r.Set("type", static_cast<double>(buf.type()));
  r.Set("data", CopyToJs(info.Env(), buf.text(), static_cast<size_t>(n)));
  return r;
}

Napi::Value MsgStat(const Napi::CallbackInfo& info) {
  Args a(info, "msgStat(msqid: number)");
  int msqid = MsqidArg(a);
  struct msqid_ds ds {};
  if (msgctl(msqid, IPC_STAT, &ds) == -1) ThrowErrno(a.env(), errno, "msgctl", {{"msqid", msqid}});
  Napi::Object r = Napi::Object::New(info.Env());
  r.Set("key", KeyToJs(PermKey(ds.msg_perm)));
  r.Set("msqid", msqid);
  r.Set("qnum", static_cast<double>(ds.msg_qnum));
#if defined(__linux__)
  r.Set("cbytes", static_cast<double>(ds.__msg_cbytes));  // glibc's name for msg_cbytes
#else
  r.Set("cbytes", static_cast<double>(ds.msg_cbytes));
#endif
  r.Set("qbytes", static_cast<double>(ds.msg_qbytes));
  r.Set("lspid", static_cast<double>(ds.msg_lspid));
  r.Set("lrpid", static_cast<double>(ds.msg_lrpid));
  r.Set("stime", static_cast<double>(ds.msg_stime));
  r.Set("rtime", static_cast<double>(ds.msg_rtime));
  r.Set("ctime", static_cast<double>(ds.msg_ctime));
  r.Set("mode", static_cast<double>(ds.msg_perm.mode & 0777));
  r.Set("uid", static_cast<double>(ds.msg_perm.uid));
  r.Set("gid", static_cast<double>(ds.msg_perm.gid));
  r.Set("cuid", static_cast<double>(ds.msg_perm.cuid));
  r.Set("cgid", static_cast<double>(ds.msg_perm.cgid));
  return r;
}

Napi::Value MsgRemove(const Napi::CallbackInfo& info) {
  Args a(info, "msgRemove(msqid: number)");
  int msqid = MsqidArg(a);
  // Removal is immediate: blocked senders and receivers wake with EIDRM (msgctl(2)).
  if (msgctl(msqid, IPC_RMID, nullptr) == -1) ThrowErrno(a.env(), errno, "msgctl", {{"msqid", msqid}});
  return info.Env().Undefined();
}

}  // namespace

void InitMqSysv(Napi::Env env, Napi::Object exports) {
  exports.Set("msgGet", Napi::Function::New(env, MsgGet, "msgGet"));
  exports.Set("msgSend", Napi::Function::New(env, MsgSend, "msgSend"));
  exports.Set("msgReceive", Napi::Function::New(env, MsgReceive, "msgReceive"));
  exports.Set("msgStat", Napi::Function::New(env, MsgStat, "msgStat"));
  exports.Set("msgRemove", Napi::Function::New(env, MsgRemove, "msgRemove"));
}

}  // namespace plab
