// 'system.orphanPlan' and 'system.removeOrphans': the System IPC view's "Remove all orphans",
// which does what `process-lab ipcrm --orphans` does with the same code (sweep.ts). The plan is
// shown for confirmation; the removal makes it again and acts only on what the user confirmed,
// so an orphan that appeared meanwhile is left alone and one that went is not looked for.
import type { OrphanPlanView, OrphanSweep, SystemObject, SystemObjectKind } from '../../contract/system';
import { listSystemObjects } from './list';
import { planOrphansNow, sweepOrphans, yourOrphans, type OrphanPlan } from './sweep';

const ref = (o: SystemObject) => ({ kind: o.kind, id: o.id, name: o.name });
const refKey = (o: { kind: SystemObjectKind; id: string; name: string }) => `${o.kind}\0${o.id}\0${o.name}`;

/** What a sweep would remove now, as the user confirms it. */
export function orphanPlan(runtimeDir: string): OrphanPlanView {
  const list = listSystemObjects(runtimeDir);
  const plan = planOrphansNow(list, runtimeDir);
  return {
    runs: plan.runs.map(({ run, objects }) => ({ runId: run.runId, runDir: run.runDir, objects: objects.map(ref) })),
    objects: plan.objects.map((o) => ({ ...ref(o), why: o.orphan.why })),
    others: list.objects.filter((o) => o.orphan.status === 'orphan').length - yourOrphans(list).length,
  };
}

/** Removes what the confirmation names (`runs` by id, `objects` by kind, id and name) and is still in the plan. */
export function removeOrphans(runtimeDir: string, confirmed: { runs: string[]; objects: Array<{ kind: SystemObjectKind; id: string; name: string }> }): OrphanSweep {
  const now = planOrphansNow(listSystemObjects(runtimeDir), runtimeDir);
  const runIds = new Set(confirmed.runs);
  const objectKeys = new Set(confirmed.objects.map(refKey));
  const plan: OrphanPlan = { runs: now.runs.filter((r) => runIds.has(r.run.runId)), objects: now.objects.filter((o) => objectKeys.has(refKey(o))) };
  const leftAlone = now.runs.length - plan.runs.length + now.objects.length - plan.objects.length;
  const notFound = confirmed.runs.length - plan.runs.length + confirmed.objects.length - plan.objects.length;
  const done = sweepOrphans(plan);
  return {
    runs: done.runs.map(({ runId, report, error }) => ({
      runId, killed: report?.killed ?? [], removed: report?.removed ?? [],
      ...(report ? { runDir: report.runDir } : {}), ...(error !== undefined ? { error } : {}),
    })),
    objects: done.objects.map(({ object, error }) => ({ ...ref(object), ...(error ? { error } : {}) })),
    leftAlone,
    notFound,
  };
}
