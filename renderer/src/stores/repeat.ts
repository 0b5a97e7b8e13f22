import { defineStore } from 'pinia';
import { computed, ref, shallowRef, toRaw } from 'vue';
import type { RepeatProgress } from '@contract/repeat';
import type { Distribution, RunOutcomeSummary } from '@scenario/distribution';
import type { ScenarioDoc } from '../model/doc';
import { errorText, labClient } from '../transport/client';

/** One finished run of the repetition, with the id of its recording. */
export interface RepeatedRun extends RunOutcomeSummary {
  index: number;
  runId?: string;
}

/**
 * "Run 20 times": the engine runs the scenario N times (run.repeat, the same path as the CLI's
 * --repeat), each run's outcome arrives through 'repeat.progress' pushes, then the distribution
 * of the expectations' outcomes and values (a histogram of the race's totals).
 */
export const useRepeatStore = defineStore('repeat', () => {
  const repeatId = ref<string | null>(null);
  const running = ref(false);
  const times = ref(0);
  const title = ref('');
  const runs = shallowRef<RepeatedRun[]>([]);
  const distribution = shallowRef<Distribution | null>(null);
  const error = ref<string | null>(null);
  /** Run ids announced before their outcome, by index. */
  const runIds = new Map<number, string>();
  /** Pushes that came before run.repeat answered with our id. */
  let early: RepeatProgress[] = [];
  let unsubscribe: (() => void) | undefined;

  const done = computed(() => runs.value.length);

  function onProgress(p: RepeatProgress): void {
    if (repeatId.value === null) {
      if (running.value) early.push(p);
      return;
    }
    if (p.repeatId !== repeatId.value) return;
    if (p.index !== undefined && p.runId) runIds.set(p.index, p.runId);
    if (p.index !== undefined && p.outcome) runs.value = [...runs.value, { index: p.index, runId: runIds.get(p.index), ...p.outcome }];
    if (p.distribution) {
      distribution.value = p.distribution;
      running.value = false;
    }
    if (p.error) {
      error.value = `${p.error.code}: ${p.error.message}`;
      running.value = false;
    }
  }

  /** Starts `count` runs of `doc`; false (and `error` set) when the engine refused. */
  async function start(doc: ScenarioDoc, count: number): Promise<boolean> {
    if (running.value) return false;
    unsubscribe ??= labClient().on('repeat.progress', onProgress);
    repeatId.value = null;
    running.value = true;
    times.value = count;
    title.value = doc.title;
    runs.value = [];
    distribution.value = null;
    error.value = null;
    runIds.clear();
    early = [];
    try {
      const answer = await labClient().call('run.repeat', { scenario: structuredClone(toRaw(doc)), times: count });
      repeatId.value = answer.repeatId;
      const pending = early;
      early = [];
      for (const p of pending) onProgress(p);
      return true;
    } catch (caught) {
      running.value = false;
      error.value = errorText(caught);
      return false;
    }
  }

  /** The run under way finishes; the distribution of the runs done follows. */
  async function stop(): Promise<void> {
    if (!repeatId.value || !running.value) return;
    try {
      await labClient().call('run.repeatStop', { repeatId: repeatId.value });
    } catch (caught) {
      error.value = errorText(caught);
    }
  }

  return { repeatId, running, times, title, runs, distribution, error, done, start, stop };
});
