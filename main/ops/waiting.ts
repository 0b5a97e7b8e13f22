// What a process waits on, in plain words, from the step it is in (as it reported) and the
// op catalogue's `waitsFor`: the deadlock check's candidates and the process table's words.
import type { Step } from '../scenario/schema';
import { STEP_CATALOGUE } from './catalogue';

/** Ops that wait for another process (or a signal): the candidates for a deadlock. */
export const WAITING_OPS: ReadonlySet<string> = new Set(Object.values(STEP_CATALOGUE).filter((info) => info.waitsFor === 'process').map((info) => info.op));

/** Whether the step, as written, waits for another process (a non-blocking or timed one does not). */
export function isBlockingStep(step: Step | undefined): boolean {
  if (!step || !WAITING_OPS.has(step.op)) return false;
  if ('blocking' in step && step.blocking === false) return false;
  if (step.op === 'receive' && step.timeoutMs !== undefined) return false; // it wakes by itself
  return true;
}

/** "reading p1", "waiting for its child B", ... (never "child child" when the child is named so) */
export function waitingWords(step: Step): string {
  switch (step.op) {
    case 'read': return `reading ${step.object}`;
    case 'write': return `writing to ${step.object}`;
    case 'fifo.open': return `opening ${step.object} for ${step.end === 'read' ? 'reading' : 'writing'}`;
    case 'receive':
      return step.from === 'any' ? 'receiving from its inbox' : 'process' in step.from ? `receiving from ${step.from.process}` : `receiving from ${step.from.mailbox}`;
    case 'send': return 'process' in step.to ? `sending to ${step.to.process}` : `sending to ${step.to.mailbox}`;
    case 'sem.wait': return `waiting on ${step.object}`;
    case 'wait': return step.process ? `waiting for its child ${step.process}` : 'waiting for a child';
    // Never a deadlock: the user can send one (the run waits for it until its timeout).
    case 'signal.pause': return 'waiting for a signal: send one';
    case 'shm.waitUntil': return `polling ${step.object}[${step.offset}] for ${step.equals}`;
    case 'socket.recv': return `receiving on ${step.object}`;
    case 'socket.send': return `sending on ${step.object}`;
    case 'socket.accept': return `accepting on ${step.object}`;
    case 'socket.connect': return `connecting ${step.object}`;
    case 'sleep': return `sleeping ${step.ms} ms`;
    case 'compute': return `computing ${step.ms} ms`;
    default: return step.op;
  }
}

/**
 * How a process in a waiting step waits: shm.waitUntil polls the segment in a loop (busy waiting,
 * state R between naps of pollMs), every other waiting op sleeps in the kernel until released.
 */
export function waitManner(step: Step): 'busy waiting' | 'blocked in the kernel' {
  return step.op === 'shm.waitUntil' ? 'busy waiting' : 'blocked in the kernel';
}

/** Ops that release a process waiting in another op on the same object. */
const RELEASES: Record<string, string[]> = {
  read: ['write', 'close'], write: ['read', 'close'], 'fifo.open': ['fifo.open'], receive: ['send'], send: ['receive'],
  'sem.wait': ['sem.post'], 'shm.waitUntil': ['shm.write', 'shm.add'], 'signal.pause': ['signal.send'],
  'socket.recv': ['socket.send', 'socket.close', 'socket.shutdown'], 'socket.send': ['socket.recv', 'socket.close'],
  'socket.accept': ['socket.connect'],
};

/** A process as far as releasersOf needs it: its id, its parent, its program. */
export interface ProgramOwner {
  id: string;
  parent?: string;
  program: readonly Step[];
}

function* stepsOf(steps: readonly Step[]): Generator<Step> {
  for (const step of steps) {
    yield step;
    if ('steps' in step && Array.isArray(step.steps)) yield* stepsOf(step.steps as Step[]);
  }
}

/**
 * Who could release `waiter`, waiting in `step`: the other processes, not `ended`, whose programs
 * have a step that could (a write or close for a read, a sem.post for a sem.wait, a send for a
 * receive, a signal.send to it for a pause, a send or close on the socket for a socket.recv; for
 * `wait`, the child). Read from the programs as
 * written, not from what they will do: "could", not "will". The engine's NOT_AT_GATE message and
 * the UI's "blocked in the kernel" line both say it.
 */
export function releasersOf(step: Step, waiter: string, processes: readonly ProgramOwner[], ended: (id: string) => boolean): string[] {
  if (step.op === 'wait') return step.process ? [step.process] : processes.filter((p) => p.parent === waiter).map((p) => p.id);
  const ops = RELEASES[step.op] ?? [];
  const record = step as Record<string, unknown>;
  const object = typeof record.object === 'string' ? record.object : undefined;
  return processes.filter((other) => other.id !== waiter && !ended(other.id) && [...stepsOf(other.program)].some((s) => {
    if (!ops.includes(s.op)) return false;
    const r = s as Record<string, unknown>;
    if (step.op === 'signal.pause') return (r.to as unknown) === waiter;
    if (step.op === 'receive' || step.op === 'send') return true;
    return object === undefined || r.object === object || (s.op === 'socket.send' && r.to === object); // a datagram sent to its address
  })).map((p) => p.id);
}
