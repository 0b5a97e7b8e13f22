// Placeholder until this mechanism is written.
#include "mechanisms.h"

namespace plab {
void InitSem(Napi::Env, Napi::Object) {}
}  // namespace plab
