// Argument checks, done first in every binding (as better-sqlite3 does): a wrong type is a
// TypeError and a value out of range a RangeError, both naming the function's usage, so
// nothing a caller passes reaches a system call unchecked.
#pragma once
#include <napi.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

#include "common/errors.h"

namespace plab {

struct Args {
  const Napi::CallbackInfo& info;
  const char* usage;  // "shmAttach(shmid: number, readOnly?: boolean)"

  Args(const Napi::CallbackInfo& i, const char* u) : info(i), usage(u) {}

  Napi::Env env() const { return info.Env(); }
  size_t count() const { return info.Length(); }
  bool has(size_t i) const { return i < info.Length() && !info[i].IsUndefined() && !info[i].IsNull(); }

  [[noreturn]] void typeError(size_t i, const char* name, const char* expected) const {
    ThrowType(env(), std::string("argument ") + std::to_string(i + 1) + " (" + name + ") must be " +
                         expected + "; usage: " + usage);
  }
  [[noreturn]] void rangeError(const char* name, const std::string& why) const {
    ThrowRange(env(), std::string(name) + " " + why + "; usage: " + usage);
  }

  // An integer in [lo, hi]; fractional, NaN and infinite numbers are refused.
  int64_t integer(size_t i, const char* name, int64_t lo, int64_t hi) const {
    if (i >= info.Length() || !info[i].IsNumber()) typeError(i, name, "an integer");
    double d = info[i].As<Napi::Number>().DoubleValue();
    if (!std::isfinite(d) || std::floor(d) != d) typeError(i, name, "an integer");
    if (d < static_cast<double>(lo) || d > static_cast<double>(hi))
      rangeError(name, "must be between " + std::to_string(lo) + " and " + std::to_string(hi) +
                           " (got " + std::to_string(static_cast<long long>(d)) + ")");
    return static_cast<int64_t>(d);
  }
  int64_t integerOr(size_t i, const char* name, int64_t lo, int64_t hi, int64_t fallback) const {
    return has(i) ? integer(i, name, lo, hi) : fallback;
  }

  double number(size_t i, const char* name) const {
    if (i >= info.Length() || !info[i].IsNumber()) typeError(i, name, "a number");
    return info[i].As<Napi::Number>().DoubleValue();
  }

  bool boolean(size_t i, const char* name) const {
    if (i >= info.Length() || !info[i].IsBoolean()) typeError(i, name, "a boolean");
    return info[i].As<Napi::Boolean>().Value();
  }
  bool booleanOr(size_t i, const char* name, bool fallback) const {
    return has(i) ? boolean(i, name) : fallback;
  }

  std::string string(size_t i, const char* name, size_t maxLength = 4096) const {
    if (i >= info.Length() || !info[i].IsString()) typeError(i, name, "a string");
    std::string s = info[i].As<Napi::String>().Utf8Value();
    if (s.size() > maxLength) rangeError(name, "is longer than " + std::to_string(maxLength) + " bytes");
    if (s.find('\0') != std::string::npos) rangeError(name, "must not contain NUL bytes");
    return s;
  }

  Napi::Uint8Array bytes(size_t i, const char* name) const {
    if (i >= info.Length() || !info[i].IsTypedArray() ||
        info[i].As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array)
      typeError(i, name, "a Uint8Array (or Buffer)");
    return info[i].As<Napi::Uint8Array>();
  }

  Napi::Object object(size_t i, const char* name) const {
    if (i >= info.Length() || !info[i].IsObject()) typeError(i, name, "an object");
    return info[i].As<Napi::Object>();
  }

  Napi::Array array(size_t i, const char* name) const {
    if (i >= info.Length() || !info[i].IsArray()) typeError(i, name, "an array");
    return info[i].As<Napi::Array>();
  }

  // A descriptor number: 0..INT_MAX (whether it is open is the system call's business: EBADF).
  int fd(size_t i, const char* name = "fd") const {
    return static_cast<int>(integer(i, name, 0, std::numeric_limits<int>::max()));
  }
};

}  // namespace plab
