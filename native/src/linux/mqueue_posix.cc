// POSIX message queues (Linux only: macOS has none): mq_open, mq_send/mq_timedsend, mq_receive,
// mq_timedreceive, mq_getattr, mq_setattr, mq_close, mq_unlink.
// Follows: mq_open(3), mq_send(3), mq_receive(3) (the buffer must hold mq_msgsize bytes, else
// EMSGSIZE), mq_getattr(3) / mq_setattr(3) (only O_NONBLOCK can change), mq_close(3),
// mq_unlink(3), mq_overview(7) (limits in /proc/sys/fs/mqueue: msg_max, msgsize_max; beyond them
// mq_open fails with EINVAL, reported as is). On Linux an mqd_t is a descriptor, so a closed one
// is EBADF from the kernel. Timeouts are relative milliseconds turned into the CLOCK_REALTIME
// deadline the calls want. With SA_RESTART a handler restarts these calls; without it, EINTR.
#include <fcntl.h>
#include <mqueue.h>

#include <climits>
#include <vector>

#include "mechanisms.h"
#include "posix/ipc_util.h"

namespace plab {
namespace {

mqd_t MqdArg(const Args& a) { return static_cast<mqd_t>(a.integer(0, "mqd", 0, INT_MAX)); }

Napi::Object AttrToJs(Napi::Env env, const mq_attr& at) {
  Napi::Object r = Napi::Object::New(env);
  r.Set("nonBlocking", (at.mq_flags & O_NONBLOCK) != 0);
  r.Set("maxMessages", static_cast<double>(at.mq_maxmsg));
  r.Set("messageSize", static_cast<double>(at.mq_msgsize));
  r.Set("currentMessages", static_cast<double>(at.mq_curmsgs));
  return r;
}

Napi::Value MqOpen(const Napi::CallbackInfo& info) {
  Args a(info, "mqOpen(name: string, options?: { access?: 'read'|'write'|'readwrite', create?: boolean, exclusive?: boolean, mode?: number, maxMessages?: number, messageSize?: number, nonBlocking?: boolean }) -> mqd");
  std::string name = a.string(0, "name", 255);
  Napi::Object opts = OptionsAt(a, 1);
  int flags = O_RDWR;
  Napi::Value access = opts.Get("access");
  if (!access.IsUndefined()) {
    std::string s = access.IsString() ? access.As<Napi::String>().Utf8Value() : "";
    if (s == "read") flags = O_RDONLY;
    else if (s == "write") flags = O_WRONLY;
    else if (s != "readwrite") a.rangeError("options.access", "must be 'read', 'write' or 'readwrite'");
  }
  bool create = OptBool(a, opts, "create", false);
  if (create) flags |= O_CREAT;
  if (OptBool(a, opts, "exclusive", false)) flags |= O_EXCL;
  if (OptBool(a, opts, "nonBlocking", false)) flags |= O_NONBLOCK;
  flags |= O_CLOEXEC;  // a queue reaches a child by name, not by inheritance
  mode_t mode = static_cast<mode_t>(OptInt(a, opts, "mode", 0, 0777, 0600));
  // Sizes are passed to the kernel as given (it says EINVAL past msg_max / msgsize_max); absent,
  // the queue gets the system defaults (attr NULL).
  int64_t maxMsg = OptInt(a, opts, "maxMessages", 0, INT32_MAX, -1);
  int64_t msgSize = OptInt(a, opts, "messageSize", 0, INT32_MAX, -1);
  if ((maxMsg < 0) != (msgSize < 0))
    a.rangeError("options", "must give maxMessages and messageSize together (mq_open(3) takes both)");
  mq_attr attr{};
  attr.mq_maxmsg = maxMsg;
  attr.mq_msgsize = msgSize;
  mqd_t q = mq_open(name.c_str(), flags, mode, (create && maxMsg >= 0) ? &attr : nullptr);
  if (q == static_cast<mqd_t>(-1)) ThrowErrno(a.env(), errno, "mq_open", {{"name", name}});
  return Napi::Number::New(info.Env(), static_cast<double>(q));
}

Napi::Value MqSend(const Napi::CallbackInfo& info) {
  Args a(info, "mqSend(mqd: number, data: Uint8Array, priority?: number, options?: { timeoutMs?: number })");
  mqd_t q = MqdArg(a);
  Napi::Uint8Array data = a.bytes(1, "data");
  unsigned prio = static_cast<unsigned>(a.integerOr(2, "priority", 0, 32767, 0));  // MQ_PRIO_MAX on Linux
  int64_t timeoutMs = OptInt(a, OptionsAt(a, 3), "timeoutMs", 0, INT32_MAX, -1);
  std::vector<char> buf(data.Data(), data.Data() + data.ByteLength());
  int rc;
  const char* call;
  if (timeoutMs >= 0) {
    timespec deadline = RealtimeDeadline(timeoutMs);
    rc = mq_timedsend(q, buf.data(), buf.size(), prio, &deadline);
    call = "mq_timedsend";
  } else {
    rc = mq_send(q, buf.data(), buf.size(), prio);  // blocks while full unless O_NONBLOCK (EAGAIN)
    call = "mq_send";
  }
  if (rc == -1) ThrowErrno(a.env(), errno, call, {{"mqd", static_cast<int>(q)}});
  return info.Env().Undefined();
}

// mq_receive needs a buffer of at least mq_msgsize bytes: ask the queue unless told.
Napi::Value Receive(const Napi::CallbackInfo& info, const Args& a, mqd_t q, int64_t maxSize,
                    int64_t timeoutMs) {
  if (maxSize < 0) {
    mq_attr at{};
    if (mq_getattr(q, &at) == -1) ThrowErrno(a.env(), errno, "mq_getattr", {{"mqd", static_cast<int>(q)}});
    maxSize = at.mq_msgsize;
  }
  std::vector<char> buf(static_cast<size_t>(maxSize));
  unsigned prio = 0;
  ssize_t n;
  const char* call;
  if (timeoutMs >= 0) {
    timespec deadline = RealtimeDeadline(timeoutMs);
    n = mq_timedreceive(q, buf.data(), buf.size(), &prio, &deadline);  // ETIMEDOUT at the deadline
    call = "mq_timedreceive";
  } else {
    n = mq_receive(q, buf.data(), buf.size(), &prio);
    call = "mq_receive";
  }
  if (n == -1) ThrowErrno(a.env(), errno, call, {{"mqd", static_cast<int>(q)}});
  Napi::Object r = Napi::Object::New(info.Env());
  r.Set("data", CopyToJs(info.Env(), buf.data(), static_cast<size_t>(n)));
  r.Set("priority", prio);
  return r;
}

Napi::Value MqReceive(const Napi::CallbackInfo& info) {
  Args a(info, "mqReceive(mqd: number, options?: { maxSize?: number }) -> { data, priority }");
  mqd_t q = MqdArg(a);
  int64_t maxSize = OptInt(a, OptionsAt(a, 1), "maxSize", 0, kMaxTransfer, -1);
  return Receive(info, a, q, maxSize, -1);
}

Napi::Value MqTimedReceive(const Napi::CallbackInfo& info) {
  Args a(info, "mqTimedReceive(mqd: number, timeoutMs: number, options?: { maxSize?: number }) -> { data, priority }");
  mqd_t q = MqdArg(a);
  int64_t timeoutMs = a.integer(1, "timeoutMs", 0, INT32_MAX);
  int64_t maxSize = OptInt(a, OptionsAt(a, 2), "maxSize", 0, kMaxTransfer, -1);
  return Receive(info, a, q, maxSize, timeoutMs);
}

Napi::Value MqGetAttr(const Napi::CallbackInfo& info) {
  Args a(info, "mqGetAttr(mqd: number)");
  mqd_t q = MqdArg(a);
  mq_attr at{};
  if (mq_getattr(q, &at) == -1) ThrowErrno(a.env(), errno, "mq_getattr", {{"mqd", static_cast<int>(q)}});
  return AttrToJs(info.Env(), at);
}

Napi::Value MqSetAttr(const Napi::CallbackInfo& info) {
  Args a(info, "mqSetAttr(mqd: number, attr: { nonBlocking: boolean }) -> previous attributes");
  mqd_t q = MqdArg(a);
  Napi::Object attr = a.object(1, "attr");
  Napi::Value nb = attr.Get("nonBlocking");
  if (!nb.IsBoolean()) ThrowType(a.env(), std::string("attr.nonBlocking must be a boolean; usage: ") + a.usage);
  mq_attr next{}, prev{};
  next.mq_flags = nb.As<Napi::Boolean>().Value() ? O_NONBLOCK : 0;
  if (mq_setattr(q, &next, &prev) == -1) ThrowErrno(a.env(), errno, "mq_setattr", {{"mqd", static_cast<int>(q)}});
  return AttrToJs(info.Env(), prev);
}

Napi::Value MqClose(const Napi::CallbackInfo& info) {
  Args a(info, "mqClose(mqd: number)");
  mqd_t q = MqdArg(a);
  if (mq_close(q) == -1) ThrowErrno(a.env(), errno, "mq_close", {{"mqd", static_cast<int>(q)}});
  return info.Env().Undefined();
}

Napi::Value MqUnlink(const Napi::CallbackInfo& info) {
  Args a(info, "mqUnlink(name: string)");
  std::string name = a.string(0, "name", 255);
  if (mq_unlink(name.c_str()) == -1) ThrowErrno(a.env(), errno, "mq_unlink", {{"name", name}});
  return info.Env().Undefined();
}

}  // namespace

void InitMqPosix(Napi::Env env, Napi::Object exports) {
  exports.Set("mqOpen", Napi::Function::New(env, MqOpen, "mqOpen"));
  exports.Set("mqSend", Napi::Function::New(env, MqSend, "mqSend"));
  exports.Set("mqReceive", Napi::Function::New(env, MqReceive, "mqReceive"));
  exports.Set("mqTimedReceive", Napi::Function::New(env, MqTimedReceive, "mqTimedReceive"));
  exports.Set("mqGetAttr", Napi::Function::New(env, MqGetAttr, "mqGetAttr"));
  exports.Set("mqSetAttr", Napi::Function::New(env, MqSetAttr, "mqSetAttr"));
  exports.Set("mqClose", Napi::Function::New(env, MqClose, "mqClose"));
  exports.Set("mqUnlink", Napi::Function::New(env, MqUnlink, "mqUnlink"));
}

}  // namespace plab
