// The engine's side of 'bench.run' and 'bench.results': one benchmark at a time (two would
// measure each other), progress pushed to every page, each finished set saved with its machine.
import { join } from 'node:path';
import type { BenchOptions, BenchProgress, BenchResultSet } from '../../contract/bench';
import { BENCH_PROGRESS_PUSH } from '../../contract/channels';
import { LabFailure } from '../../contract/envelope';
import type { PushSink } from '../../contract/pushes';
import { errorToLabError } from '../dispatch';
import { addon } from '../../native/addon';
import type { LabPaths } from '../paths';
import type { RunManager } from '../runs';
import { measureLabStep } from './labstep';
import { newBenchId, planBenchmark, runBenchmark } from './runner';
import { benchDir, listResultSets, saveResultSet } from './store';

export class BenchManager {
  private running?: Promise<BenchResultSet | undefined>;
  private stopRequested = false;

  constructor(
    private readonly paths: LabPaths,
    private readonly push: PushSink,
    private readonly runs: () => RunManager,
  ) {}

  /** Starts a benchmark in the background; returns at once with its id. */
  start(options: BenchOptions): { benchId: string; total: number } {
    if (!addon().benchRun) throw new LabFailure('UNAVAILABLE', 'The benchmarks need the Linux build of the addon (futex, POSIX message queues).');
    if (this.running) throw new LabFailure('FORBIDDEN', 'A benchmark is already running: two at once would measure each other.');
    const benchId = newBenchId();
    const send = (progress: BenchProgress) => this.push(BENCH_PROGRESS_PUSH, progress);
    this.stopRequested = false;
    let total = planBenchmark(options, true).total;
    this.running = runBenchmark(options, {
      onProgress: (p) => {
        total = p.total;
        send({ benchId, ...p });
      },
      labStep: () => measureLabStep(this.runs()),
      cacheDir: join(benchDir(this.paths), 'cache'),
      cancelled: () => this.stopRequested,
    }, benchId)
      .then((set) => {
        saveResultSet(benchDir(this.paths), set);
        send({ benchId, done: total, total, finished: set });
        return set;
      })
      .catch((error: unknown) => {
        const { code, message } = errorToLabError(error);
        send({ benchId, done: total, total, error: { code, message } });
        return undefined;
      })
      .finally(() => (this.running = undefined));
    return { benchId, total };
  }

  results(limit?: number): BenchResultSet[] {
    return listResultSets(benchDir(this.paths), limit);
  }

  async close(): Promise<void> {
    this.stopRequested = true;
    await this.running;
  }
}
