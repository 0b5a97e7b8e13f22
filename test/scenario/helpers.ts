// Small scenario builders for the validator's tests.
import type { Problem } from '../../main/scenario/problems';

export type Doc = Record<string, any>;

/** A valid two-process scenario with one of each object kind; tests break one thing at a time. */
export function baseDoc(): Doc {
  return {
    format: 'process-lab/scenario@1',
    title: 'Test',
    objects: [
      { id: 'M', kind: 'shm', size: 4096 },
      { id: 'p', kind: 'pipe' },
      { id: 'F', kind: 'fifo' },
      { id: 'Q', kind: 'mailbox' },
      { id: 'S', kind: 'semaphore' },
    ],
    processes: [
      {
        id: 'parent',
        program: [
          { op: 'shm.create', object: 'M' },
          { op: 'shm.attach', object: 'M' },
          { op: 'pipe.create', object: 'p' },
          { op: 'fifo.create', object: 'F' },
          { op: 'mailbox.create', object: 'Q' },
          { op: 'sem.create', object: 'S' },
          { op: 'spawn', process: 'child' },
          { op: 'wait', process: 'child' },
        ],
      },
      { id: 'child', parent: 'parent', program: [{ op: 'log', message: 'hi' }] },
    ],
  };
}

/** The base scenario with extra steps appended to the parent's program (they start at index 8). */
export function withParentSteps(...steps: Doc[]): Doc {
  const doc = baseDoc();
  doc.processes[0].program.push(...steps);
  return doc;
}

export const FIRST_EXTRA = '/processes/0/program/8';

export function pointers(problems: readonly Problem[], severity?: 'error' | 'warning'): string[] {
  return problems.filter((problem) => !severity || problem.severity === severity).map((problem) => problem.pointer);
}
