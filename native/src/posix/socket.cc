// Sockets for JavaScript (the engine's tests, inspection): thin wrappers over socket_core.h, which
// the lab process shares. Follows socket(2), socketpair(2), bind(2), listen(2), accept(2),
// connect(2), send(2), recv(2), shutdown(2), unix(7), ip(7), tcp(7), udp(7). A failed call throws
// its errno name (ECONNREFUSED, EADDRINUSE, EPIPE, ECONNRESET, EAGAIN, EINTR) with the syscall
// and the descriptor. Blocking calls block this thread, as in C. Descriptors are closed with
// fdClose (posix/pipe.cc).
#include <arpa/inet.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "common/args.h"
#include "mechanisms.h"
#include "posix/socket_core.h"

namespace plab {
namespace {

using sock::Address;
using sock::Domain;
using sock::Type;

Domain DomainArg(const Args& args, size_t i) {
  const std::string s = args.string(i, "domain", 16);
  if (s == "unix") return Domain::kUnix;
  if (s == "inet") return Domain::kInet;
  args.rangeError("domain", "must be 'unix' or 'inet'");
}

Type TypeArg(const Args& args, size_t i) {
  const std::string s = args.string(i, "type", 16);
  if (s == "stream") return Type::kStream;
  if (s == "dgram") return Type::kDgram;
  args.rangeError("type", "must be 'stream' or 'dgram'");
}

bool Option(const Args& args, size_t i, const char* name) {
  if (!args.has(i)) return false;
  Napi::Value v = args.object(i, "options").Get(name);
  if (v.IsUndefined()) return false;
  if (!v.IsBoolean()) ThrowType(args.env(), std::string("options.") + name + " must be a boolean; usage: " + args.usage);
  return v.As<Napi::Boolean>().Value();
}

// { path } (Unix) or { address?: '10.0.0.1' (default '0.0.0.0'), port } (IPv4).
Address AddressFrom(const Args& args, Napi::Value value) {
  if (!value.IsObject()) ThrowType(args.env(), std::string("an address must be { path } or { address?, port }; usage: ") + args.usage);
  Napi::Object o = value.As<Napi::Object>();
  Address a;
  Napi::Value path = o.Get("path");
  if (!path.IsUndefined()) {
    if (!path.IsString()) ThrowType(args.env(), std::string("address.path must be a string; usage: ") + args.usage);
    const std::string p = path.As<Napi::String>().Utf8Value();
    if (p.empty() || p.size() >= sizeof a.path || p.find('\0') != std::string::npos)
      args.rangeError("address.path", "must be 1 to 107 bytes without NUL (sun_path, unix(7))");
    a.domain = Domain::kUnix;
    p.copy(a.path, p.size());
    return a;
  }
  a.domain = Domain::kInet;
  Napi::Value port = o.Get("port");
  if (!port.IsNumber()) ThrowType(args.env(), std::string("address must be { path } or { address?, port }; usage: ") + args.usage);
  const double d = port.As<Napi::Number>().DoubleValue();
  if (d < 0 || d > 65535 || static_cast<int>(d) != d) args.rangeError("address.port", "must be an integer 0..65535");
  a.port = static_cast<uint16_t>(d);
  Napi::Value host = o.Get("address");
  if (!host.IsUndefined()) {
    if (!host.IsString()) ThrowType(args.env(), std::string("address.address must be a dotted IPv4 string; usage: ") + args.usage);
    in_addr in{};
    if (inet_pton(AF_INET, host.As<Napi::String>().Utf8Value().c_str(), &in) != 1)
      args.rangeError("address.address", "must be a dotted IPv4 address such as 10.0.0.1");
    a.ipv4 = ntohl(in.s_addr);
  }
  return a;
}

Address AddressArg(const Args& args, size_t i) { return AddressFrom(args, args.object(i, "address")); }

Napi::Value AddressValue(Napi::Env env, const Address& a) {
  Napi::Object o = Napi::Object::New(env);
  if (a.domain == Domain::kUnix) {
    o.Set("path", Napi::String::New(env, a.path));
  } else {
    char text[INET_ADDRSTRLEN];
    in_addr in{htonl(a.ipv4)};
    inet_ntop(AF_INET, &in, text, sizeof text);
    o.Set("address", Napi::String::New(env, text));
    o.Set("port", Napi::Number::New(env, a.port));
  }
  return o;
}

int FdArg(const Args& args, size_t i) { return static_cast<int>(args.integer(i, "fd", 0, 1 << 30)); }

Napi::Value SocketCreate(const Napi::CallbackInfo& info) {
  Args args(info, "socketCreate(domain: 'unix'|'inet', type: 'stream'|'dgram', options?: { nonBlocking? }) -> fd");
  const int fd = sock::Create(DomainArg(args, 0), TypeArg(args, 1), Option(args, 2, "nonBlocking"));
  if (fd < 0) ThrowErrno(info.Env(), -fd, "socket");
  return Napi::Number::New(info.Env(), fd);
}

Napi::Value SocketPair(const Napi::CallbackInfo& info) {
  Args args(info, "socketPair(type: 'stream'|'dgram') -> [fd, fd]");
  int fds[2];
  if (int r = sock::Pair(TypeArg(args, 0), fds); r < 0) ThrowErrno(info.Env(), -r, "socketpair");
  Napi::Array out = Napi::Array::New(info.Env(), 2);
  out.Set(0u, fds[0]);
  out.Set(1u, fds[1]);
  return out;
}

Napi::Value SocketBind(const Napi::CallbackInfo& info) {
  Args args(info, "socketBind(fd, address: { path } | { address?, port }) -> the bound address");
  const int fd = FdArg(args, 0);
  const Address a = AddressArg(args, 1);
  if (int r = sock::Bind(fd, a); r < 0) ThrowErrno(info.Env(), -r, "bind", {{"fd", fd}});
  sock::Info bound;
  sock::Inspect(fd, &bound);  // port 0: the kernel chose one
  return AddressValue(info.Env(), bound.local);
}

Napi::Value SocketListen(const Napi::CallbackInfo& info) {
  Args args(info, "socketListen(fd, backlog?: number = 16)");
  const int fd = FdArg(args, 0);
  if (int r = sock::Listen(fd, static_cast<int>(args.integerOr(1, "backlog", 0, 65535, 16))); r < 0) ThrowErrno(info.Env(), -r, "listen", {{"fd", fd}});
  return info.Env().Undefined();
}

Napi::Value SocketAccept(const Napi::CallbackInfo& info) {
  Args args(info, "socketAccept(fd) -> { fd, peer }");
  const int fd = FdArg(args, 0);
  Address peer;
  const int conn = sock::Accept(fd, &peer);
  if (conn < 0) ThrowErrno(info.Env(), -conn, "accept", {{"fd", fd}});
  Napi::Object out = Napi::Object::New(info.Env());
  out.Set("fd", conn);
  out.Set("peer", AddressValue(info.Env(), peer));
  return out;
}

Napi::Value SocketConnect(const Napi::CallbackInfo& info) {
  Args args(info, "socketConnect(fd, address: { path } | { address?, port })");
  const int fd = FdArg(args, 0);
  if (int r = sock::Connect(fd, AddressArg(args, 1)); r < 0) ThrowErrno(info.Env(), -r, "connect", {{"fd", fd}});
  return info.Env().Undefined();
}

Napi::Value SocketSend(const Napi::CallbackInfo& info) {
  Args args(info, "socketSend(fd, data: Uint8Array, options?: { to?: address, nonBlocking? }) -> bytes sent");
  const int fd = FdArg(args, 0);
  Napi::Uint8Array data = args.bytes(1, "data");
  Address to;
  bool hasTo = false;
  if (args.has(2) && !args.object(2, "options").Get("to").IsUndefined()) {
    to = AddressFrom(args, args.object(2, "options").Get("to"));
    hasTo = true;
  }
  const ssize_t n = sock::Send(fd, data.Data(), data.ByteLength(), hasTo ? &to : nullptr, Option(args, 2, "nonBlocking"));
  if (n < 0) ThrowErrno(info.Env(), static_cast<int>(-n), hasTo ? "sendto" : "send", {{"fd", fd}});
  return Napi::Number::New(info.Env(), static_cast<double>(n));
}

Napi::Value SocketRecv(const Napi::CallbackInfo& info) {
  Args args(info, "socketRecv(fd, max?: number = 4096, options?: { nonBlocking? }) -> { data: Uint8Array, from? }");
  const int fd = FdArg(args, 0);
  const size_t max = static_cast<size_t>(args.integerOr(1, "max", 1, 16 << 20, 4096));
  std::vector<uint8_t> buffer(max);
  Address from;
  const ssize_t n = sock::Recv(fd, buffer.data(), max, &from, Option(args, 2, "nonBlocking"));
  if (n < 0) ThrowErrno(info.Env(), static_cast<int>(-n), "recv", {{"fd", fd}});
  Napi::Object out = Napi::Object::New(info.Env());
  Napi::Uint8Array data = Napi::Uint8Array::New(info.Env(), static_cast<size_t>(n));
  std::copy(buffer.begin(), buffer.begin() + n, data.Data());
  out.Set("data", data);
  if (from.domain == Domain::kInet || from.path[0] != '\0') out.Set("from", AddressValue(info.Env(), from));
  return out;
}

Napi::Value SocketShutdown(const Napi::CallbackInfo& info) {
  Args args(info, "socketShutdown(fd, how: 'read'|'write'|'both')");
  const int fd = FdArg(args, 0);
  const std::string how = args.string(1, "how", 8);
  const int h = how == "read" ? SHUT_RD : how == "write" ? SHUT_WR : how == "both" ? SHUT_RDWR : -1;
  if (h < 0) args.rangeError("how", "must be 'read', 'write' or 'both'");
  if (int r = sock::Shutdown(fd, h); r < 0) ThrowErrno(info.Env(), -r, "shutdown", {{"fd", fd}});
  return info.Env().Undefined();
}

Napi::Value SocketInfo(const Napi::CallbackInfo& info) {
  Args args(info, "socketInfo(fd) -> { domain, type, state, recvQ, sendQ, local?, peer?, sendBuffer, recvBuffer }");
  const int fd = FdArg(args, 0);
  sock::Info si;
  if (int r = sock::Inspect(fd, &si); r < 0) ThrowErrno(info.Env(), -r, "getsockname", {{"fd", fd}});
  Napi::Env env = info.Env();
  Napi::Object out = Napi::Object::New(env);
  out.Set("domain", si.domain == AF_UNIX ? "unix" : si.domain == AF_INET ? "inet" : "other");
  out.Set("type", si.type == SOCK_STREAM ? "stream" : si.type == SOCK_DGRAM ? "dgram" : "other");
  out.Set("state", si.state);
  out.Set("recvQ", si.recvQ);
  out.Set("sendQ", si.sendQ);
  if (si.hasLocal) out.Set("local", AddressValue(env, si.local));
  if (si.hasPeer) out.Set("peer", AddressValue(env, si.peer));
  out.Set("sendBuffer", si.sendBuffer);
  out.Set("recvBuffer", si.recvBuffer);
  return out;
}

}  // namespace

void InitSocket(Napi::Env env, Napi::Object exports) {
  exports.Set("socketCreate", Napi::Function::New(env, SocketCreate, "socketCreate"));
  exports.Set("socketPair", Napi::Function::New(env, SocketPair, "socketPair"));
  exports.Set("socketBind", Napi::Function::New(env, SocketBind, "socketBind"));
  exports.Set("socketListen", Napi::Function::New(env, SocketListen, "socketListen"));
  exports.Set("socketAccept", Napi::Function::New(env, SocketAccept, "socketAccept"));
  exports.Set("socketConnect", Napi::Function::New(env, SocketConnect, "socketConnect"));
  exports.Set("socketSend", Napi::Function::New(env, SocketSend, "socketSend"));
  exports.Set("socketRecv", Napi::Function::New(env, SocketRecv, "socketRecv"));
  exports.Set("socketShutdown", Napi::Function::New(env, SocketShutdown, "socketShutdown"));
  exports.Set("socketInfo", Napi::Function::New(env, SocketInfo, "socketInfo"));
}

}  // namespace plab
