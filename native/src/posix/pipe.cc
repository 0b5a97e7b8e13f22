// Placeholder until this mechanism is written.
#include "mechanisms.h"

namespace plab {
void InitPipe(Napi::Env, Napi::Object) {}
}  // namespace plab
