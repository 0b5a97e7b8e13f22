// Placeholder until this mechanism is written.
#include "mechanisms.h"

namespace plab {
void InitPrctl(Napi::Env, Napi::Object) {}
}  // namespace plab
