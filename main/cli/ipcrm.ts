// `process-lab ipcrm --orphans | --id KIND:ID [--yes]`: removes the user's own orphans, or one
// object, each by a separate confirmed call (never a blanket removal). It lists what it would
// remove and asks on the terminal; without a terminal it needs --yes, so a script never removes
// something nobody saw. Exit 0 all removed, 1 something failed, 2 usage (or nobody to ask).
// --orphans also removes what each run whose engine died left (its processes, every object its
// journal names, its directory) with the very code an engine start uses (run/leftovers.ts).
import { createInterface } from 'node:readline/promises';
import { SYSTEM_OBJECT_KINDS, type SystemObject, type SystemObjectKind } from '../contract/system';
import { createLab } from '../engine/lab';
import { defaultPaths } from '../engine/paths';
import { describeLeftovers, findDeadRuns, removeDeadRun, type DeadRun } from '../engine/run/leftovers';
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

export async function ipcrmCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseOptions(argv, { orphans: { type: 'boolean' }, id: { type: 'string' }, yes: { type: 'boolean' } }, true);
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  if (Boolean(values.orphans) === (values.id !== undefined)) throw new UsageError('give either --orphans or --id KIND:ID');
  const list = await loadSystemList();
  let targets: SystemObject[];
  let deadRuns: DeadRun[] = [];
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
    targets = [object];
  } else {
    try {
      deadRuns = findDeadRuns(defaultPaths().runtimeDir);
    } catch (error) {
      console.error(`process-lab ipcrm: ${(error as Error).message}`);
      return 1;
    }
    // A dead run's objects go with its run (same checks as an engine start), not one by one.
    const deadIds = new Set(deadRuns.map((r) => r.runId));
    const orphans = list.objects.filter((o) => o.orphan.status === 'orphan' && !(o.lab.runId && deadIds.has(o.lab.runId)));
    targets = orphans.filter((o) => o.removable);
    const others = orphans.length - targets.length;
    if (others > 0) console.log(`${others} orphan${others === 1 ? '' : 's'} not yours (or not removable here) left alone.`);
    if (targets.length === 0 && deadRuns.length === 0) {
      console.log('No orphans of yours to remove.');
      return 0;
    }
    for (const run of deadRuns) {
      console.log(`Run ${run.runId} (engine stopped): would kill its processes still running, remove every object its journal names and its directory ${run.runDir}:`);
      const objects = list.objects.filter((o) => o.lab.runId === run.runId);
      for (const o of objects) console.log(`  ${o.name}`);
      if (objects.length === 0) console.log('  (no object of it is left)');
    }
  }
  if (targets.length > 0) console.log(`Would remove ${targets.length} object${targets.length === 1 ? '' : 's'}:`);
  for (const o of targets) console.log(`  ${o.name}  (${o.orphan.status === 'orphan' ? `orphan: ${o.orphan.why}` : `${o.orphan.status}: ${o.orphan.why}`})`);
  if (!values.yes) {
    if (!process.stdin.isTTY) {
      console.error('process-lab ipcrm: refusing: no terminal to confirm on. Nothing was removed; run again with --yes to remove the objects listed above.');
      return 2;
    }
    const what = [deadRuns.length > 0 && `${deadRuns.length === 1 ? 'that run' : `these ${deadRuns.length} runs`}`, targets.length > 0 && (targets.length === 1 ? targets[0].name : `these ${targets.length} objects`)].filter(Boolean).join(' and ');
    if (!(await askOnTerminal(`Remove ${what}? [y/N] `))) {
      console.log('Nothing removed.');
      return 0;
    }
  }
  let failed = 0;
  for (const run of deadRuns) {
    try {
      for (const line of describeLeftovers([removeDeadRun(run)])) console.log(line);
    } catch (error) {
      failed += 1;
      console.error(`process-lab ipcrm: run ${run.runId} not fully removed: ${(error as Error).message}`);
    }
  }
  const lab = createLab({ frontDoor: 'cli' });
  for (const o of targets) {
    // Confirmed by name: the engine re-reads the object and refuses if the id now names another.
    const result = await lab.call('system.remove', { kind: o.kind, id: o.id, confirm: o.name });
    if (result.ok) {
      console.log(`removed ${o.name}`);
    } else {
      failed += 1;
      console.error(`process-lab ipcrm: ${o.name} not removed: ${result.error.code}: ${result.error.message}`);
    }
  }
  return failed > 0 ? 1 : 0;
}
