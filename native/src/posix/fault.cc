// Placeholder until this mechanism is written.
#include "mechanisms.h"

namespace plab {
void InitFault(Napi::Env, Napi::Object) {}
}  // namespace plab
