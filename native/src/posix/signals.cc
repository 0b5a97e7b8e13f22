// Placeholder until this mechanism is written.
#include "mechanisms.h"

namespace plab {
void InitSignals(Napi::Env, Napi::Object) {}
}  // namespace plab
