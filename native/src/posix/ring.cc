// The engine's side of a lab process's event ring and gate (core/ring.h): ringCreate makes the
// file (run dir: ring/<process id>) and maps it, ringDrain copies every committed record out
// (one Buffer, records back to back, padding dropped) and releases their space, waking the
// producer if it waits for room; ringGate sets the gate and wakes the process if it waits
// there; ringAtGate says where it waits. Handles are small integers; a closed handle is EBADF.
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "common/args.h"
#include "common/errors.h"
#include "core/ring.h"
#include "lab/futex.h"
#include "mechanisms.h"

namespace plab {

namespace {

struct Mapped {
  uint8_t* base = nullptr;
  size_t bytes = 0;
  ring::Control* control() const { return reinterpret_cast<ring::Control*>(base); }
  uint8_t* data() const { return base + ring::kControlBytes; }
};
std::vector<Mapped> g_rings(1);  // handle 0 is never valid

Mapped& Handle(const Args& args, size_t i) {
  const int64_t h = args.integer(i, "handle", 1, 1 << 20);
  if (static_cast<size_t>(h) >= g_rings.size() || g_rings[h].base == nullptr)
    ThrowErrno(args.env(), EBADF, "ring", {{"handle", static_cast<double>(h)}});
  return g_rings[h];
}

Napi::Value RingCreate(const Napi::CallbackInfo& info) {
  Args args(info, "ringCreate(path: string, dataBytes?: power of two 4096..256 MiB)");
  const std::string path = args.string(0, "path");
  const int64_t dataBytes = args.integerOr(1, "dataBytes", 4096, 1 << 28, ring::kDefaultDataBytes);
  if ((dataBytes & (dataBytes - 1)) != 0) args.rangeError("dataBytes", "must be a power of two");
  const int fd = open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) ThrowErrno(info.Env(), errno, "open", {{"path", path}});
  const size_t bytes = ring::kControlBytes + static_cast<size_t>(dataBytes);
  if (ftruncate(fd, static_cast<off_t>(bytes)) != 0) {
    const int err = errno;
    close(fd);
    ThrowErrno(info.Env(), err, "ftruncate", {{"path", path}});
  }
  void* at = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  const int err = errno;
  close(fd);
  if (at == MAP_FAILED) ThrowErrno(info.Env(), err, "mmap", {{"path", path}});
  Mapped m{static_cast<uint8_t*>(at), bytes};
  ring::Control* c = m.control();
  c->dataBytes = static_cast<uint32_t>(dataBytes);
  c->version = ring::kVersion;
  c->magic = ring::kMagic;  // last: a lab process checks it
  for (size_t h = 1; h < g_rings.size(); h++)
    if (g_rings[h].base == nullptr) {
      g_rings[h] = m;
      return Napi::Number::New(info.Env(), static_cast<double>(h));
    }
  g_rings.push_back(m);
  return Napi::Number::New(info.Env(), static_cast<double>(g_rings.size() - 1));
}

Napi::Value RingDrain(const Napi::CallbackInfo& info) {
  Args args(info, "ringDrain(handle: number, maxBytes?: number) -> Buffer | null");
  Mapped& m = Handle(args, 0);
  const int64_t maxBytes = args.integerOr(1, "maxBytes", 4096, 1 << 30, 64 << 20);
  ring::Control* c = m.control();
  const uint64_t mask = c->dataBytes - 1;
  const uint64_t head = c->head.load(std::memory_order_acquire);
  uint64_t tail = c->tail.load(std::memory_order_relaxed);
  if (head == tail) return info.Env().Null();
  std::vector<uint8_t> out;
  out.reserve(static_cast<size_t>(std::min<uint64_t>(head - tail, static_cast<uint64_t>(maxBytes))));
  while (tail < head && out.size() < static_cast<size_t>(maxBytes)) {
    const uint8_t* at = m.data() + (tail & mask);
    uint32_t size;
    uint16_t kind;
    std::memcpy(&size, at, 4);
    std::memcpy(&kind, at + 4, 2);
    if (size < 8 || size > c->dataBytes || (size & 7) != 0) break;  // never written by a lab process
    if (kind != ring::kPad) out.insert(out.end(), at, at + size);
    tail += size;
  }
  c->tail.store(tail, std::memory_order_seq_cst);
  if (c->producerWaiting.load(std::memory_order_seq_cst)) {
    c->producerWaiting.store(0, std::memory_order_relaxed);
    c->spaceSeq.fetch_add(1, std::memory_order_release);
    lab::WakeWord(&c->spaceSeq);
  }
  if (out.empty()) return info.Env().Null();
  return Napi::Buffer<uint8_t>::Copy(info.Env(), out.data(), out.size());
}

Napi::Value RingGate(const Napi::CallbackInfo& info) {
  Args args(info, "ringGate(handle: number, mode: 'open' | 'hold' | 'step' | 'slow', ms?: number)");
  Mapped& m = Handle(args, 0);
  const std::string mode = args.string(1, "mode", 8);
  ring::Control* c = m.control();
  if (mode == "open") {
    c->gateMode.store(ring::kGateOpen, std::memory_order_release);
  } else if (mode == "hold") {
    // Held already: keep the steps let through and not yet taken (a process the engine stepped
    // has not been scheduled yet). Zeroing them lost a Continue under load (issue 13).
    if (c->gateMode.load(std::memory_order_acquire) != ring::kGateHeld) c->gateTokens.store(0, std::memory_order_relaxed);
    c->gateMode.store(ring::kGateHeld, std::memory_order_release);
  } else if (mode == "step") {  // held, and one more step let through
    c->gateTokens.fetch_add(1, std::memory_order_acq_rel);
    c->gateMode.store(ring::kGateHeld, std::memory_order_release);
  } else if (mode == "slow") {
    c->gateSlowMs.store(static_cast<uint32_t>(args.integer(2, "ms", 0, 600000)), std::memory_order_relaxed);
    c->gateMode.store(ring::kGateSlow, std::memory_order_release);
  } else {
    args.rangeError("mode", "must be 'open', 'hold', 'step' or 'slow'");
  }
  c->gateSeq.fetch_add(1, std::memory_order_acq_rel);
  lab::WakeWord(&c->gateSeq);
  return info.Env().Undefined();
}

Napi::Value RingAtGate(const Napi::CallbackInfo& info) {
  Args args(info, "ringAtGate(handle: number) -> instruction | -1");
  Mapped& m = Handle(args, 0);
  const uint32_t at = m.control()->atGate.load(std::memory_order_acquire);
  return Napi::Number::New(info.Env(), at == 0 ? -1.0 : static_cast<double>(at - 1));
}

Napi::Value RingClose(const Napi::CallbackInfo& info) {
  Args args(info, "ringClose(handle: number)");
  Mapped& m = Handle(args, 0);
  munmap(m.base, m.bytes);
  m = Mapped{};
  return info.Env().Undefined();
}

}  // namespace

void InitRing(Napi::Env env, Napi::Object exports) {
  exports.Set("ringCreate", Napi::Function::New(env, RingCreate, "ringCreate"));
  exports.Set("ringDrain", Napi::Function::New(env, RingDrain, "ringDrain"));
  exports.Set("ringGate", Napi::Function::New(env, RingGate, "ringGate"));
  exports.Set("ringAtGate", Napi::Function::New(env, RingAtGate, "ringAtGate"));
  exports.Set("ringClose", Napi::Function::New(env, RingClose, "ringClose"));
}

}  // namespace plab
