// `process-lab ipcrm --orphans | --id KIND:ID [--yes]`: removes the user's own orphans, or one
// object, each by a separate confirmed call (never a blanket removal). It lists what it would
// remove and asks on the terminal; without a terminal it needs --yes, so a script never removes
// something nobody saw. Exit 0 all removed, 1 something failed, 2 usage (or nobody to ask).
import { createInterface } from 'node:readline/promises';
import { SYSTEM_OBJECT_KINDS, type SystemObject, type SystemObjectKind } from '../contract/system';
import { createLab } from '../engine/lab';
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
    const orphans = list.objects.filter((o) => o.orphan.status === 'orphan');
    targets = orphans.filter((o) => o.removable);
    const others = orphans.length - targets.length;
    if (others > 0) console.log(`${others} orphan${others === 1 ? '' : 's'} not yours (or not removable here) left alone.`);
    if (targets.length === 0) {
      console.log('No orphans of yours to remove.');
      return 0;
    }
  }
  console.log(`Would remove ${targets.length} object${targets.length === 1 ? '' : 's'}:`);
  for (const o of targets) console.log(`  ${o.name}  (${o.orphan.status === 'orphan' ? `orphan: ${o.orphan.why}` : `${o.orphan.status}: ${o.orphan.why}`})`);
  if (!values.yes) {
    if (!process.stdin.isTTY) {
      console.error('process-lab ipcrm: refusing: no terminal to confirm on. Nothing was removed; run again with --yes to remove the objects listed above.');
      return 2;
    }
    if (!(await askOnTerminal(`Remove ${targets.length === 1 ? targets[0].name : `these ${targets.length} objects`}? [y/N] `))) {
      console.log('Nothing removed.');
      return 0;
    }
  }
  const lab = createLab({ frontDoor: 'cli' });
  let failed = 0;
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
