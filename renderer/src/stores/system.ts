import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { ObjectSnapshot } from '@contract/runs';
import type { PipeEnd, SystemList, SystemObject, SystemObjectKind, SystemProcess } from '@contract/system';
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
  /** The orphans the user may remove (their own), among those shown. */
  const removableOrphans = computed(() => visible.value.filter((o) => o.orphan.status === 'orphan' && o.removable && !o.lab.runLive));

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
      pipes.value = { ...answer, ends: [...answer.ends].sort((a, b) => a.fd - b.fd) };
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
    list, loading, error, notice, kind, orphansOnly, labOnly, text, sortColumn, sortAscending, visible, removableOrphans,
    sortBy, refresh, autoRefresh, setAutoRefresh, remove,
    processes, pipesPid, pipes, pipesError, loadProcesses, loadPipes,
    segment, segmentError, loadSegment, dispose,
  };
});
