/**
 * Whether a child its parent never waits for will really be seen as a zombie, estimated from the
 * programs before the run. A child is a zombie (state Z) from its exit until its parent waits
 * for it or exits: wait(2). When the parent exits first, the child is an orphan, reparented to
 * the lab (a child subreaper, prctl(2) PR_SET_CHILD_SUBREAPER), which reaps it the moment it
 * ends: no zombie is ever visible. So what matters is which of the two ends first.
 *
 * The estimate reads only what a program says: the time it sleeps or computes (repeats
 * multiplied) and whether it waits for another process to do something (a read, a receive, a
 * sem_wait...). Writes and sends are taken as quick: they block only on a full pipe or queue.
 * Handlers are left out: they run only if a signal arrives.
 */
import { isRecord } from './semantic-context';

/** Consumer calls: the process sleeps until another one does something, for as long as that takes. */
const AWAITS_ANOTHER = new Set(['read', 'receive', 'sem.wait', 'shm.waitUntil', 'signal.pause', 'wait', 'socket.accept', 'socket.recv', 'fifo.open']);
/** Steps that end the process where they stand (a fault may be handled, but then it loops on it). */
const ENDS = new Set(['exit', 'fault']);

/** What a run of steps takes at least: `ms` of sleep and compute, and whether one waits for another process. */
interface Span {
  ms: number;
  awaits: boolean;
  /** An exit (or fault) among them: nothing after it runs. */
  ends: boolean;
}

/** The span of `steps` (nesting is bounded by the validator's LIMITS.maxNesting; deeper is ignored). */
function spanOf(steps: readonly unknown[], depth = 0): Span {
  const span: Span = { ms: 0, awaits: false, ends: false };
  for (const step of steps) {
    if (!isRecord(step) || typeof step.op !== 'string') continue;
    if (step.op === 'sleep' || step.op === 'compute') span.ms += typeof step.ms === 'number' && step.ms > 0 ? step.ms : 0;
    else if (AWAITS_ANOTHER.has(step.op)) span.awaits = true;
    else if (step.op === 'repeat' && Array.isArray(step.steps) && depth < 32) {
      const body = spanOf(step.steps, depth + 1);
      const times = typeof step.times === 'number' && step.times > 0 ? step.times : 1;
      span.ms += body.ends ? body.ms : body.ms * times;
      span.awaits ||= body.awaits;
      if (body.ends) span.ends = true;
    } else if (ENDS.has(step.op)) span.ends = true;
    if (span.ends) break;
  }
  return span;
}

/**
 * How long a zombie of `child` is seen when its parent never waits for it:
 * - 'never': the parent ends first (nothing lasting after the spawn, or the child surely runs
 *   longer), so the lab adopts and reaps the child;
 * - 'until-parent-exits': the child surely ends first (it waits for nobody and its sleep and
 *   compute are shorter than what the parent still does), a zombie until the parent exits;
 * - 'if-child-ends-first': either may end first (one of them waits for another process).
 *
 * `after` is what the parent still runs after the spawn (top-level steps); `childProgram` the
 * child's whole program.
 */
export type ZombieWindow = 'never' | 'until-parent-exits' | 'if-child-ends-first';

export function zombieWindow(after: readonly unknown[], childProgram: readonly unknown[]): ZombieWindow {
  const parent = spanOf(after);
  if (parent.ms === 0 && !parent.awaits) return 'never';
  const child = spanOf(childProgram);
  if (!parent.awaits && child.ms > parent.ms) return 'never';
  if (!child.awaits && child.ms < parent.ms) return 'until-parent-exits';
  return 'if-child-ends-first';
}

/** What the parent does after the spawn that keeps it alive, in a few words ("sleeps 1000 ms"). */
export function whatKeepsItAlive(after: readonly unknown[]): string {
  const parent = spanOf(after);
  const parts: string[] = [];
  if (parent.ms > 0) parts.push(`sleeps or computes ${parent.ms} ms`);
  if (parent.awaits) parts.push('waits for other processes');
  return parts.join(' and ');
}
