// One run at a time: the live one, or a recorded one reopened for replay. The store owns the
// run's phase and its controls; the jobs are in ./run/: the event log and what is folded from it,
// the objects' kernel state included (eventLog), the live pushes (liveEvents) and recorded runs
// (recorded). Objects and CPU times come from the events (object.state, process.cpu), so a live
// run, its end and its replay show the same figures.
import { defineStore } from 'pinia';
import { computed, ref, toRaw } from 'vue';
import type { MethodArgs, RunSummary } from '@contract';
import type { SignalName } from '@scenario/signals';
import type { ScenarioDoc } from '../model/doc';
import { engineLostModel, isLive } from '../model/runModel';
import { errorText, labClient, LabCallError } from '../transport/client';
import { createEventLog } from './run/eventLog';
import { createLiveEvents } from './run/liveEvents';
import { PAGE_EVENTS, readRecordedRun } from './run/recorded';


export type RunPhase = 'idle' | 'starting' | 'live' | 'paused' | 'ended' | 'replay';

/** A failed call in words; an engine that cannot run scenarios here says so. */
function runError(caught: unknown): string {
  if (caught instanceof LabCallError && caught.code === 'UNAVAILABLE') return `${caught.message} (the engine cannot run scenarios yet)`;
  return errorText(caught);
}

/** Why events `from`..`to` (exclusive) of a live run are not shown, in words. */
function missedText(from: number, to: number): string {
  const count = to - from;
  const which = count === 1 ? `Event ${from + 1} was` : `${count} events (${from + 1} to ${to}) were`;
  return `${which} not received: this page fell behind and the engine no longer holds them (its memory keeps the last 4 MiB of a run's events, and a recording stops at its cap; see run.limit).`;
}

export const useRunStore = defineStore('run', () => {
  const runId = ref<string | null>(null);
  const phase = ref<RunPhase>('idle');
  const error = ref<string | null>(null);
  const pausedProcesses = ref<string[]>([]);
  /** Events of the live run this page never received (the engine held them no more). */
  const missed = ref(0);
  /** The engine's connection: false from the moment it closes until it opens again. */
  const connected = ref(true);

  const log = createEventLog();
  const liveEvents = createLiveEvents(
    labClient,
    (batch) => {
      if (log.append(batch)) finish();
    },
    (from, to) => {
      missed.value += to - from;
      log.notice(missedText(from, to));
    },
  );
  /** The live run was shown as ended because the engine went away: it may come back. */
  const engineLost = ref(false);
  labClient().onConnection((up) => {
    connected.value = up;
    if (!up && active.value) {
      // Nothing of the run can be known any more: no control works, its end is unknown.
      engineLost.value = true;
      phase.value = 'ended';
    } else if (up && engineLost.value) {
      engineLost.value = false; // the same engine is back: the run goes on (liveEvents reads what came since)
      if (phase.value === 'ended' && log.model.value.status === undefined) phase.value = 'live';
    }
  });
  /** What the views show: the processes that were live have an unknown state while the engine is lost. */
  const model = computed(() => (engineLost.value && log.model.value.status === undefined ? engineLostModel(log.model.value) : log.model.value));

  const active = computed(() => phase.value === 'live' || phase.value === 'paused' || phase.value === 'starting');
  const hasRun = computed(() => phase.value !== 'idle');

  function reset(doc: ScenarioDoc | undefined, next: RunPhase): void {
    log.reset(doc);
    pausedProcesses.value = [];
    missed.value = 0;
    engineLost.value = false;
    error.value = null;
    phase.value = next;
  }

  function finish(): void {
    if (active.value) phase.value = 'ended';
  }

  /**
   * Starts a run of `doc`; `time`: its mode, slow speed and breakpoints (stores/timeControl);
   * `fileName`: the name of its file, which a page that adopts the run keeps.
   */
  async function start(doc: ScenarioDoc, time: Pick<MethodArgs<'run.start'>, 'mode' | 'slowMs' | 'breakpoints'> = {}, fileName?: string): Promise<boolean> {
    if (active.value) return false;
    const copy = structuredClone(toRaw(doc));
    reset(copy, 'starting');
    runId.value = null;
    liveEvents.awaitStart();
    try {
      const result = await labClient().call('run.start', { scenario: copy, ...time, ...(fileName ? { fileName } : {}) });
      runId.value = result.runId;
      phase.value = 'live';
      liveEvents.adopt(result.runId); // the events that came early are delivered now
      return true;
    } catch (caught) {
      liveEvents.release();
      phase.value = 'idle';
      error.value = runError(caught);
      return false;
    }
  }

  /**
   * Takes over live run `id`, started by another page or before a reload (run.list says
   * `running`): its events so far, then its pushes, as if this page had started it, paused as
   * `paused` says (run.list's `time.paused`). False (and `error` set) when it cannot be read; a
   * run that ended meanwhile shows as ended.
   */
  async function adopt(id: string, paused?: { run: boolean; processes: string[] }): Promise<boolean> {
    if (active.value) return false;
    let first;
    try {
      first = await labClient().call('run.events', { runId: id, from: 0, limit: PAGE_EVENTS });
    } catch (caught) {
      error.value = runError(caught);
      return false;
    }
    if (active.value) return false; // the user started a run meanwhile
    const begin = first.events.find((event) => event.type === 'run.start');
    reset(begin?.type === 'run.start' ? structuredClone(begin.scenario as ScenarioDoc | undefined) : undefined, 'live');
    runId.value = id;
    if (paused) {
      // As the page that paused it showed it: the toolbar's Pause, or the processes paused one by one.
      pausedProcesses.value = [...paused.processes];
      if (paused.run) phase.value = 'paused';
    }
    liveEvents.resume(id, first.events, first.next);
    return true;
  }

  /** Runs one control call on the current run; false (and `error` set) when it failed. */
  async function control(call: (id: string) => Promise<unknown>): Promise<boolean> {
    if (!runId.value) return false;
    try {
      await call(runId.value);
      return true;
    } catch (caught) {
      error.value = runError(caught);
      return false;
    }
  }

  const stop = () => control((id) => labClient().call('run.stop', { runId: id }));
  async function togglePause(): Promise<void> {
    if (phase.value === 'live' && (await control((id) => labClient().call('run.pause', { runId: id })))) {
      phase.value = 'paused';
      pausedProcesses.value = log.model.value.order.filter((id) => isLive(log.model.value.processes.get(id)));
    } else if (phase.value === 'paused' && (await control((id) => labClient().call('run.resume', { runId: id })))) {
      phase.value = 'live';
      pausedProcesses.value = [];
    }
  }
  /** Stopped by the lab (Pause, SIGSTOP) or seen stopped by the kernel (state T). */
  function isStopped(process: string): boolean {
    return pausedProcesses.value.includes(process) || log.model.value.processes.get(process)?.state === 'T';
  }
  async function pauseProcess(process: string): Promise<void> {
    if (await control((id) => labClient().call('run.pause', { runId: id, process }))) pausedProcesses.value = [...new Set([...pausedProcesses.value, process])];
  }
  async function resumeProcess(process: string): Promise<void> {
    if (await control((id) => labClient().call('run.resume', { runId: id, process }))) {
      pausedProcesses.value = pausedProcesses.value.filter((p) => p !== process);
      if (phase.value === 'paused' && pausedProcesses.value.length === 0) phase.value = 'live';
    }
  }

  /** Sends `name` (from signals.table) to a process of the run; its PID, or undefined (and `error` set). */
  async function signal(process: string, name: string): Promise<number | undefined> {
    let pid: number | undefined;
    await control(async (id) => ({ pid } = await labClient().call('run.signal', { runId: id, process, signal: name as SignalName })));
    return pid;
  }

  async function listRecorded(): Promise<RunSummary[]> {
    return labClient().call('run.list', {});
  }

  /** Reopens a recorded run: every event, then replay from the start. */
  async function openRecorded(id: string, doc: ScenarioDoc | undefined): Promise<boolean> {
    if (active.value) return false;
    liveEvents.release();
    reset(doc ? structuredClone(toRaw(doc)) : undefined, 'replay');
    runId.value = id;
    try {
      const recorded = await readRecordedRun(labClient(), id);
      if (recorded.scenario) log.reset(structuredClone(recorded.scenario));
      log.append(recorded.events);
      log.setCursor(0);
      return true;
    } catch (caught) {
      error.value = errorText(caught);
      phase.value = 'idle';
      return false;
    }
  }

  function clear(): void {
    liveEvents.release();
    reset(undefined, 'idle');
    runId.value = null;
  }

  return {
    runId, phase, error, pausedProcesses, missed, connected, engineLost, active, hasRun,
    scenario: log.scenario, events: log.events, model, objects: log.objects, cursor: log.cursor, timeline: log.timeline,
    start, adopt, stop, togglePause, pauseProcess, resumeProcess, isStopped, signal, listRecorded, openRecorded, clear,
    setCursor: log.setCursor,
  };
});
