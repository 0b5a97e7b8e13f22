// Removing every orphan of the user in one action: `process-lab ipcrm --orphans` and the System
// IPC view's "Remove all orphans" plan and act with this one code. What a run whose engine died
// left goes with its run, by the engine start's own cleanup (run/leftovers.ts: its processes
// still running, every object its journal names, its directory); every other orphan of yours goes
// by its own removal, confirmed by its name (remove.ts re-reads it and refuses a reused id).
import type { SystemList, SystemObject } from '../../contract/system';
import { findDeadRuns, removeDeadRun, type DeadRun, type LeftoverReport } from '../run/leftovers';
import { removeSystemObject } from './remove';

/**
 * The orphans `ipcrm --orphans` removes, the ones ipcs counts as yours: verdict orphan (every
 * object of a run whose engine stopped is one, system/orphans.ts) and removable by you.
 */
export const yourOrphans = (list: SystemList): SystemObject[] => list.objects.filter((o) => o.orphan.status === 'orphan' && o.removable);

/** What one sweep removes: dead runs whole (with the objects of theirs the list shows), other orphans one by one. */
export interface OrphanPlan {
  runs: Array<{ run: DeadRun; objects: SystemObject[] }>;
  objects: SystemObject[];
}

/** Your orphans in `list`, those of `deadRuns` (leftovers.ts findDeadRuns) grouped by run. */
function planOrphans(list: SystemList, deadRuns: DeadRun[]): OrphanPlan {
  const yours = yourOrphans(list);
  const runs = deadRuns.map((run) => ({ run, objects: yours.filter((o) => o.lab.runId === run.runId) }));
  const deadIds = new Set(deadRuns.map((r) => r.runId));
  return { runs, objects: yours.filter((o) => !(o.lab.runId && deadIds.has(o.lab.runId))) };
}

/** The plan for now: `list` (system.list's) and the dead runs in `runtimeDir`. Throws RuntimeDirError (paths.ts). */
export const planOrphansNow = (list: SystemList, runtimeDir: string): OrphanPlan => planOrphans(list, findDeadRuns(runtimeDir));

/** What a sweep did, step by step: a dead run's report or why it failed, each object removed or why not. */
export interface SweepReport {
  runs: Array<{ runId: string; report?: LeftoverReport; error?: string }>;
  objects: Array<{ object: SystemObject; error?: { code: string; message: string } }>;
}

/**
 * Carries `plan` out: each dead run by removeDeadRun, then each other object by its own removal
 * confirmed by the name in the plan. Never throws: each failure is in the report.
 */
export function sweepOrphans(plan: OrphanPlan): SweepReport {
  const report: SweepReport = { runs: [], objects: [] };
  for (const { run } of plan.runs) {
    try {
      report.runs.push({ runId: run.runId, report: removeDeadRun(run) });
    } catch (error) {
      report.runs.push({ runId: run.runId, error: (error as Error).message });
    }
  }
  for (const object of plan.objects) {
    try {
      removeSystemObject(object.kind, object.id, object.name);
      report.objects.push({ object });
    } catch (error) {
      const { code, message } = error as { code?: unknown; message: string };
      report.objects.push({ object, error: { code: typeof code === 'string' ? code : 'INTERNAL', message } });
    }
  }
  return report;
}
