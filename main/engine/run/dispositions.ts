// What a signal will do to a process, from the kernel's own masks (/proc/PID/status): the lab
// reports `signal.delivered` for dispositions the worker cannot report itself (ignored, and the
// default actions: terminate, core, stop, continue). A caught signal is reported by the worker
// when its handler runs; a blocked one stays pending and is reported when it is delivered.
import type { SignalTableEntry } from '../../../native/types/signals';
import { addon } from '../../native/addon';
import { isSignalName } from '../../scenario/signals';
import { hasSignal, type SignalMasks } from './proc';

/** The signal facts the engine needs, with this platform's number. */
export interface SignalEntry { name: string; number: number; defaultAction: SignalTableEntry['defaultAction']; catchable: boolean }

/**
 * A signal of the scenario list (main/scenario/signals.ts) with this platform's number: the
 * addon's table for standard signals, its name-to-number conversion for real-time ones
 * (SIGRTMIN+n, whose numbers glibc computes at run time; default action: terminate).
 * Undefined for a name outside the list.
 */
export function signalEntry(name: string): SignalEntry | undefined {
  if (!isSignalName(name)) return undefined;
  const standard = addon().signalTable().find((s) => s.name === name);
  if (standard) return standard;
  try {
    return { name, number: addon().signalNumber(name as never), defaultAction: 'terminate', catchable: true };
  } catch {
    return undefined; // a platform without this signal
  }
}

/** The scenario's names of the signals in a mask (bit n-1: signal n); numbers outside its list (glibc's own 32, 33) are left out. */
export function signalNames(mask: bigint): string[] {
  const names: string[] = [];
  for (let sig = 1; sig <= 64; sig++) {
    if (!hasSignal(mask, sig)) continue;
    try {
      const name = addon().signalName(sig);
      if (isSignalName(name)) names.push(name);
    } catch {
      // a number this platform has no signal for
    }
  }
  return names;
}

export type Disposition = 'handler' | 'ignored' | 'terminate' | 'core' | 'stop' | 'continue' | 'pending';

export function dispositionOf(entry: SignalEntry, masks: SignalMasks | undefined): Disposition {
  const n = entry.number;
  if (entry.catchable && masks) {
    if (hasSignal(masks.blocked, n)) return 'pending';
    if (hasSignal(masks.ignored, n)) return 'ignored';
    if (hasSignal(masks.caught, n)) return 'handler';
  }
  return entry.defaultAction === 'ignore' ? 'ignored' : entry.defaultAction;
}
