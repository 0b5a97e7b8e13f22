// The run's time control (ARCHITECTURE.md, "Time is the user's"): the mode a run starts in and
// is switched to while live (run at full speed, slow, step), the slow speed, the breakpoints set
// in the program editor, and the user's scheduling: step one process, step all, continue. The
// engine holds the gates (run.time, run.step); this store says what the user asked for.
import { defineStore, storeToRefs } from 'pinia';
import { computed, ref, watch } from 'vue';
import type { MethodArgs } from '@contract';
import { labClient, errorText } from '../transport/client';
import { useRunStore } from './run';
import { useScenarioStore } from './scenario';
import { useUiStore } from './ui';
import { samePath, type ScenarioDoc } from '../model/doc';
import { stepAtPath } from '../model/gateStatus';

export type RunMode = 'run' | 'slow' | 'step';
export const RUN_MODES: readonly RunMode[] = ['run', 'slow', 'step'];
/** The slow speeds offered: how long each process waits at its gate before each step (ms). */
export const SLOW_SPEEDS: readonly number[] = [50, 100, 200, 500, 1000, 2000, 5000];

/** A breakpoint on a step; `all`: the whole run stops there (step mode), not only its process. */
export interface BreakpointRef { process: string; index: number[]; all?: boolean }

type TimeArgs = Pick<MethodArgs<'run.start'>, 'mode' | 'slowMs' | 'breakpoints'>;

export const useTimeControlStore = defineStore('timeControl', () => {
  const run = useRunStore();
  const { runId, phase, model, scenario: runScenario } = storeToRefs(run);
  const scenario = useScenarioStore();
  const ui = useUiStore();
  const mode = ref<RunMode>('run');
  const slowMs = ref(500);
  const breakpoints = ref<BreakpointRef[]>([]);
  /** A whole-run breakpoint switched the run to step mode: the mode Continue goes back to. */
  const resumeMode = ref<RunMode | null>(null);

  /** A run the engine still holds gates for. */
  const live = computed(() => !!runId.value && (phase.value === 'live' || phase.value === 'paused'));
  /** Processes stopped before a breakpoint now. */
  const atBreakpoint = computed(() => model.value.order.filter((id) => model.value.processes.get(id)?.atBreakpoint));
  /** Processes held at their gate now (any mode); none once the run is no longer live (ended, engine gone). */
  const atGate = computed(() => !live.value ? [] : model.value.order.filter((id) => model.value.processes.get(id)?.atGate));
  /** The user holds the live run's time (a mode other than full speed, breakpoints, a process held): the gates are worth showing. */
  const holding = computed(() => live.value && (mode.value !== 'run' || breakpoints.value.length > 0 || atGate.value.length > 0));

  // Another scenario: its steps are not the ones the breakpoints were set on.
  watch(() => scenario.loads, () => (breakpoints.value = []));
  // The run ended while a whole-run breakpoint held it in step mode: the next run starts in the user's mode.
  watch(live, (now) => {
    if (now || resumeMode.value === null) return;
    mode.value = resumeMode.value;
    resumeMode.value = null;
  });

  /** Breakpoints on steps that exist in `doc` (an edited program may have lost some). */
  function breakpointsFor(doc: ScenarioDoc | undefined): { process: string; index: number[] }[] {
    return breakpoints.value
      .filter((b) => stepAtPath(doc?.processes.find((p) => p.id === b.process)?.program, b.index))
      .map((b) => ({ process: b.process, index: [...b.index] }));
  }

  /** What run.start takes for a run of `doc`. */
  function startSettings(doc: ScenarioDoc): TimeArgs {
    const list = breakpointsFor(doc);
    return { mode: mode.value, ...(mode.value === 'slow' ? { slowMs: slowMs.value } : {}), ...(list.length ? { breakpoints: list } : {}) };
  }

  async function send(settings: TimeArgs): Promise<boolean> {
    if (!live.value || !runId.value) return true;
    try {
      await labClient().call('run.time', { runId: runId.value, ...settings });
      return true;
    } catch (caught) {
      ui.toast(`The run's time could not change: ${errorText(caught)}`, 'error', 6000);
      return false;
    }
  }

  /** The mode of the next run, and of the live one now. */
  async function setMode(next: RunMode): Promise<void> {
    mode.value = next;
    resumeMode.value = null;
    await send({ mode: next, ...(next === 'slow' ? { slowMs: slowMs.value } : {}) });
  }
  /** The settings of a live run this page adopted (run.list's `time`): shown as they are, not sent back. */
  function adoptSettings(time: { mode: RunMode; slowMs: number; breakpoints: { process: string; index: number[] }[] }): void {
    mode.value = time.mode;
    resumeMode.value = null;
    if (time.mode === 'slow') slowMs.value = time.slowMs;
    breakpoints.value = time.breakpoints.map((b) => ({ process: b.process, index: [...b.index] }));
  }

  /** Run → Slow → Step → Run. */
  const cycleMode = () => setMode(RUN_MODES[(RUN_MODES.indexOf(mode.value) + 1) % RUN_MODES.length]);

  async function setSlowMs(ms: number): Promise<void> {
    slowMs.value = ms;
    if (mode.value === 'slow') await send({ mode: 'slow', slowMs: ms });
  }

  const find = (process: string, index: readonly number[]) => breakpoints.value.find((b) => b.process === process && samePath(b.index, index as number[]));
  const breakpointAt = (process: string, index: readonly number[]): BreakpointRef | undefined => find(process, index);

  /** Sets or removes the breakpoint on a step (the live run's too). */
  async function toggleBreakpoint(process: string, index: readonly number[]): Promise<void> {
    breakpoints.value = find(process, index)
      ? breakpoints.value.filter((b) => !(b.process === process && samePath(b.index, index as number[])))
      : [...breakpoints.value, { process, index: [...index] }];
    await send({ breakpoints: breakpointsFor(runScenario.value ?? scenario.doc ?? undefined) });
  }

  /** Whether a breakpoint stops the whole run (all) or its process only. */
  function setBreakpointScope(process: string, index: readonly number[], all: boolean): void {
    breakpoints.value = breakpoints.value.map((b) => (b.process === process && samePath(b.index, index as number[]) ? { ...b, all } : b));
  }

  /** Lets `process` make its next call; the engine's reason when it cannot (NOT_AT_GATE) is shown. */
  async function step(process: string): Promise<boolean> {
    if (!live.value || !runId.value) return false;
    try {
      const { released } = await labClient().call('run.step', { runId: runId.value, process });
      return released.length > 0;
    } catch (caught) {
      ui.toast(errorText(caught), 'error', 6000);
      return false;
    }
  }

  /** Lets every process waiting at its gate make its next call. */
  async function stepAll(): Promise<string[]> {
    if (!live.value || !runId.value) return [];
    try {
      const { released } = await labClient().call('run.step', { runId: runId.value });
      if (released.length === 0) ui.toast('No process is waiting at its gate: each is in a call, blocked in the kernel, or ended.', 'info');
      return released;
    } catch (caught) {
      ui.toast(errorText(caught), 'error', 6000);
      return [];
    }
  }

  /**
   * Continue: processes stopped at a breakpoint make that step and go on; a run a whole-run
   * breakpoint switched to step mode goes back to its mode. Each is stepped before the mode
   * changes: a process at its breakpoint in a mode that lets it through would stop there again.
   */
  async function continueRun(): Promise<void> {
    if (!live.value) return;
    for (const id of atBreakpoint.value) await step(id);
    if (resumeMode.value) {
      const back = resumeMode.value;
      resumeMode.value = null;
      mode.value = back;
      await send({ mode: back, ...(back === 'slow' ? { slowMs: slowMs.value } : {}) });
    }
  }

  // A whole-run breakpoint hit: every other process stops at its next gate (step mode).
  watch(atBreakpoint, async (now, before) => {
    const hit = now.filter((id) => !before?.includes(id));
    const all = hit.some((id) => {
      const at = model.value.processes.get(id)?.atGate;
      return at && find(id, at)?.all;
    });
    if (!all || !live.value || mode.value === 'step') return;
    resumeMode.value = mode.value;
    mode.value = 'step';
    await send({ mode: 'step' });
  });

  return {
    mode, slowMs, breakpoints, resumeMode, live, holding, atBreakpoint, atGate,
    startSettings, adoptSettings, setMode, cycleMode, setSlowMs, breakpointAt, toggleBreakpoint, setBreakpointScope, step, stepAll, continueRun,
  };
});
