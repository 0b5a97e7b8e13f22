import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { ObjectSnapshot } from '@contract/runs';
import type { OrphanPlanView, OrphanSweep, PipeEnd, SystemList, SystemObject, SystemObjectKind, SystemProcess } from '@contract/system';
import { errorText, labClient } from '../transport/client';

export type SortColumn = 'kind' | 'id' | 'owner' | 'permissions' | 'size' | 'attached' | 'changed' | 'orphan';

export const KIND_LABELS: Record<SystemObjectKind, string> = {
  'sysv-shm': 'System V shm',
  'sysv-msg': 'System V queue',
  'sysv-sem': 'System V sem set',
  'posix-shm': 'POSIX shm',
  'posix-mq': 'POSIX queue',
  'posix-sem': 'POSIX semaphore',
};

// Numbers compare as numbers, and numbers inside text too ("shm 9" before "shm 10"): PIDs, ids
// and descriptors sorted as text read 1, 10, 12481, 13.
const natural = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
function compareNatural(x: string | number, y: string | number): number {
  if (typeof x === 'number' && typeof y === 'number') return x - y;
  return natural.compare(String(x), String(y));
}

function sortValue(o: SystemObject, column: SortColumn): string | number {
  switch (column) {
    case 'kind': return o.kind;
    case 'id': return /^\d+$/.test(o.id) ? Number(o.id) : o.id;
    case 'owner': return o.owner.user ?? String(o.owner.uid);
    case 'permissions': return o.mode;
    case 'size': return o.size ?? -1;
    case 'attached': return o.attached ?? o.messages ?? o.semaphores ?? -1;
    case 'changed': return o.times.ctime ?? '';
    case 'orphan': return o.orphan.status;
  }
}

const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** What a sweep did, in words: each run whose engine stopped, the other objects, what was left. */
function sweepText(done: OrphanSweep): string {
  const parts: string[] = [];
  for (const run of done.runs) {
    if (run.error) parts.push(`Run ${run.runId} not fully removed: ${run.error}.`);
    else {
      const killed = run.killed.length ? `killed ${run.killed.map((k) => `${k.process} (PID ${k.pid})`).join(', ')}` : 'no process of it was still running';
      const removed = run.removed.length ? `removed ${run.removed.join(', ')}` : 'no object of it was left';
      parts.push(`Run ${run.runId} (engine stopped): ${killed}; ${removed}; its directory removed.`);
    }
  }
  const failed = done.objects.filter((o) => o.error);
  const removed = done.objects.length - failed.length;
  if (done.objects.length) parts.push(`Removed ${count(removed, 'other orphan')}${failed.length ? ` of ${done.objects.length}` : ''}.`);
  if (failed.length) parts.push(`Not removed: ${failed.map((o) => `${o.name}: ${o.error!.code}: ${o.error!.message}`).join('; ')}.`);
  if (done.notFound) parts.push(`${count(done.notFound, 'confirmed orphan')} ${done.notFound === 1 ? 'was' : 'were'} gone already or no longer orphaned: left as ${done.notFound === 1 ? 'it is' : 'they are'}.`);
  if (done.leftAlone) parts.push(`${count(done.leftAlone, 'orphan')} found since the confirmation ${done.leftAlone === 1 ? 'was' : 'were'} left alone.`);
  return parts.join(' ') || 'Nothing to remove.';
}

/** The system IPC inspector: every IPC object of the machine, its orphans, pipes, segment bytes. */
export const useSystemStore = defineStore('system', () => {
  const list = ref<SystemList | null>(null);
  const loading = ref(false);
  const error = ref<string | null>(null);
  const notice = ref<string | null>(null);

  const kind = ref<SystemObjectKind | 'all'>('all');
  const orphansOnly = ref(false);
  const labOnly = ref(false);
  const text = ref('');
  const sortColumn = ref<SortColumn>('kind');
  const sortAscending = ref(true);

  const visible = computed(() => {
    const needle = text.value.trim().toLowerCase();
    const rows = (list.value?.objects ?? []).filter((o) =>
      (kind.value === 'all' || o.kind === kind.value) &&
      (!orphansOnly.value || o.orphan.status === 'orphan') &&
      (!labOnly.value || o.lab.made) &&
      (!needle || `${o.name} ${o.owner.user ?? o.owner.uid} ${o.orphan.why} ${o.lab.runId ?? ''}`.toLowerCase().includes(needle)));
    const sign = sortAscending.value ? 1 : -1;
    return rows.sort((a, b) => compareNatural(sortValue(a, sortColumn.value), sortValue(b, sortColumn.value)) * sign);
  });

  function sortBy(column: SortColumn): void {
    if (sortColumn.value === column) sortAscending.value = !sortAscending.value;
    else {
      sortColumn.value = column;
      sortAscending.value = true;
    }
  }

  async function refresh(): Promise<void> {
    loading.value = true;
    try {
      list.value = await labClient().call('system.list', {});
      error.value = null;
    } catch (caught) {
      error.value = errorText(caught);
    } finally {
      loading.value = false;
    }
  }

  const autoRefresh = ref(false);
  let timer: ReturnType<typeof setInterval> | undefined;
  function setAutoRefresh(on: boolean): void {
    autoRefresh.value = on;
    if (timer) clearInterval(timer);
    timer = on ? setInterval(() => { if (!loading.value) void refresh(); }, 2000) : undefined;
  }

  /** Removes each object by its own call, confirmed by the name the user saw. */
  async function remove(objects: SystemObject[]): Promise<void> {
    const failures: string[] = [];
    let removed = 0;
    for (const o of objects) {
      try {
        await labClient().call('system.remove', { kind: o.kind, id: o.id, confirm: o.name });
        removed += 1;
      } catch (caught) {
        failures.push(`${o.name}: ${errorText(caught)}`);
      }
    }
    notice.value = `Removed ${removed} of ${objects.length}.` + (failures.length ? ` Not removed: ${failures.join('; ')}` : '');
    await refresh();
  }

  /** What "Remove all orphans" would remove (system.orphanPlan), shown for confirmation. */
  const orphanPlan = ref<OrphanPlanView | null>(null);
  async function planOrphans(): Promise<void> {
    try {
      orphanPlan.value = await labClient().call('system.orphanPlan', {});
      error.value = null;
    } catch (caught) {
      error.value = `Could not list the orphans to remove: ${errorText(caught)}`;
    }
  }
  /**
   * Removes what `plan` names, as `process-lab ipcrm --orphans` does (the engine makes the plan
   * again and acts only on what was confirmed); the notice says what went and what did not.
   */
  async function removeAllOrphans(plan: OrphanPlanView): Promise<void> {
    orphanPlan.value = null;
    try {
      const done = await labClient().call('system.removeOrphans', {
        runs: plan.runs.map((r) => r.runId),
        objects: plan.objects.map(({ kind, id, name }) => ({ kind, id, name })),
      });
      notice.value = sweepText(done);
    } catch (caught) {
      notice.value = `Nothing removed: ${errorText(caught)}`;
    }
    await refresh();
  }

  const processes = ref<SystemProcess[]>([]);
  const pipesPid = ref<number | null>(null);
  const pipes = ref<{ pid: number; command: string; ends: PipeEnd[]; unreadable: number } | null>(null);
  const pipesError = ref<string | null>(null);
  async function loadProcesses(): Promise<void> {
    try {
      processes.value = (await labClient().call('system.processes', {})).sort((a, b) => a.pid - b.pid);
    } catch (caught) {
      pipesError.value = errorText(caught);
    }
  }
  async function loadPipes(pid: number): Promise<void> {
    pipesPid.value = pid;
    try {
      const answer = await labClient().call('system.pipes', { pid });
      // Descriptors and the other holders' PIDs in numeric order (the engine lists them as /proc gives them).
      const ends = [...answer.ends].sort((a, b) => a.fd - b.fd)
        .map((end) => ({ ...end, peers: [...end.peers].sort((a, b) => a.pid - b.pid || a.fd - b.fd) }));
      pipes.value = { ...answer, ends };
      pipesError.value = null;
    } catch (caught) {
      pipes.value = null;
      pipesError.value = errorText(caught);
    }
  }

  const segment = ref<ObjectSnapshot | null>(null);
  const segmentError = ref<string | null>(null);
  async function loadSegment(shmid: number, offset = 0, length = 1024): Promise<void> {
    try {
      segment.value = await labClient().call('system.segment', { shmid, offset, length });
      segmentError.value = null;
    } catch (caught) {
      segment.value = null;
      segmentError.value = errorText(caught);
    }
  }

  function dispose(): void {
    setAutoRefresh(false);
  }

  return {
    list, loading, error, notice, kind, orphansOnly, labOnly, text, sortColumn, sortAscending, visible,
    sortBy, refresh, autoRefresh, setAutoRefresh, remove, orphanPlan, planOrphans, removeAllOrphans,
    processes, pipesPid, pipes, pipesError, loadProcesses, loadPipes,
    segment, segmentError, loadSegment, dispose,
  };
});
