/**
 * The process table as ps(1) and htop show it: each process's state letter (proc(5):
 * R running, S sleeping, D disk sleep, T stopped, Z zombie) with its meaning, and the rows in
 * parent-child order with their depth (`ps -ef --forest`, htop's tree view, F5).
 */
import type { ProcessLive, RunModel } from './runModel';

/** The letters of ps's STAT column the lab shows, each with its meaning in ps(1)'s words. */
const STATE_LETTERS: Record<'R' | 'S' | 'D' | 'T' | 'Z', string> = {
  R: 'running or runnable (on run queue)',
  S: 'interruptible sleep (waiting for an event to complete)',
  D: 'uninterruptible sleep (usually IO)',
  T: 'stopped by job control signal',
  Z: 'defunct ("zombie") process, terminated but not reaped by its parent',
};

/** A process's ps letter, '?' when unknown (the engine was lost), or '–' when it has none (not started yet, or gone: exited and reaped). */
export function stateLetter(live: ProcessLive | undefined): string {
  const state = live?.state;
  if (state === 'unknown') return '?';
  return state && state in STATE_LETTERS ? state : '–';
}

/** What stateLetter's letter means, for its tooltip. */
export function stateLetterTitle(live: ProcessLive | undefined): string {
  const state = live?.state;
  if (state === 'unknown') return 'unknown: the engine was lost, nobody reads this process\'s state now';
  return state && state in STATE_LETTERS ? STATE_LETTERS[state as keyof typeof STATE_LETTERS] : 'no process: not started, or exited and reaped';
}

export interface TreeRow {
  live: ProcessLive;
  /** 0 for a process the lab started, 1 for its children, ... */
  depth: number;
  /** The tree's drawing before the name, as ps --forest draws it ("\_ " under a parent). */
  prefix: string;
}

/**
 * The run's processes in tree order: each root (no `parent` in the scenario) then its children,
 * depth first, in the order the scenario lists them. `parents` maps a process id to its parent's
 * id (the scenario's `parent`); a process whose parent is unknown is shown as a root.
 */
export function processTree(model: RunModel, parents: ReadonlyMap<string, string | undefined>): TreeRow[] {
  const known = new Set(model.order);
  const children = new Map<string | undefined, string[]>();
  for (const id of model.order) {
    const parent = parents.get(id);
    const key = parent !== undefined && known.has(parent) && parent !== id ? parent : undefined;
    children.set(key, [...(children.get(key) ?? []), id]);
  }
  const rows: TreeRow[] = [];
  const seen = new Set<string>();
  const visit = (id: string, depth: number) => {
    if (seen.has(id)) return; // a cycle in a broken scenario: each process once
    seen.add(id);
    rows.push({ live: model.processes.get(id)!, depth, prefix: depth === 0 ? '' : `${'   '.repeat(depth - 1)} \\_ ` });
    for (const child of children.get(id) ?? []) visit(child, depth + 1);
  };
  for (const root of children.get(undefined) ?? []) visit(root, 0);
  for (const id of model.order) visit(id, 0);
  return rows;
}
