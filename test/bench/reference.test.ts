// The plain C reference compiles cleanly with the flags the CLI uses and measures the same
// rows as the lab's pairs; the contract's bench methods run, push progress and save results.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { BenchProgress, BenchResultSet } from '../../main/contract/bench';
import { C_FLAGS, cReferenceSource } from '../../main/engine/bench/cref';
import { runBenchmark } from '../../main/engine/bench/runner';
import { createLab } from '../../main/engine/lab';
import { snapshot, type SystemSnapshot } from '../helpers/leaks';
import { benchLeaks, childPids } from './helpers';

const root = mkdtempSync(join(tmpdir(), 'plab-bench-test-'));
let before: SystemSnapshot;
let childrenBefore: number[];

beforeAll(() => {
  before = snapshot();
  childrenBefore = childPids();
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  expect(benchLeaks(before)).toEqual([]);
  expect(childPids().filter((pid) => !childrenBefore.includes(pid))).toEqual([]);
});

it('compiles with cc -O2 -Wall -Wextra -Werror and refuses bad arguments', () => {
  const binary = join(root, 'ipc-bench');
  execFileSync('cc', [...C_FLAGS, '-o', binary, cReferenceSource(), '-lrt'], { stdio: 'pipe' });
  expect(existsSync(binary)).toBe(true);
  expect(() => execFileSync(binary, ['nonsense'], { stdio: 'pipe' })).toThrow(/usage/);
  const memcpy = JSON.parse(execFileSync(binary, ['memcpy', '65536', '5'], { encoding: 'utf8' })) as { bytes: number; ns: number };
  expect(memcpy.bytes).toBeGreaterThan(0);
});

it('--compare-c: the lab and the C reference give the same rows, side by side', async () => {
  const set = await runBenchmark(
    { mechanisms: ['pipe', 'shm-sysv', 'signal'], sizes: [4096], quick: true, reps: 1, budgetMs: 5, compareC: true },
    { cacheDir: join(root, 'cache') },
  );
  for (const implementation of ['lab', 'c'] as const) {
    const rows = set.rows.filter((r) => r.implementation === implementation);
    expect(rows.map((r) => `${r.mechanism} ${r.size} ${r.placement}`)).toEqual([
      'pipe 4096 same-cpu', 'pipe 4096 two-cpus', 'shm-sysv 4096 same-cpu', 'shm-sysv 4096 two-cpus', 'signal 0 same-cpu', 'signal 0 two-cpus',
    ]);
    for (const row of rows) {
      expect(row.status, row.reason).toBe('ok');
      expect(row.latency!.minNs).toBeLessThanOrEqual(row.latency!.p50Ns.median);
      expect(row.latency!.p50Ns.median).toBeLessThanOrEqual(row.latency!.p99Ns.median);
    }
  }
  expect(readdirSync(join(root, 'cache')).filter((n) => n.startsWith('ipc-bench-'))).toHaveLength(1);
}, 30_000);

it("bench.run through the contract: progress pushes, a saved set, bench.results; bad arguments refused", async () => {
  const lab = createLab({ frontDoor: 'cli', paths: { runsDir: join(root, 'data', 'runs'), runtimeDir: join(root, 'runtime') } });
  const pushes: BenchProgress[] = [];
  let finished: (set: BenchResultSet) => void;
  const done = new Promise<BenchResultSet>((resolve) => (finished = resolve));
  lab.onEvent((event, payload) => {
    if (event !== 'bench.progress') return;
    const progress = payload as BenchProgress;
    pushes.push(progress);
    if (progress.finished) finished(progress.finished);
    if (progress.error) finished(Promise.reject(new Error(progress.error.message)) as never);
  });
  const refused = await lab.call('bench.run', { sizes: [3] });
  expect(refused.ok).toBe(false);
  if (!refused.ok) expect(refused.error.code).toBe('INVALID_ARGUMENT');
  const started = await lab.call('bench.run', { mechanisms: ['pipe'], sizes: [64], quick: true });
  expect(started.ok).toBe(true);
  const again = await lab.call('bench.run', { mechanisms: ['pipe'], quick: true });
  expect(again.ok).toBe(false); // one benchmark at a time
  const set = await done;
  expect(set.rows.map((r) => r.placement)).toEqual(['same-cpu', 'two-cpus']);
  expect(set.labStep?.interpretedStepNs).toBeGreaterThan(0);
  expect(set.labStep?.addonCallNs).toBeGreaterThan(0);
  expect(pushes.filter((p) => p.row).length).toBe(2);
  expect(pushes.at(-1)?.done).toBe(pushes.at(-1)?.total);
  const results = await lab.call('bench.results', {});
  expect(results.ok && (results.value as BenchResultSet[]).map((s) => s.id)).toEqual([set.id]);
  expect(existsSync(join(root, 'data', 'bench', `${set.id}.json`))).toBe(true);
  await lab.close();
}, 30_000);
