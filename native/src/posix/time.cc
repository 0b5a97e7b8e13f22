// Sleeping as a C program does: nanosleep(2) on the calling thread (state S in /proc), which a
// handled signal interrupts with EINTR (nanosleep is never restarted, signal(7)); and the
// monotonic clock (clock_gettime(2), CLOCK_MONOTONIC) that every run event is stamped with.
#include <cerrno>
#include <ctime>

#include "common/args.h"
#include "common/errors.h"
#include "mechanisms.h"

namespace plab {
namespace {

// nanosleep(ms): returns 0, or throws EINTR with .remainingMs when a handled signal cut it short.
Napi::Value Nanosleep(const Napi::CallbackInfo& info) {
  Args args(info, "nanosleep(ms: integer 0..86400000)");
  int64_t ms = args.integer(0, "ms", 0, 86'400'000);
  timespec request{static_cast<time_t>(ms / 1000), static_cast<long>((ms % 1000) * 1'000'000)};
  timespec remaining{0, 0};
  if (nanosleep(&request, &remaining) != 0) {
    int err = errno;
    Napi::Error error = ErrnoError(info.Env(), err, "nanosleep", {Ident("ms", static_cast<double>(ms))});
    error.Value().Set("remainingMs", remaining.tv_sec * 1000.0 + remaining.tv_nsec / 1e6);
    throw error;
  }
  return info.Env().Undefined();
}

// CLOCK_MONOTONIC in nanoseconds, as a bigint: the same clock in every process of a run.
Napi::Value MonotonicNs(const Napi::CallbackInfo& info) {
  timespec now{};
  clock_gettime(CLOCK_MONOTONIC, &now);
  return Napi::BigInt::New(info.Env(), static_cast<int64_t>(now.tv_sec) * 1'000'000'000 + now.tv_nsec);
}

}  // namespace

void InitTime(Napi::Env env, Napi::Object exports) {
  exports.Set("nanosleep", Napi::Function::New(env, Nanosleep, "nanosleep"));
  exports.Set("monotonicNs", Napi::Function::New(env, MonotonicNs, "monotonicNs"));
}

}  // namespace plab
