// `process-lab bench [--json] [--mechanism LIST] [--size LIST] [--compare-c] [--quick]`:
// every mechanism measured on this machine in both placements; with --compare-c the plain C
// reference too, alternating, and the ratio per row. The set is saved like the app's.
import { BENCH_MAX_SIZE, BENCH_MECHANISMS, BENCH_MIN_SIZE, type BenchMechanismName } from '../contract/bench';
import { createLab } from '../engine/lab';
import { defaultPaths } from '../engine/paths';
import { measureLabStep } from '../engine/bench/labstep';
import { runBenchmark } from '../engine/bench/runner';
import { benchDir, saveResultSet } from '../engine/bench/store';
import { join } from 'node:path';
import { compareRows, formatResultSet } from './bench-table';
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

export async function benchCommand(argv: string[]): Promise<number> {
  const { values } = parseOptions(argv, {
    json: { type: 'boolean' },
    mechanism: { type: 'string' },
    size: { type: 'string' },
    'compare-c': { type: 'boolean' },
    quick: { type: 'boolean' },
  });
  const options = {
    mechanisms: values.mechanism ? parseMechanisms(values.mechanism) : undefined,
    sizes: values.size ? parseSizes(values.size) : undefined,
    quick: values.quick ?? false,
    compareC: values['compare-c'] ?? false,
  };
  const paths = defaultPaths();
  const lab = createLab({ frontDoor: 'cli', paths });
  const tty = process.stderr.isTTY;
  let stopped = false;
  const stop = () => (stopped = true);
  process.once('SIGINT', stop);
  try {
    const set = await runBenchmark(options, {
      onProgress: ({ done, total, current }) => {
        const text = `[${done}/${total}] ${current}`;
        if (tty) process.stderr.write(`\r\x1b[K${text}`);
        else if (!current.includes('(')) process.stderr.write(`${text}\n`);
      },
      labStep: () => measureLabStep(lab.runs()),
      cacheDir: join(benchDir(paths), 'cache'),
      cancelled: () => stopped,
    });
    if (tty) process.stderr.write('\r\x1b[K');
    const file = saveResultSet(benchDir(paths), set);
    if (values.json) console.log(JSON.stringify(options.compareC ? { ...set, comparison: compareRows(set) } : set, null, 2));
    else console.log(`${formatResultSet(set)}\n\nsaved: ${file}`);
    return set.rows.some((r) => r.status === 'failed') ? 1 : 0;
  } finally {
    process.off('SIGINT', stop);
    await lab.close();
  }
}
