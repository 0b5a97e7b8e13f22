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
    case 'signal.pause': return 'waiting for a signal';
    case 'shm.waitUntil': return `polling ${step.object}[${step.offset}] for ${step.equals}`;
    case 'sleep': return `sleeping ${step.ms} ms`;
    case 'compute': return `computing ${step.ms} ms`;
    default: return step.op;
  }
}
