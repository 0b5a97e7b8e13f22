// `process-lab bench [--json] [--mechanism LIST] [--size LIST] [--compare-c] [--quick]`:
// every mechanism measured on this machine in both placements; with --compare-c the plain C
// reference too, alternating, and the ratio per row. It goes through the contract like the app's
// Benchmarks view ('bench.run', 'bench.progress' pushes): one path, and the set is saved alike.
import {
  BENCH_MAX_SIZE, BENCH_MECHANISMS, BENCH_MIN_SIZE, compareRows,
  type BenchMechanismName, type BenchOptions, type BenchProgress, type BenchResultSet,
} from '../contract/bench';
import { BENCH_PROGRESS_PUSH } from '../contract/channels';
import { parsePush } from '../contract/pushes';
import { createLab, type Lab } from '../engine/lab';
import { defaultPaths } from '../engine/paths';
import { benchDir, resultSetFile } from '../engine/bench/store';
import { formatResultSet } from './bench-table';
import { parseOptions, UsageError } from './usage';

const UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, kib: 1024, m: 1 << 20, mib: 1 << 20 };

/** "64,4K,64KiB,1M" -> bytes. */
function parseSizes(text: string): number[] {
  return text.split(',').map((part) => {
    const match = /^(\d+)\s*([a-z]*)$/i.exec(part.trim());
    const unit = match ? UNITS[match[2].toLowerCase()] : undefined;
    const size = match && unit ? Number(match[1]) * unit : NaN;
    if (!Number.isInteger(size) || size < BENCH_MIN_SIZE || size > BENCH_MAX_SIZE) {
      throw new UsageError(`--size: "${part}" is not a size from ${BENCH_MIN_SIZE} B to 16M (e.g. 64,4K,64K,1M)`);
    }
    return size;
  });
}

function parseMechanisms(text: string): BenchMechanismName[] {
  return text.split(',').map((name) => {
    const trimmed = name.trim();
    if (!(BENCH_MECHANISMS as readonly string[]).includes(trimmed)) {
      throw new UsageError(`--mechanism: "${trimmed}" is not one of ${BENCH_MECHANISMS.join(', ')}`);
    }
    return trimmed as BenchMechanismName;
  });
}

/**
 * Runs a benchmark the way the app does: 'bench.run' through the contract's dispatcher, followed
 * by its 'bench.progress' pushes (each checked against the contract) until the finished set or
 * the error. Rejects with the engine's error (code and message) when it refuses or fails.
 */
function benchThroughContract(lab: Lab, options: BenchOptions, onProgress: (progress: BenchProgress) => void): Promise<BenchResultSet> {
  return new Promise<BenchResultSet>((resolve, reject) => {
    let benchId: string | undefined;
    const early: BenchProgress[] = [];
    const take = (progress: BenchProgress) => {
      if (progress.benchId !== benchId) return;
      onProgress(progress);
      if (progress.finished) done(() => resolve(progress.finished!));
      else if (progress.error) done(() => reject(new Error(`${progress.error!.code}: ${progress.error!.message}`)));
    };
    const unsubscribe = lab.onEvent((event, payload) => {
      if (event !== BENCH_PROGRESS_PUSH) return;
      const parsed = parsePush(event, payload);
      if (!parsed.ok) return done(() => reject(new Error(parsed.reason)));
      const progress = parsed.push.payload as BenchProgress;
      // Progress can come before bench.run's answer names the id: kept until then.
      if (benchId === undefined) early.push(progress);
      else take(progress);
    });
    const done = (settle: () => void) => {
      unsubscribe();
      settle();
    };
    void lab.call('bench.run', options).then((started) => {
      if (!started.ok) return done(() => reject(new Error(`${started.error.code}: ${started.error.message}`)));
      benchId = (started.value as { benchId: string }).benchId;
      for (const progress of early.splice(0)) take(progress);
    });
  });
}

export async function benchCommand(argv: string[]): Promise<number> {
  const { values } = parseOptions(argv, {
    json: { type: 'boolean' },
    mechanism: { type: 'string' },
    size: { type: 'string' },
    'compare-c': { type: 'boolean' },
    quick: { type: 'boolean' },
  });
  const options: BenchOptions = {
    ...(values.mechanism ? { mechanisms: parseMechanisms(values.mechanism) } : {}),
    ...(values.size ? { sizes: parseSizes(values.size) } : {}),
    quick: values.quick ?? false,
    compareC: values['compare-c'] ?? false,
  };
  const paths = defaultPaths();
  const lab = createLab({ frontDoor: 'cli', paths });
  const tty = process.stderr.isTTY;
  // SIGINT stops between cells: the engine saves and sends what was measured so far.
  const stop = () => void lab.close();
  process.once('SIGINT', stop);
  try {
    const set = await benchThroughContract(lab, options, ({ done, total, current }) => {
      if (current === undefined) return;
      const text = `[${done}/${total}] ${current}`;
      if (tty) process.stderr.write(`\r\x1b[K${text}`);
      else if (!current.includes('(')) process.stderr.write(`${text}\n`);
    });
    if (tty) process.stderr.write('\r\x1b[K');
    if (values.json) console.log(JSON.stringify(set.options.compareC ? { ...set, comparison: compareRows(set.rows) } : set, null, 2));
    else console.log(`${formatResultSet(set)}\n\nsaved: ${resultSetFile(benchDir(paths), set.id)}`);
    return set.rows.some((r) => r.status === 'failed') ? 1 : 0;
  } catch (error) {
    if (tty) process.stderr.write('\r\x1b[K');
    console.error(`process-lab bench: ${(error as Error).message}`);
    return 1;
  } finally {
    process.off('SIGINT', stop);
    await lab.close();
  }
}
