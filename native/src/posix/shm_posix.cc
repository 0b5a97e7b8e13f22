// Placeholder until this mechanism is written.
#include "mechanisms.h"

namespace plab {
void InitShmPosix(Napi::Env, Napi::Object) {}
}  // namespace plab
