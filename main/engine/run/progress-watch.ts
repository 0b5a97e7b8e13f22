// Whether the run should end, judged on each tick: every process has exited (completed when all
// exited 0, else failed), the run's deadline passed (timeout), or every live process has waited
// long enough on something only another waiting process could provide (deadlock).
import type { RunStatus } from '../../scenario/events';
import { findDeadlock, STABLE_MS, type DeadlockVerdict, type ProcessView } from './deadlock';
import type { ProcessTable } from './process-table';
import { readPipeEnds } from './proc';
import type { RunProcess } from './run-processes';
import { isBlockingStep } from '../../ops/waiting';

export interface ProgressVerdict {
  status: RunStatus;
  /** Whether live processes remain to be killed (SIGKILL) before the run can end. */
  kill: boolean;
  deadlock?: DeadlockVerdict;
}

/** The verdict on a run not yet ending, or undefined while it should go on. `deadline`: epoch ms. */
export function judgeProgress(table: ProcessTable, deadline: number): ProgressVerdict | undefined {
  const live = table.live();
  if (live.length === 0) {
    const all = table.all();
    if (!all.some((p) => p.started)) return undefined; // nothing started yet
    const allZero = all.every((p) => !p.started || (p.exit?.code === 0 && !p.exit.signal));
    return { status: allZero ? 'completed' : 'failed', kill: false };
  }
  if (Date.now() >= deadline) return { status: 'timeout', kill: true };
  // Reading every process's descriptors is only worth it when all of them are waiting.
  const allWaiting = live.every((p) => isBlockingStep(p.step) && Date.now() - p.stepSince >= STABLE_MS);
  const deadlock = allWaiting ? findDeadlock(live.map(viewOf)) : undefined;
  return deadlock ? { status: 'deadlock', kill: true, deadlock } : undefined;
}

function viewOf(process: RunProcess): ProcessView {
  return {
    id: process.id,
    pid: process.pid!,
    kernelState: process.kernelState ?? 'R',
    step: process.step,
    inStepMs: process.step ? Date.now() - process.stepSince : 0,
    pipeEnds: readPipeEnds(process.pid!),
    fdObjects: process.fdObjects,
  };
}
