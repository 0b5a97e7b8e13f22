// The benchmark's methods, reached without depending on them at compile time: the benchmark
// is built in parallel (main/contract/bench.ts) and may not be registered in the contract or
// the engine yet. A missing method reads as "no benchmark here", never as a broken page.
import type { BenchOptions, BenchProgress, BenchResultSet } from '@contract/bench';
import { BENCH_PROGRESS_PUSH } from '@contract/bench';
import { labClient } from '../../transport/client';

type LooseCall = (method: string, args: unknown) => Promise<unknown>;
const call = (method: string, args: unknown) => (labClient().call as unknown as LooseCall)(method, args);

/** Saved result sets, newest first; undefined when this engine has no benchmark. */
export async function benchResults(): Promise<BenchResultSet[] | undefined> {
  try {
    return (await call('bench.results', { limit: 5 })) as BenchResultSet[];
  } catch {
    return undefined;
  }
}

export async function startBench(options: BenchOptions): Promise<{ benchId: string; total: number }> {
  return (await call('bench.run', options)) as { benchId: string; total: number };
}

export function onBenchProgress(listener: (progress: BenchProgress) => void): () => void {
  return labClient().onEvent((event, payload) => {
    if (event === BENCH_PROGRESS_PUSH) listener(payload as BenchProgress);
  });
}
