// The addon's JavaScript surface, one typings file per mechanism (native/types/*.d.ts).
// main/native/addon.ts loads the build and returns this type.
import type { ShmSysvApi } from './types/shm_sysv';
import type { ShmPosixApi } from './types/shm_posix';
import type { MemoryApi } from './types/memory';
import type { PipeApi } from './types/pipe';
import type { MqSysvApi } from './types/mqueue_sysv';
import type { MqPosixApi } from './types/mqueue_posix';
import type { SemApi } from './types/sem';
import type { SignalsApi } from './types/signals';
import type { FaultApi } from './types/fault';
import type { ProcessApi } from './types/process';
import type { PrctlApi } from './types/prctl';
import type { PidfdApi } from './types/pidfd';
import type { TimeApi } from './types/time';
import type { SemSetSysvApi } from './types/semset_sysv';
import type { BenchApi } from './types/bench';
import type { RingApi } from './types/ring';
import type { SockDiagApi, SocketApi } from './types/socket';

/** An error from a failed system call: errno's name, its number, the call and the object's ids. */
export interface ErrnoException extends Error {
  code: string;
  errno: number;
  syscall: string;
  [identifier: string]: unknown;
}

export interface Addon
  extends ShmSysvApi, ShmPosixApi, MemoryApi, PipeApi, MqSysvApi, Partial<MqPosixApi>, SemApi,
    SignalsApi, FaultApi, ProcessApi, TimeApi, SemSetSysvApi, RingApi, SocketApi, Partial<PrctlApi>, Partial<PidfdApi>,
    Partial<BenchApi>, Partial<SockDiagApi> {
  /** The platform the addon was built for; macOS lacks POSIX message queues, prctl and pidfds. */
  readonly platform: 'linux' | 'darwin' | 'other';
}
