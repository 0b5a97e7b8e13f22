// Placeholder until this mechanism is written.
#include "mechanisms.h"

namespace plab {
void InitMqSysv(Napi::Env, Napi::Object) {}
}  // namespace plab
