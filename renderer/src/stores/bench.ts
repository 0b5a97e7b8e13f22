import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import {
  BENCH_MECHANISMS, BENCH_SIZES,
  type BenchMechanismName, type BenchOptions, type BenchProgress, type BenchResultSet, type BenchRow,
} from '@contract/bench';
import { errorText, labClient } from '../transport/client';

/**
 * The Benchmarks view's state: the choice of mechanisms and sizes, the run in progress (rows
 * arrive one by one through 'bench.progress' pushes), and the saved sets to show and compare.
 */
export const useBenchStore = defineStore('bench', () => {
  const mechanisms = ref<BenchMechanismName[]>([...BENCH_MECHANISMS]);
  const sizes = ref<number[]>([...BENCH_SIZES]);
  const quick = ref(true);
  /** Also run the plain C reference beside each row (the CLI's --compare-c, the same contract call). */
  const compareC = ref(false);

  const benchId = ref<string | null>(null);
  const running = ref(false);
  const done = ref(0);
  const total = ref(0);
  const current = ref('');
  const liveRows = shallowRef<BenchRow[]>([]);
  const error = ref<string | null>(null);

  const history = shallowRef<BenchResultSet[]>([]);
  /** history holds what the engine has saved (false until loadHistory has succeeded once). */
  const loaded = ref(false);
  const shownId = ref<string | null>(null);
  const compareId = ref<string | null>(null);

  let unsubscribe: (() => void) | undefined;

  const shown = computed(() => history.value.find((s) => s.id === shownId.value));
  const earlier = computed(() => history.value.find((s) => s.id === compareId.value));
  /** While running, the rows so far; otherwise the shown set's. */
  const rows = computed<BenchRow[]>(() => (running.value ? liveRows.value : shown.value?.rows ?? []));
  const progress = computed(() => (total.value > 0 ? done.value / total.value : 0));

  function onProgress(p: BenchProgress): void {
    // The first pushes can arrive before bench.run's answer names the id.
    if (benchId.value === null && running.value) benchId.value = p.benchId;
    if (p.benchId !== benchId.value) return;
    done.value = p.done;
    total.value = p.total;
    if (p.current) current.value = p.current;
    if (p.row) liveRows.value = [...liveRows.value, p.row];
    if (p.finished) {
      running.value = false;
      history.value = [p.finished, ...history.value.filter((s) => s.id !== p.finished!.id)];
      compareId.value = shownId.value ?? compareId.value;
      shownId.value = p.finished.id;
    }
    if (p.error) {
      running.value = false;
      error.value = `${p.error.code}: ${p.error.message}`;
    }
  }

  function subscribe(): void {
    unsubscribe ??= labClient().on('bench.progress', onProgress);
  }

  async function loadHistory(): Promise<void> {
    subscribe();
    try {
      history.value = await labClient().call('bench.results', { limit: 50 });
      loaded.value = true;
      shownId.value ??= history.value[0]?.id ?? null;
    } catch (caught) {
      error.value = errorText(caught);
    }
  }

  /** Starts a benchmark of the chosen mechanisms and sizes, or of `options` when given. */
  async function start(options?: BenchOptions): Promise<void> {
    subscribe();
    error.value = null;
    liveRows.value = [];
    benchId.value = null;
    done.value = 0;
    current.value = 'starting';
    running.value = true;
    try {
      const started = await labClient().call('bench.run', options ?? { mechanisms: mechanisms.value, sizes: [...sizes.value].sort((a, b) => a - b), quick: quick.value, compareC: compareC.value });
      benchId.value = started.benchId;
      total.value = started.total;
    } catch (caught) {
      running.value = false;
      error.value = errorText(caught);
    }
  }

  function dispose(): void {
    unsubscribe?.();
    unsubscribe = undefined;
  }

  return {
    mechanisms, sizes, quick, compareC, benchId, running, done, total, current, liveRows, error, history, loaded, shownId, compareId,
    shown, earlier, rows, progress, loadHistory, start, dispose,
  };
});
