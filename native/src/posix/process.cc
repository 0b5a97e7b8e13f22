// Placeholder until this mechanism is written.
#include "mechanisms.h"

namespace plab {
void InitProcess(Napi::Env, Napi::Object) {}
}  // namespace plab
