// Placeholder until this mechanism is written.
#include "mechanisms.h"

namespace plab {
void InitMemory(Napi::Env, Napi::Object) {}
}  // namespace plab
