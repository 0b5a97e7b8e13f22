// `process-lab ipcs [--json]`: every IPC object of the machine, grouped by kind, as ipcs(1) and
// lsipc(1) show them, plus who uses each, orphans with the reason, and Process Lab's own marked.
import type { SystemList, SystemObject, SystemObjectKind } from '../contract/system';
import { countOf } from '../contract/units';
import { createLab } from '../engine/lab';
import { yourOrphans } from '../engine/system/sweep';
import { formatTable } from './table';
import { parseOptions, UsageError } from './usage';

const KIND_TITLES: Record<SystemObjectKind, string> = {
  'sysv-shm': 'System V shared memory',
  'sysv-msg': 'System V message queues',
  'sysv-sem': 'System V semaphore sets',
  'posix-shm': 'POSIX shared memory (/dev/shm)',
  'posix-mq': 'POSIX message queues',
  'posix-sem': 'POSIX named semaphores (/dev/shm/sem.*)',
};

export async function loadSystemList(): Promise<SystemList> {
  const lab = createLab({ frontDoor: 'cli' });
  const result = await lab.call('system.list', {});
  if (!result.ok) throw new Error(result.error.message);
  return result.value as SystemList;
}

const when = (iso: string | null | undefined) => (iso ? iso.slice(0, 19).replace('T', ' ') : '-');

function pidsText(object: SystemObject): string {
  if (object.holders) return object.holders.length ? object.holders.map((h) => `${h.pid} ${h.command} (${h.how})`).join(', ') : '-';
  return object.pids.map((p) => `${p.role} ${p.pid}${p.alive ? '' : ' (dead)'}`).join(', ') || '-';
}

function useText(object: SystemObject): string {
  if (object.kind === 'sysv-shm') return `${object.attached} attached`;
  if (object.kind === 'sysv-msg') return `${countOf(object.messages ?? 0, 'msg')}, ${object.bytesQueued} B`;
  if (object.kind === 'sysv-sem') return countOf(object.semaphores ?? 0, 'sem');
  return countOf(object.attached ?? 0, 'user');
}

function flags(object: SystemObject): string {
  const marks: string[] = [];
  if (object.orphan.status === 'orphan') marks.push('ORPHAN');
  if (object.lab.made) marks.push(object.lab.runId ? `lab (run ${object.lab.runId}${object.lab.runLive ? ', running' : object.lab.runEngineStopped ? ', engine stopped' : ', ended'})` : 'lab');
  if (object.markedForDestruction) marks.push('removal pending');
  if (!object.removable) marks.push('not yours');
  return marks.join(' ');
}

function formatSystemList(list: SystemList): string {
  const lines: string[] = [];
  for (const [kind, title] of Object.entries(KIND_TITLES) as Array<[SystemObjectKind, string]>) {
    const objects = list.objects.filter((o) => o.kind === kind);
    lines.push(`${title}: ${objects.length}`);
    if (kind === 'posix-mq' && !list.mqueue.mounted) lines.push(`  ${list.mqueue.note}`);
    if (objects.length === 0) {
      lines.push('');
      continue;
    }
    const rows = [['ID', 'KEY', 'OWNER', 'PERMS', 'SIZE', 'USE', 'PIDS', 'CHANGED', 'FLAGS']];
    for (const o of objects) {
      rows.push([
        o.id, o.key === undefined ? '-' : `0x${o.key.toString(16).padStart(8, '0')}`, o.owner.user ?? String(o.owner.uid), o.permissions,
        o.size === undefined ? '-' : String(o.size), useText(o), pidsText(o), when(o.times.ctime), flags(o),
      ]);
    }
    lines.push(...formatTable(rows).map((l) => `  ${l}`));
    for (const o of objects.filter((x) => x.orphan.status === 'orphan')) lines.push(`  * ${o.id} is an orphan: ${o.orphan.why}`);
    lines.push('');
  }
  const orphans = list.objects.filter((o) => o.orphan.status === 'orphan');
  const yours = yourOrphans(list);
  const stopped = new Set(yours.flatMap((o) => (o.lab.runEngineStopped && o.lab.runId ? [o.lab.runId] : [])));
  const ofStopped = stopped.size > 0 ? `, ${yours.filter((o) => o.lab.runEngineStopped).length} of them left by ${stopped.size === 1 ? 'a run' : `${stopped.size} runs`} whose engine stopped` : '';
  lines.push(`${countOf(list.objects.length, 'object')}, ${countOf(orphans.length, 'orphan')} (${yours.length} yours${ofStopped}: process-lab ipcrm --orphans removes ${yours.length === 1 ? 'it' : 'them'}).`);
  if (list.processes.unreadable > 0) {
    const n = list.processes.unreadable;
    lines.push(`${n} process${n === 1 ? '' : 'es'} could not be read (other users'): their use of POSIX objects is not seen.`);
  }
  return lines.join('\n');
}

export async function ipcsCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseOptions(argv, { json: { type: 'boolean' } }, true);
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const list = await loadSystemList();
  console.log(values.json ? JSON.stringify(list, null, 2) : formatSystemList(list));
  return 0;
}
