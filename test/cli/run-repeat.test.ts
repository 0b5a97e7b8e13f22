// `process-lab run --repeat N` as a user runs it: N real runs, one line each, and the
// distribution of the expectations' outcomes, whose values are exactly those the runs reported.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useCliSandbox } from './cli-sandbox';

const sandbox = useCliSandbox('plab-cli-repeat-');
const run = (...args: string[]) => sandbox.cli(['run', ...args], { timeoutMs: 120_000 });

/** Two unsynchronised adders: a race whose total varies, small enough to repeat quickly. */
const race = {
  format: 'process-lab/scenario@1', title: 'small race',
  objects: [{ id: 'C', kind: 'shm', size: 64 }],
  processes: [
    { id: 'main', program: [{ op: 'shm.create', object: 'C' }, { op: 'shm.attach', object: 'C' }, { op: 'spawn', process: 'A' }, { op: 'spawn', process: 'B' }, { op: 'wait', process: 'A' }, { op: 'wait', process: 'B' }, { op: 'shm.read', object: 'C', offset: 0, label: 'total' }, { op: 'shm.detach', object: 'C' }, { op: 'shm.destroy', object: 'C' }] },
    { id: 'A', parent: 'main', program: [{ op: 'shm.attach', object: 'C' }, { op: 'repeat', times: 3000, steps: [{ op: 'shm.add', object: 'C', offset: 0, delta: 1 }] }, { op: 'shm.detach', object: 'C' }] },
    { id: 'B', parent: 'main', program: [{ op: 'shm.attach', object: 'C' }, { op: 'repeat', times: 3000, steps: [{ op: 'shm.add', object: 'C', offset: 0, delta: 1 }] }, { op: 'shm.detach', object: 'C' }] },
  ],
  expect: { status: 'completed', results: [{ process: 'main', label: 'total', value: { max: 6000 } }] },
};

describe('process-lab run --repeat', () => {
  it('runs N times and prints the distribution of the values the runs reported', () => {
    const file = join(sandbox.root, 'race.lab.json');
    writeFileSync(file, JSON.stringify(race));
    const result = run(file, '--repeat', '3', '--json');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const lines = result.stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(lines).toHaveLength(4);
    const perRun = lines.slice(0, 3).map((l) => l.verdicts.find((v: { entry: string }) => v.entry === '/expect/results/0').value as number);
    for (const value of perRun) expect(value).toBeGreaterThan(0);
    const { distribution } = lines[3];
    expect(distribution.runs).toBe(3);
    expect(distribution.statuses).toEqual({ completed: 3 });
    const total = distribution.entries.find((e: { entry: string }) => e.entry === '/expect/results/0');
    expect(total.values).toEqual(perRun);
    expect(total.held).toBe(3);
    expect(total.histogram.reduce((n: number, b: { count: number }) => n + b.count, 0)).toBe(3);
  });

  it('prints a readable distribution and exits with the worst run\'s status', () => {
    const result = run('sigsegv-handler', '--repeat', '2');
    expect(result.status).toBe(1); // each run failed (exit 3 from the handler), as the preset expects
    expect(result.stdout).toContain('run 2/2: failed, as expected');
    expect(result.stdout).toContain('2 runs of "Catching SIGSEGV"');
    expect(result.stdout).toContain('as expected: 2 of 2');
  });

  it('refuses a repeat count out of range', () => {
    const result = run('master-slave', '--repeat', '0');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--repeat must be 1..1000');
  });
});
