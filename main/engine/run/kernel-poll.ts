// The kernel's view of the run's processes, polled like htop does: records the end of each that
// ended (exit-watch.ts), and reports each live process's state (/proc/PID/stat) and what it
// waits on when either changes.
import type { EventIntake } from './event-intake';
import { watchExits } from './exit-watch';
import type { ProcessTable } from './process-table';
import { signalNames } from './dispositions';
import { readSignalMasks, readStat, readWchan } from './proc';
import type { RunProcess } from './run-processes';
import type { RunLog } from './run-log';
import { isBlockingStep, waitingWords } from '../../ops/waiting';

/** USER_HZ is 100 on Linux (proc(5)): /proc/PID/stat counts CPU time in 10 ms ticks. */
const MS_PER_TICK = 10;

/** One poll of every live process: record what has ended, then report state changes. */
export function pollKernel(table: ProcessTable, intake: EventIntake, log: RunLog): void {
  watchExits(table, intake);
  for (const process of table.live()) {
    const pid = process.pid!;
    const stat = readStat(pid);
    if (!stat || stat.startTime !== process.startTime) continue; // gone, or the PID is another's
    if (stat.cpuTicks !== process.cpuTicks) {
      // Busy waiting made visible, and kept in the recording: CPU climbs while a process polls.
      process.cpuTicks = stat.cpuTicks;
      log.emit({ type: 'process.cpu', process: process.id, pid, cpuMs: stat.cpuTicks * MS_PER_TICK });
    }
    // A zombie's status still lists what was pending when it died (the signal that killed it).
    if (stat.state !== 'Z') reportPending(process, log);
    if (stat.state === 'T') table.noteJobControl(process, true);
    else if (stat.state !== 'Z' && stat.state !== 'X') table.noteJobControl(process, false); // a stopped one killed: only its exit
    const blocked = isBlockingStep(process.step) || process.step?.op === 'sleep' || process.step?.op === 'compute';
    // Held at the lab's gate (slow, step, breakpoint) is the lab's doing, not an IPC wait.
    const waitingOn = process.events.atGate?.() ? "held at the lab's gate" : stat.state === 'Z' ? 'its parent to wait for it' : blocked && process.step ? waitingWords(process.step) : stat.state === 'S' ? readWchan(pid) : undefined;
    if (stat.state !== process.kernelState || waitingOn !== process.waitingOn) {
      process.kernelState = stat.state;
      process.waitingOn = waitingOn;
      log.emit({ type: 'process.state', process: process.id, pid, state: normalState(stat.state), ...(waitingOn ? { waitingOn } : {}) });
    }
  }
}

/**
 * signal.pending when a process's pending set (SigPnd | ShdPnd: generated, not yet delivered,
 * because blocked) differs from the one last reported.
 */
function reportPending(process: RunProcess, log: RunLog): void {
  // The engine's own account (delivery-reports.ts) has ends to report first, at their times.
  if (process.pendingEnds.size > 0) return;
  const masks = readSignalMasks(process.pid!);
  if (!masks || masks.pending === process.pendingReported) return;
  process.pendingReported = masks.pending;
  log.emit({ type: 'signal.pending', process: process.id, pid: process.pid!, signals: signalNames(masks.pending) });
}

/** /proc's state letters folded onto the five the lab shows (t traced is T, I idle is S). */
function normalState(state: string): 'R' | 'S' | 'D' | 'T' | 'Z' {
  if (state === 't') return 'T';
  if (state === 'I') return 'S';
  return (['R', 'S', 'D', 'T', 'Z'].includes(state) ? state : 'R') as 'R' | 'S' | 'D' | 'T' | 'Z';
}
