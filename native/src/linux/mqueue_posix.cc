// Placeholder until this mechanism is written.
#include "mechanisms.h"

namespace plab {
void InitMqPosix(Napi::Env, Napi::Object) {}
}  // namespace plab
