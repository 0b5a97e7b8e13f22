import { defineStore } from 'pinia';
import { computed, ref, shallowRef, toRaw, triggerRef } from 'vue';
import type { RunEvent } from '@scenario/events';
import type { ObjectSnapshot, RunSummary } from '@contract';
import { labClient, LabCallError } from '../transport/client';
import { type ScenarioDoc } from '../model/doc';
import { type RunModel, applyEvent, emptyRunModel, foldEvents } from '../model/runModel';
import { type TimelineModel, buildTimeline } from '../model/timelineModel';

export type RunPhase = 'idle' | 'starting' | 'live' | 'paused' | 'ended' | 'replay';

export interface LiveSnapshot extends ObjectSnapshot {
  /** When it was read (ms, performance.now), and the previous bytes for change highlighting. */
  readAt: number;
  previousBytes?: number[];
  error?: string;
  /** The object is gone from the kernel; the figures are the last ones read while it existed. */
  gone?: boolean;
}

const POLL_MS = 300;
const SHM_VIEW_BYTES = 4096;
const TIMELINE_THROTTLE_MS = 150;

function message(caught: unknown): string {
  if (caught instanceof LabCallError) return caught.code === 'UNAVAILABLE' ? `${caught.message} (the engine cannot run scenarios yet)` : `${caught.code}: ${caught.message}`;
  return caught instanceof Error ? caught.message : String(caught);
}

/**
 * One run at a time: the live one, or a recorded one reopened for replay. Events are kept in
 * a plain array (100 000 of them must not become reactive proxies); views read the folded
 * model and the timeline, both recomputed as batches arrive.
 */
export const useRunStore = defineStore('run', () => {
  const runId = ref<string | null>(null);
  const phase = ref<RunPhase>('idle');
  const error = ref<string | null>(null);
  const scenario = shallowRef<ScenarioDoc | undefined>();
  const events = shallowRef<RunEvent[]>([]);
  const live = shallowRef<RunModel>(emptyRunModel());
  /** Replay: how many events are shown (null: all of them). */
  const cursor = ref<number | null>(null);
  const snapshots = ref<Record<string, LiveSnapshot>>({});
  const timeline = shallowRef<TimelineModel>(buildTimeline([], undefined));
  const pausedProcesses = ref<string[]>([]);
  const inspectLength = ref<Record<string, number>>({});

  const orphanEvents = new Map<string, RunEvent[]>();
  let unsubscribe: (() => void) | undefined;
  let pollTimer: ReturnType<typeof setInterval> | undefined;
  /** CPU milliseconds used by each process so far (run.processes). */
  const cpu = ref<Record<string, number>>({});
  let timelineTimer: ReturnType<typeof setTimeout> | undefined;
  let polling = false;
  let pollStarted = 0;

  const model = computed<RunModel>(() => {
    void events.value;
    // A new object per batch: the live model is folded in place, and a computed that returned
    // the same object would not tell its readers anything changed.
    // Each process entry is copied too, so a component holding one entry re-renders.
    if (cursor.value === null) {
      const processes = new Map([...live.value.processes].map(([id, p]) => [id, { ...p }]));
      return { ...live.value, processes, console: live.value.console.slice(), signals: live.value.signals.map((s) => ({ ...s })) };
    }
    return foldEvents(events.value, scenario.value?.processes.map((p) => p.id) ?? [], cursor.value);
  });
  const active = computed(() => phase.value === 'live' || phase.value === 'paused' || phase.value === 'starting');
  const hasRun = computed(() => phase.value !== 'idle');

  function rebuildTimeline(): void {
    timelineTimer = undefined;
    timeline.value = buildTimeline(events.value, scenario.value);
  }
  function scheduleTimeline(): void {
    // Rebuilding is linear in the run's length: rebuild less often as a run grows.
    if (timelineTimer === undefined) timelineTimer = setTimeout(rebuildTimeline, Math.max(TIMELINE_THROTTLE_MS, events.value.length / 100));
  }

  function append(batch: readonly RunEvent[]): void {
    const model = live.value;
    for (const event of batch) {
      events.value.push(event);
      applyEvent(model, event);
      if (event.type === 'run.end') finish();
    }
    triggerRef(events);
    triggerRef(live);
    scheduleTimeline();
  }

  function listen(): void {
    if (unsubscribe) return;
    unsubscribe = labClient().onEvent((name, payload) => {
      if (name !== 'run.events' || !payload || typeof payload !== 'object') return;
      const push = payload as { runId?: string; events?: RunEvent[] };
      if (!push.runId || !Array.isArray(push.events)) return;
      if (push.runId === runId.value && phase.value !== 'replay') append(push.events);
      else if (phase.value === 'starting') {
        // Events may come before run.start answers with the id: keep them until it does.
        const list = orphanEvents.get(push.runId) ?? [];
        list.push(...push.events);
        orphanEvents.set(push.runId, list);
      }
    });
  }

  function reset(doc: ScenarioDoc | undefined, next: RunPhase): void {
    stopPolling();
    scenario.value = doc;
    events.value = [];
    live.value = emptyRunModel(doc?.processes.map((p) => p.id) ?? []);
    cursor.value = null;
    snapshots.value = {};
    pausedProcesses.value = [];
    error.value = null;
    phase.value = next;
    rebuildTimeline();
  }

  async function start(doc: ScenarioDoc): Promise<boolean> {
    if (active.value) return false;
    listen();
    const copy = structuredClone(toRaw(doc));
    reset(copy, 'starting');
    runId.value = null;
    orphanEvents.clear();
    try {
      const result = await labClient().call('run.start', { scenario: copy });
      runId.value = result.runId;
      phase.value = 'live';
      const early = orphanEvents.get(result.runId);
      orphanEvents.clear();
      if (early) append(early);
      startPolling();
      return true;
    } catch (caught) {
      phase.value = 'idle';
      error.value = message(caught);
      return false;
    }
  }

  function finish(): void {
    if (phase.value === 'live' || phase.value === 'paused' || phase.value === 'starting') phase.value = 'ended';
    stopPolling();
    rebuildTimeline();
  }

  async function control(method: 'run.stop' | 'run.pause' | 'run.resume', process?: string): Promise<boolean> {
    if (!runId.value) return false;
    try {
      if (method === 'run.stop') await labClient().call('run.stop', { runId: runId.value });
      else await labClient().call(method, process ? { runId: runId.value, process } : { runId: runId.value });
      return true;
    } catch (caught) {
      error.value = message(caught);
      return false;
    }
  }

  const stop = () => control('run.stop');
  async function togglePause(): Promise<void> {
    if (phase.value === 'live' && (await control('run.pause'))) phase.value = 'paused';
    else if (phase.value === 'paused' && (await control('run.resume'))) phase.value = 'live';
  }
  async function pauseProcess(process: string): Promise<void> {
    if (await control('run.pause', process)) pausedProcesses.value = [...new Set([...pausedProcesses.value, process])];
  }
  async function resumeProcess(process: string): Promise<void> {
    if (await control('run.resume', process)) pausedProcesses.value = pausedProcesses.value.filter((p) => p !== process);
  }

  async function signal(process: string, name: string): Promise<number | undefined> {
    if (!runId.value) return undefined;
    try {
      const { pid } = await labClient().call('run.signal', { runId: runId.value, process, signal: name as never });
      return pid;
    } catch (caught) {
      error.value = message(caught);
      return undefined;
    }
  }

  async function pollOnce(): Promise<void> {
    const id = runId.value;
    const doc = scenario.value;
    // One read at a time; a read that hangs (a busy engine) must not stop the figures for good.
    if (!id || !doc || (polling && performance.now() - pollStarted < 2000)) return;
    polling = true;
    pollStarted = performance.now();
    try {
      // CPU time per process, from /proc (the process table's CPU column).
      const figures = labClient().call('run.processes', { runId: id }).then(
        (list) => {
          if (runId.value === id) cpu.value = Object.fromEntries(list.map((f) => [f.process, f.cpuMs]));
        },
        () => {}, // the run ended and left memory: keep the last figures
      );
      await Promise.all([figures, ...doc.objects.map(async (object) => {
        const size = typeof object.size === 'number' ? object.size : SHM_VIEW_BYTES;
        const length = object.kind === 'shm' ? Math.min(size, inspectLength.value[object.id] ?? SHM_VIEW_BYTES, 65_536) : undefined;
        try {
          const snapshot = await labClient().call('run.inspect', length ? { runId: id, object: object.id, offset: 0, length } : { runId: id, object: object.id });
          if (runId.value !== id) return;
          const previous = snapshots.value[object.id];
          if (!snapshot.exists && previous && (previous.exists || previous.gone)) {
            // Removed (shm.destroy, end of run): keep showing what the kernel last said.
            snapshots.value = { ...snapshots.value, [object.id]: { ...previous, exists: false, gone: true } };
            return;
          }
          snapshots.value = {
            ...snapshots.value,
            [object.id]: { ...snapshot, readAt: performance.now(), previousBytes: previous?.bytes ?? previous?.previousBytes },
          };
        } catch (caught) {
          if (runId.value !== id) return;
          const previous = snapshots.value[object.id];
          // Keep the last figures the kernel gave: once a run ends, the objects are gone.
          if (previous) snapshots.value = { ...snapshots.value, [object.id]: { ...previous, error: message(caught) } };
        }
      })]);
    } finally {
      polling = false;
    }
  }
  function startPolling(): void {
    stopPolling();
    void pollOnce();
    pollTimer = setInterval(() => void pollOnce(), POLL_MS);
  }
  function stopPolling(): void {
    if (pollTimer !== undefined) clearInterval(pollTimer);
    pollTimer = undefined;
  }

  async function listRecorded(): Promise<RunSummary[]> {
    return labClient().call('run.list', {});
  }

  /** Reopens a recorded run: every event, page by page, then replay from the start. */
  async function openRecorded(id: string, doc: ScenarioDoc | undefined): Promise<boolean> {
    if (active.value) return false;
    reset(doc ? structuredClone(toRaw(doc)) : undefined, 'replay');
    runId.value = id;
    try {
      let from = 0;
      const all: RunEvent[] = [];
      for (;;) {
        const page = await labClient().call('run.events', { runId: id, from, limit: 10_000 });
        all.push(...page.events);
        if (page.done || page.events.length === 0) break;
        from = page.next;
      }
      // A run records its scenario in run.start: the events get their meaning from it, even
      // when another scenario is open in the editor.
      const start = all.find((e) => e.type === 'run.start');
      const recorded = start && start.type === 'run.start' ? (start.scenario as ScenarioDoc | undefined) : undefined;
      if (recorded) reset(structuredClone(recorded), 'replay');
      runId.value = id;
      append(all);
      phase.value = 'replay';
      cursor.value = 0;
      rebuildTimeline();
      return true;
    } catch (caught) {
      error.value = message(caught);
      phase.value = 'idle';
      return false;
    }
  }

  function setCursor(index: number | null): void {
    cursor.value = index === null ? null : Math.max(0, Math.min(index, events.value.length));
    rebuildTimeline();
  }

  function setInspectLength(object: string, length: number): void {
    inspectLength.value = { ...inspectLength.value, [object]: length };
  }

  function clear(): void {
    reset(undefined, 'idle');
    runId.value = null;
  }

  return {
    runId, phase, error, scenario, events, model, cursor, snapshots, timeline, pausedProcesses, active, hasRun, cpu,
    start, stop, togglePause, pauseProcess, resumeProcess, signal, listRecorded, openRecorded, setCursor, clear,
    setInspectLength, pollOnce,
  };
});
