// The kernel's view of the run's processes, polled like htop does: records the end of each that
// ended (exit-watch.ts), and reports each live process's state (/proc/PID/stat) and what it
// waits on when either changes.
import type { EventIntake } from './event-intake';
import { watchExits } from './exit-watch';
import type { ProcessTable } from './process-table';
import { readStat, readWchan } from './proc';
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

/** /proc's state letters folded onto the five the lab shows (t traced is T, I idle is S). */
function normalState(state: string): 'R' | 'S' | 'D' | 'T' | 'Z' {
  if (state === 't') return 'T';
  if (state === 'I') return 'S';
  return (['R', 'S', 'D', 'T', 'Z'].includes(state) ? state : 'R') as 'R' | 'S' | 'D' | 'T' | 'Z';
}
