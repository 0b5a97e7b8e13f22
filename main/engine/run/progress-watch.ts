// Whether the run should end, judged on each tick: every process has exited (completed when all
// exited 0, else failed), the run's deadline passed (timeout), or every live process has waited
// long enough on something only another waiting process could provide (deadlock).
import type { RunStatus } from '../../scenario/events';
import { findDeadlock, STABLE_MS, type DeadlockVerdict, type ProcessView } from './deadlock';
import type { ProcessTable } from './process-table';
import { readPipeEnds, socketInode } from './proc';
import type { RunProcess } from './run-processes';
import { isBlockingStep } from '../../ops/waiting';

export interface ProgressVerdict {
  status: RunStatus;
  /** Whether live processes remain to be killed (SIGKILL) before the run can end. */
  kill: boolean;
  deadlock?: DeadlockVerdict;
}

/**
 * A deadlock is declared only when it is seen again STABLE_MS later with nothing new in between:
 * no event read from any live process. What the engine knows of each
 * step comes from events it has read; starved of CPU on a busy machine, it can judge from events
 * hundreds of milliseconds old while the processes have moved on (a semaphore ping-pong looked
 * deadlocked at a load average of 25). Their next events then arrive and the suspicion lapses.
 */
export class DeadlockConfirmation {
  private suspected?: { at: number; fingerprint: string };

  /** Whether the deadlock seen now was already seen, unchanged, STABLE_MS ago (epoch ms). */
  confirm(live: RunProcess[], now: number): boolean {
    const fingerprint = live.map((p) => `${p.id}:${p.eventsRead}:${p.stepIndex?.join('.')}`).join(' ');
    if (this.suspected?.fingerprint !== fingerprint) {
      this.suspected = { at: now, fingerprint };
      return false;
    }
    return now - this.suspected.at >= STABLE_MS;
  }

  /** No deadlock seen now: the next suspicion starts afresh. */
  clear(): void {
    this.suspected = undefined;
  }
}

/** The verdict on a run not yet ending, or undefined while it should go on. `deadline`: epoch ms. */
export function judgeProgress(table: ProcessTable, deadline: number, confirmation: DeadlockConfirmation): ProgressVerdict | undefined {
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
  if (!deadlock) {
    confirmation.clear();
    return undefined;
  }
  return confirmation.confirm(live, Date.now()) ? { status: 'deadlock', kill: true, deadlock } : undefined;
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
    socketEnds: [...process.socketRoles].flatMap(([fd, role]) => {
      const inode = socketInode(process.pid!, fd);
      const object = process.fdObjects.get(fd);
      return inode === undefined ? [] : [{ fd, inode, role, pair: object !== undefined && process.socketPairs.has(object) }];
    }),
  };
}
