// What a signal will do to a process, from the kernel's own masks (/proc/PID/status): the lab
// reports `signal.delivered` for dispositions the worker cannot report itself (ignored, and the
// default actions: terminate, core, stop, continue). A caught signal is reported by the worker
// when its handler runs; a blocked one stays pending and is reported when it is delivered.
import type { SignalTableEntry } from '../../../native/types/signals';
import { hasSignal, type SignalMasks } from './proc';

export type Disposition = 'handler' | 'ignored' | 'terminate' | 'core' | 'stop' | 'continue' | 'pending';

export function dispositionOf(entry: SignalTableEntry, masks: SignalMasks | undefined): Disposition {
  const n = entry.number;
  if (entry.catchable && masks) {
    if (hasSignal(masks.blocked, n)) return 'pending';
    if (hasSignal(masks.ignored, n)) return 'ignored';
    if (hasSignal(masks.caught, n)) return 'handler';
  }
  return entry.defaultAction === 'ignore' ? 'ignored' : entry.defaultAction;
}
