// The end of each process, from the engine's own knowledge (never from the step a process says
// it is in): the engine is a child subreaper, so its children are the root processes and every
// orphan of the run; it reaps them through their pidfds (waitid P_PIDFD). A process another
// process of the run reaps is seen ending through its pidfd (terminated, no longer a zombie);
// its status comes from the kernel (PIDFD_INFO_EXIT, Linux >= 6.15) or else from its parent's
// wait, which the parent reports. Either way it is recorded once, after its last events.
import type { EventIntake } from './event-intake';
import type { ProcessTable } from './process-table';
import { readStat } from './proc';
import type { RunProcess } from './run-processes';

/** How long (ticks) the engine waits for a parent's report of a status the kernel did not keep. */
const REPORT_GRACE_TICKS = 20;
/** How long (ms) reading an ended process's last events may take in one go; the rest waits a turn. */
const EXIT_DRAIN_BUDGET_MS = 10;
/** And how many batches of its records (EventIntake.drain): 16 KiB. */
const EXIT_DRAIN_BATCHES = 4;

/** One pass over every live process: records the end of each that ended. */
export function watchExits(table: ProcessTable, intake: EventIntake): void {
  for (const process of table.live()) checkExit(table, intake, process);
}

/** Records `process`'s end if it has ended; returns whether it has. */
export function checkExit(table: ProcessTable, intake: EventIntake, process: RunProcess, until = performance.now() + EXIT_DRAIN_BUDGET_MS): boolean {
  if (!process.live) return process.exit !== undefined;
  if (process.endSeen) return ended(table, intake, process, process.endSeen.status, process.endSeen.byEngine, until);
  const handle = process.handle;
  if (!handle) {
    // Gone before the engine could open a handle: only its parent's report can say how it ended.
    return ended(table, intake, process, process.reportedExit?.status, false, until);
  }
  const reaped = handle.reap();
  if (reaped !== null && reaped !== 'not-child') return ended(table, intake, process, reaped, true, until);
  if (!handle.hasExited()) return false;
  if (reaped === 'not-child' && isZombie(process)) return false; // its parent has yet to wait for it
  return ended(table, intake, process, handle.exitStatus() ?? process.reportedExit?.status, false, until);
}

function ended(table: ProcessTable, intake: EventIntake, process: RunProcess, status: RunProcess['exit'], byEngine: boolean, until: number): boolean {
  if (!status && ++process.unknownExitTicks < REPORT_GRACE_TICKS) return false;
  // Its last events and output were written before it ended: handle them before its exit. A
  // ring full of them (a log flood) takes a few turns: the end, once seen, waits for them.
  process.endSeen = { status, byEngine };
  if (!intake.drain(process, until, until === Infinity ? Infinity : EXIT_DRAIN_BATCHES).caughtUp) return false;
  intake.flushConsole(process, undefined);
  // Everything it did is known: signals sent to it (one may have killed it) are judged first,
  // so a kill's delivery carries the kill's time rather than the time its end was seen.
  process.allEventsRead = true;
  table.deliveries.resolve();
  table.noteExit(process, status ?? {}, byEngine ? undefined : process.reportedExit?.t);
  return true;
}

/** Whether the process at its PID is still it, as a zombie (same start time, state Z). */
function isZombie(process: RunProcess): boolean {
  const stat = readStat(process.pid!);
  return stat !== undefined && stat.state === 'Z' && stat.startTime === process.startTime;
}
