// Whether an object is an orphan: its creator is gone and nobody has it attached or open, so
// nothing will ever remove it (System V objects and POSIX names outlive every process: they go
// only with IPC_RMID / *_unlink or a reboot). Each verdict says why in plain words.
import type { PidRef, SystemObject } from '../../contract/system';
import type { Holder } from './holders';
import type { JournalledRun } from './labRuns';

export type Verdict = SystemObject['orphan'];

/** A queue nobody has used yet may be about to be: wait this long before calling it orphaned. */
const UNUSED_QUEUE_GRACE_S = 60;

const who = (ref: PidRef) => `PID ${ref.pid}${ref.command ? ` (${ref.command})` : ''}`;

/** A live run's journal names it: the run uses it, whatever the figures say now. */
function liveRun(run: JournalledRun | undefined): Verdict | undefined {
  return run?.live ? { status: 'in-use', why: `named by the journal of Process Lab run ${run.runId}, which is still running` } : undefined;
}

/**
 * A run whose engine stopped (kill -9, crash) names it: no engine will remove it now, so it is an
 * orphan whatever its figures say (a process of that run still attached is killed with it).
 * `process-lab ipcrm --orphans` and the next engine start remove every object such a run's
 * journal names (run/leftovers.ts): calling them all orphans here makes ipcs's count of orphans
 * the count of objects ipcrm --orphans removes. `byFigures`: the verdict without the run.
 */
function judged(run: JournalledRun | undefined, byFigures: Verdict): Verdict {
  const live = liveRun(run);
  if (live) return live;
  if (!run) return byFigures;
  if (!run.engineStopped) return byFigures.status === 'orphan' ? { ...byFigures, why: `${byFigures.why} Its Process Lab run ${run.runId} has ended.` } : byFigures;
  const stopped = `Its Process Lab run ${run.runId} lost its engine (engine stopped): process-lab ipcrm --orphans, or the next engine start, removes it with the rest of that run.`;
  return { status: 'orphan', why: byFigures.status === 'orphan' ? `${byFigures.why} ${stopped}` : `${stopped} By its figures alone: ${byFigures.why.replace(/\.$/, '')}.` };
}

/** System V shm (shmctl(2)): cpid dead and nattch 0. */
export function shmVerdict(nattch: number, creator: PidRef, run: JournalledRun | undefined): Verdict {
  return judged(run, shmByFigures(nattch, creator));
}

function shmByFigures(nattch: number, creator: PidRef): Verdict {
  if (nattch > 0) return { status: 'in-use', why: `${nattch} attachment${nattch === 1 ? '' : 's'} (nattch ${nattch})` };
  if (creator.alive) return { status: 'in-use', why: `nothing attached, but its creator ${who(creator)} is alive and may attach again` };
  const gone = creator.reused ? `its creator PID ${creator.pid} has exited (the PID now belongs to a later process)` : `its creator PID ${creator.pid} has exited`;
  return { status: 'orphan', why: `${gone} and nothing is attached (nattch 0).` };
}

/**
 * System V message queues record no creator PID (msgctl(2): only msg_lspid and msg_lrpid), so
 * the processes known to use a queue are its last sender and last receiver. A queue nobody
 * has used is called orphaned only once it is older than UNUSED_QUEUE_GRACE_S.
 */
export function msgVerdict(users: PidRef[], ageSeconds: number, run: JournalledRun | undefined): Verdict {
  return judged(run, msgByFigures(users, ageSeconds));
}

function msgByFigures(users: PidRef[], ageSeconds: number): Verdict {
  const known = users.filter((u) => u.pid > 0);
  const alive = known.filter((u) => u.alive);
  if (alive.length > 0) return { status: 'in-use', why: `${alive.map((u) => `${u.role} ${who(u)}`).join(', ')} is alive` };
  const noCreator = 'The kernel records no creator PID for message queues';
  if (known.length > 0) {
    return { status: 'orphan', why: `every process known to have used it has exited (${known.map((u) => `${u.role} PID ${u.pid}`).join(', ')}). ${noCreator}, so these are the only users it can tell.` };
  }
  if (ageSeconds > UNUSED_QUEUE_GRACE_S) {
    return { status: 'orphan', why: `never sent to nor received from, and created ${Math.round(ageSeconds)} s ago (more than ${UNUSED_QUEUE_GRACE_S} s). ${noCreator}.` };
  }
  return { status: 'unknown', why: `created ${Math.round(ageSeconds)} s ago and not used yet. ${noCreator}: its creator may still be about to use it.` };
}

/** System V semaphore sets: /proc/sysvipc/sem has no PIDs at all (sempid is per semaphore, semctl GETPID). */
export function semSetVerdict(run: JournalledRun | undefined): Verdict {
  return judged(run, { status: 'unknown', why: 'the kernel lists no creator or last PID for semaphore sets (only semctl(GETPID) per semaphore), so whether anyone still uses it cannot be told.' });
}

/** POSIX objects record no creator (shm_overview(7)): the test is whether any live process maps or holds it. */
export function posixVerdict(holders: Holder[], unreadable: number, run: JournalledRun | undefined): Verdict {
  return judged(run, posixByFigures(holders, unreadable));
}

function posixByFigures(holders: Holder[], unreadable: number): Verdict {
  if (holders.length > 0) {
    const list = holders.slice(0, 3).map((h) => `PID ${h.pid} (${h.command}) ${h.how === 'mapped' ? 'maps' : 'holds'} it`).join(', ');
    return { status: 'in-use', why: list + (holders.length > 3 ? ` and ${holders.length - 3} more` : '') };
  }
  const caveat = unreadable > 0 ? ` (${unreadable} process${unreadable === 1 ? '' : 'es'} could not be read)` : '';
  return { status: 'orphan', why: `no live process has it mapped or open${caveat}; POSIX objects record no creator PID.` };
}
