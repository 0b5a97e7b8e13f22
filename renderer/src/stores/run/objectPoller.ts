// The kernel's figures for a live run, read while it runs: each object's snapshot (run.inspect:
// nattch, bytes queued, a segment's bytes) and each process's CPU time (run.processes). Kept
// after the run ends, marked gone, because the objects then no longer exist to be read.
import { ref } from 'vue';
import type { ObjectSnapshot } from '@contract';
import type { ScenarioDoc } from '../../model/doc';
import { errorText, type LabClient } from '../../transport/client';

export interface LiveSnapshot extends ObjectSnapshot {
  /** When it was read (ms, performance.now), and the previous bytes for change highlighting. */
  readAt: number;
  previousBytes?: number[];
  error?: string;
  /** The object is gone from the kernel; the figures are the last ones read while it existed. */
  gone?: boolean;
}

/** How often the figures are read while a run is live (ms). */
const POLL_MS = 300;
/** A read still unanswered after this long (ms, a busy engine) no longer holds the next one back. */
const STUCK_MS = 2000;
/** Bytes of a segment read by default; the inspector asks for more (setInspectLength). */
const SHM_VIEW_BYTES = 4096;
/** run.inspect's largest read (the contract's limit). */
const INSPECT_MAX = 65_536;

export function createObjectPoller(client: () => LabClient, target: () => { runId: string | null; scenario: ScenarioDoc | undefined }) {
  const snapshots = ref<Record<string, LiveSnapshot>>({});
  /** CPU milliseconds used by each process so far (run.processes). */
  const cpu = ref<Record<string, number>>({});
  const inspectLength = ref<Record<string, number>>({});
  let timer: ReturnType<typeof setInterval> | undefined;
  let inFlightSince: number | undefined;

  async function readObject(runId: string, object: ScenarioDoc['objects'][number]): Promise<void> {
    const size = typeof object.size === 'number' ? object.size : SHM_VIEW_BYTES;
    const length = object.kind === 'shm' ? Math.min(size, inspectLength.value[object.id] ?? SHM_VIEW_BYTES, INSPECT_MAX) : undefined;
    const previous = snapshots.value[object.id];
    try {
      const snapshot = await client().call('run.inspect', length ? { runId, object: object.id, offset: 0, length } : { runId, object: object.id });
      if (target().runId !== runId) return;
      const last = snapshots.value[object.id];
      if (!snapshot.exists && last && (last.exists || last.gone)) {
        // Removed (shm.destroy, end of run): keep showing what the kernel last said.
        snapshots.value = { ...snapshots.value, [object.id]: { ...last, exists: false, gone: true } };
        return;
      }
      snapshots.value = {
        ...snapshots.value,
        [object.id]: { ...snapshot, readAt: performance.now(), previousBytes: last?.bytes ?? last?.previousBytes },
      };
    } catch (caught) {
      if (target().runId !== runId) return;
      const last = snapshots.value[object.id] ?? previous;
      // Keep the last figures the kernel gave: once a run ends, the objects are gone.
      if (last) snapshots.value = { ...snapshots.value, [object.id]: { ...last, error: errorText(caught) } };
    }
  }

  async function readProcesses(runId: string): Promise<void> {
    try {
      const list = await client().call('run.processes', { runId });
      if (target().runId === runId) cpu.value = Object.fromEntries(list.map((f) => [f.process, f.cpuMs]));
    } catch {
      // The run ended and its processes are gone: keep the last figures.
    }
  }

  /** One read of every figure; skipped while the previous one is still answering. */
  async function pollOnce(): Promise<void> {
    const { runId, scenario } = target();
    if (!runId || !scenario) return;
    if (inFlightSince !== undefined && performance.now() - inFlightSince < STUCK_MS) return;
    const mine = (inFlightSince = performance.now());
    try {
      await Promise.all([readProcesses(runId), ...scenario.objects.map((object) => readObject(runId, object))]);
    } finally {
      if (inFlightSince === mine) inFlightSince = undefined;
    }
  }

  function start(): void {
    stop();
    void pollOnce();
    timer = setInterval(() => void pollOnce(), POLL_MS);
  }

  function stop(): void {
    if (timer !== undefined) clearInterval(timer);
    timer = undefined;
  }

  /** Forgets every figure (a new run, or none). */
  function reset(): void {
    stop();
    snapshots.value = {};
    cpu.value = {};
  }

  /** The inspector shows `length` bytes of segment `object` from now on. */
  function setInspectLength(object: string, length: number): void {
    inspectLength.value = { ...inspectLength.value, [object]: length };
  }

  return { snapshots, cpu, pollOnce, start, stop, reset, setInspectLength };
}
