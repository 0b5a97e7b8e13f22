// `process-lab ipcrm --orphans | --id KIND:ID [--yes]`: removes the user's own orphans, or one
// object, each by a separate confirmed call (never a blanket removal). It lists what it would
// remove and asks on the terminal; without a terminal it needs --yes, so a script never removes
// something nobody saw. Exit 0 all removed, 1 something failed, 2 usage (or nobody to ask).
// --orphans also removes what each run whose engine died left (its processes, every object its
// journal names, its directory) with the very code an engine start uses (run/leftovers.ts).
// It counts what ipcs counts: your orphans among the IPC objects ipcs lists (yourOrphans), every
// object of a run whose engine stopped among them (system/orphans.ts); a run's processes, FIFOs
// and directory are said apart. Before asking it says what it would do; after, what it did.
import { createInterface } from 'node:readline/promises';
import { SYSTEM_OBJECT_KINDS, type SystemObject, type SystemObjectKind } from '../contract/system';
import { countOf } from '../contract/units';
import { asLabDirError, defaultPaths } from '../engine/paths';
import type { LeftoverReport } from '../engine/run/leftovers';
import { planOrphansNow, sweepOrphans, yourOrphans, type OrphanPlan as Plan } from '../engine/system/sweep';
import { loadSystemList } from './ipcs';
import { parseOptions, UsageError } from './usage';

const ALIASES: Record<string, SystemObjectKind> = { shm: 'sysv-shm', msg: 'sysv-msg', sem: 'sysv-sem', pshm: 'posix-shm', mq: 'posix-mq', psem: 'posix-sem' };

function parseTarget(text: string): { kind: SystemObjectKind; id: string } {
  const colon = text.indexOf(':');
  const kind = colon > 0 ? ALIASES[text.slice(0, colon)] ?? text.slice(0, colon) : '';
  if (!(SYSTEM_OBJECT_KINDS as readonly string[]).includes(kind) || colon === text.length - 1) {
    throw new UsageError(`--id takes KIND:ID with KIND one of ${SYSTEM_OBJECT_KINDS.join(', ')} (or shm, msg, sem, pshm, mq, psem), e.g. shm:98327 or pshm:/name; not "${text}"`);
  }
  return { kind: kind as SystemObjectKind, id: text.slice(colon + 1) };
}

async function askOnTerminal(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^(y|yes)$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

const verdict = (o: SystemObject) => (o.orphan.status === 'orphan' ? `orphan: ${o.orphan.why}` : `${o.orphan.status}: ${o.orphan.why}`);

function printPlan(plan: Plan): void {
  for (const { run, objects } of plan.runs) {
    console.log(`Run ${run.runId} (engine stopped): would kill its processes still running, remove every object its journal names and its directory ${run.runDir}:`);
    for (const o of objects) console.log(`  ${o.name}`);
    if (objects.length === 0) console.log('  (no object of it is left)');
  }
  if (plan.objects.length > 0) console.log(`Would remove ${countOf(plan.objects.length, 'object')}${plan.runs.length > 0 ? ' more' : ''}:`);
  for (const o of plan.objects) console.log(`  ${o.name}  (${verdict(o)})`);
}

/** A dead run's removal, in the past tense: what was killed, what removed (FIFOs too), its directory. */
function runRemoved(runId: string, report: LeftoverReport): string {
  const killed = report.killed.length > 0 ? `killed ${report.killed.map((k) => `${k.process} (PID ${k.pid})`).join(', ')}` : 'no process of it was still running';
  const removed = report.removed.length > 0 ? `removed ${report.removed.join(', ')}` : 'no object of it was left';
  return `Run ${runId} (engine stopped): ${killed}; ${removed}; removed its directory ${report.runDir}.`;
}

/** Carries the plan out (engine/system/sweep.ts, as the System IPC view's Remove all orphans), saying each thing done; returns how many steps failed. */
function carryOut(plan: Plan): number {
  let failed = 0;
  const done = sweepOrphans(plan);
  for (const { runId, report, error } of done.runs) {
    if (report) console.log(runRemoved(runId, report));
    else {
      failed += 1;
      console.error(`process-lab ipcrm: run ${runId} not fully removed: ${error}`);
    }
  }
  // Each confirmed by name: the engine re-reads the object and refuses if the id now names another.
  for (const { object, error } of done.objects) {
    if (!error) console.log(`removed ${object.name}`);
    else {
      failed += 1;
      console.error(`process-lab ipcrm: ${object.name} not removed: ${error.code}: ${error.message}`);
    }
  }
  return failed;
}

export async function ipcrmCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseOptions(argv, { orphans: { type: 'boolean' }, id: { type: 'string' }, yes: { type: 'boolean' } }, true);
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  if (Boolean(values.orphans) === (values.id !== undefined)) throw new UsageError('give either --orphans or --id KIND:ID');
  const list = await loadSystemList();
  let plan: Plan;
  if (values.id !== undefined) {
    const { kind, id } = parseTarget(values.id);
    const object = list.objects.find((o) => o.kind === kind && o.id === id);
    if (!object) {
      console.error(`process-lab ipcrm: no ${kind} ${id}${kind === 'posix-mq' && !list.mqueue.mounted ? ` (${list.mqueue.note})` : ''}`);
      return 1;
    }
    if (!object.removable) {
      console.error(`process-lab ipcrm: ${object.name} is not removed: ${object.whyNotRemovable}`);
      return 1;
    }
    plan = { runs: [], objects: [object] };
  } else {
    try {
      plan = planOrphansNow(list, defaultPaths().runtimeDir);
    } catch (error) {
      if (asLabDirError(error, defaultPaths())) throw error; // index.ts says which directory and the fix
      console.error(`process-lab ipcrm: ${(error as Error).message}`);
      return 1;
    }
    const others = list.objects.filter((o) => o.orphan.status === 'orphan').length - yourOrphans(list).length;
    if (others > 0) console.log(`${countOf(others, 'orphan')} not yours (or not removable here) left alone.`);
    if (plan.objects.length === 0 && plan.runs.length === 0) {
      console.log('No orphans of yours to remove.');
      return 0;
    }
  }
  const targets = [...plan.runs.flatMap((r) => r.objects), ...plan.objects];
  if (!values.yes) {
    printPlan(plan);
    if (!process.stdin.isTTY) {
      console.error('process-lab ipcrm: refusing: no terminal to confirm on. Nothing was removed; run again with --yes to remove the objects listed above.');
      return 2;
    }
    const what = [plan.runs.length > 0 && `${plan.runs.length === 1 ? 'that run' : `these ${plan.runs.length} runs`}`, plan.objects.length > 0 && (plan.objects.length === 1 ? plan.objects[0].name : `these ${plan.objects.length} objects`)].filter(Boolean).join(' and ');
    if (!(await askOnTerminal(`Remove ${what}? [y/N] `))) {
      console.log('Nothing removed.');
      return 0;
    }
  }
  let failed = carryOut(plan);
  if (values.orphans && targets.length > 0) {
    // Counted on a new list, in ipcs's units: the objects listed before that are gone now.
    const now = await loadSystemList();
    const left = targets.filter((t) => now.objects.some((o) => o.kind === t.kind && o.name === t.name));
    console.log(`Removed ${countOf(targets.length - left.length, 'object')} of the ${countOf(targets.length, 'orphan')} of yours that ipcs counted${left.length > 0 ? `; still there: ${left.map((o) => o.name).join(', ')}` : ''}.`);
    if (left.length > 0 && failed === 0) failed = left.length;
  }
  return failed > 0 ? 1 : 0;
}
