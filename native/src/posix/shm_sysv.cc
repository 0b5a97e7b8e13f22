// Placeholder until this mechanism is written.
#include "mechanisms.h"

namespace plab {
void InitShmSysv(Napi::Env, Napi::Object) {}
}  // namespace plab
