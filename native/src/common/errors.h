// Errors thrown to JavaScript: errno keeps its name, the failing syscall and the identifiers
// of the object involved (see STYLE.md, "Errors keep their errno").
#pragma once
#include <napi.h>

#include <cstdint>
#include <initializer_list>
#include <string>
#include <utility>

namespace plab {

// One identifier of the object a call was about: { "shmid", 32769 } or { "name", "/plab-x" }.
struct Ident {
  const char* key;
  bool isNumber;
  double number;
  std::string text;
  Ident(const char* k, double n) : key(k), isNumber(true), number(n) {}
  Ident(const char* k, int n) : key(k), isNumber(true), number(n) {}
  Ident(const char* k, long n) : key(k), isNumber(true), number(static_cast<double>(n)) {}
  Ident(const char* k, unsigned int n) : key(k), isNumber(true), number(n) {}
  Ident(const char* k, const std::string& s) : key(k), isNumber(false), number(0), text(s) {}
  Ident(const char* k, const char* s) : key(k), isNumber(false), number(0), text(s) {}
};

// "EAGAIN" for EAGAIN; "E<number>" for an errno this table does not know.
const char* ErrnoName(int err);

// A JS Error with message "<syscall>: <strerror> (<CODE>)", .code, .errno, .syscall and each ident.
Napi::Error ErrnoError(Napi::Env env, int err, const char* syscall,
                       std::initializer_list<Ident> idents = {});

// Throws ErrnoError; call right after the failing call, with errno saved first.
[[noreturn]] void ThrowErrno(Napi::Env env, int err, const char* syscall,
                             std::initializer_list<Ident> idents = {});

// Usage errors: TypeError for a wrong type, RangeError for a value out of range.
[[noreturn]] void ThrowType(Napi::Env env, const std::string& message);
[[noreturn]] void ThrowRange(Napi::Env env, const std::string& message);

}  // namespace plab
