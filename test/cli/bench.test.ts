// `process-lab bench` as a user runs it: it goes through the contract like the app's Benchmarks
// view ('bench.run' with compareC, 'bench.progress' pushes), so both get the same rows and the
// same saved set.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { benchResultSetSchema, type Comparison } from '../../main/contract/bench';
import { useCliSandbox } from './cli-sandbox';

const sandbox = useCliSandbox('plab-cli-bench-');

describe('process-lab bench', () => {
  it('--compare-c --json: the lab rows, the C reference rows and their ratios, saved like the app saves them', () => {
    const result = sandbox.cli(['bench', '--quick', '--mechanism', 'pipe', '--size', '64', '--compare-c', '--json'], { timeoutMs: 120_000 });
    expect(result.status, result.stderr).toBe(0);
    const output = JSON.parse(result.stdout) as { comparison: Comparison[] };
    const set = benchResultSetSchema.parse(output);
    expect(set.options.compareC).toBe(true);
    for (const implementation of ['lab', 'c'] as const) {
      expect(set.rows.filter((r) => r.implementation === implementation).map((r) => `${r.mechanism} ${r.size} ${r.placement} ${r.status}`))
        .toEqual(['pipe 64 same-cpu ok', 'pipe 64 two-cpus ok']);
    }
    expect(output.comparison.map((c) => c.placement)).toEqual(['same-cpu', 'two-cpus']);
    for (const c of output.comparison) expect(c.latencyRatio).toBeGreaterThan(0);
    // Progress went to stderr, one line per cell, from the engine's pushes.
    expect(result.stderr).toMatch(/\[\d+\/\d+\] pipe 64 B same-cpu/);
    const saved = join(sandbox.root, 'data', 'bench', `${set.id}.json`);
    expect(existsSync(saved)).toBe(true);
    expect(benchResultSetSchema.parse(JSON.parse(readFileSync(saved, 'utf8'))).rows).toEqual(set.rows);
  }, 150_000);

  it('refuses a size the contract refuses, with exit 2 and nothing measured', () => {
    const result = sandbox.cli(['bench', '--size', '3']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/--size: "3"/);
  });

  it('reaches the benchmark only through the contract (no import of the engine\'s runner or store writer)', () => {
    const source = readFileSync(fileURLToPath(new URL('../../main/cli/bench.ts', import.meta.url)), 'utf8');
    expect(source).not.toMatch(/engine\/bench\/runner|saveResultSet|runBenchmark/);
    expect(source).toMatch(/lab\.call\('bench\.run'/);
  });
});
