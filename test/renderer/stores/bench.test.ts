// @vitest-environment happy-dom
// The bench store against an engine that keeps the contract: starting a benchmark, its progress
// pushes (rows, the finished set, an error), and the saved sets.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import type { BenchResultSet, BenchRow } from '../../../main/contract/bench';
import { LabFailure } from '../../../main/contract';
import { useBenchStore } from '../../../renderer/src/stores/bench';
import { fakeEngine, type FakeEngine } from '../support/fakeEngine';

const spread = (median: number) => ({ median, min: median, max: median });
const row = (mechanism: BenchRow['mechanism'], size: number): BenchRow => ({
  mechanism, size, placement: 'same-cpu', cpus: [0, 0], implementation: 'lab', status: 'ok', repetitions: 1,
  latency: { p50Ns: spread(5000), p99Ns: spread(9000), minNs: 4000, samples: 100 },
  throughput: { messagesPerS: spread(1e6), mbPerS: spread(64) },
});
const set = (id: string, rows: BenchRow[], quick = true): BenchResultSet => ({
  id, startedAt: '2026-11-30T00:00:00Z', finishedAt: '2026-11-30T00:01:00Z',
  machine: { cpuModel: 'cpu', logicalCpus: 2, allowedCpus: [0, 1], kernel: '6', platform: 'linux', node: '20', memoryBytes: 1, limits: {}, loadAverage: 0 },
  options: { mechanisms: ['pipe'], sizes: [64], quick, compareC: false, repetitions: 1, budgetMs: 100 },
  rows, memcpy: [], notes: [],
});

let engine: FakeEngine;
beforeEach(() => {
  setActivePinia(createPinia());
  engine = fakeEngine();
});
afterEach(() => {
  useBenchStore().dispose();
  expect(engine.violations).toEqual([]);
});

describe('the bench store', () => {
  it('loads the saved sets and shows the newest', async () => {
    engine.handlers['bench.results'] = () => [set('new', []), set('old', [])];
    const bench = useBenchStore();
    await bench.loadHistory();
    expect(engine.calls).toEqual([{ method: 'bench.results', args: { limit: 50 } }]);
    expect(bench.loaded).toBe(true);
    expect(bench.shownId).toBe('new');
  });

  it('runs the chosen mechanisms and sizes, takes rows as they come, then the finished set', async () => {
    engine.handlers['bench.results'] = () => [set('old', [row('pipe', 64)])];
    engine.handlers['bench.run'] = () => ({ benchId: 'b1', total: 2 });
    const bench = useBenchStore();
    await bench.loadHistory();
    bench.mechanisms = ['pipe', 'fifo'];
    bench.sizes = [4096, 64];
    await bench.start();
    expect(engine.calls.at(-1)).toEqual({ method: 'bench.run', args: { mechanisms: ['pipe', 'fifo'], sizes: [64, 4096], quick: true, compareC: false } });
    expect(bench.running).toBe(true);
    engine.push('bench.progress', { benchId: 'other', done: 1, total: 9, row: row('tcp', 64) });
    engine.push('bench.progress', { benchId: 'b1', done: 1, total: 2, current: 'fifo 64 B', row: row('pipe', 64) });
    expect(bench.rows.map((r) => r.mechanism)).toEqual(['pipe']);
    expect(bench.progress).toBe(0.5);
    expect(bench.current).toBe('fifo 64 B');
    const finished = set('b1', [row('pipe', 64), row('fifo', 64)]);
    engine.push('bench.progress', { benchId: 'b1', done: 2, total: 2, finished });
    expect(bench.running).toBe(false);
    expect(bench.history.map((s) => s.id)).toEqual(['b1', 'old']);
    expect(bench.shownId).toBe('b1');
    expect(bench.compareId).toBe('old');
    expect(bench.rows).toHaveLength(2);
  });

  it('runs given options instead of the selection (the comparison table wants every mechanism)', async () => {
    engine.handlers['bench.run'] = () => ({ benchId: 'b2', total: 80 });
    const bench = useBenchStore();
    bench.mechanisms = ['pipe'];
    await bench.start({ quick: false });
    expect(engine.calls.at(-1)).toEqual({ method: 'bench.run', args: { quick: false } });
  });

  it('takes pushes that come before bench.run answers, and says why a benchmark failed', async () => {
    let answer!: () => void;
    engine.handlers['bench.run'] = () => new Promise((resolve) => (answer = () => resolve({ benchId: 'b3', total: 1 })));
    const bench = useBenchStore();
    const starting = bench.start();
    await new Promise((resolve) => setTimeout(resolve, 0));
    engine.push('bench.progress', { benchId: 'b3', done: 0, total: 1, current: 'pipe 64 B' });
    expect(bench.benchId).toBe('b3');
    engine.push('bench.progress', { benchId: 'b3', done: 1, total: 1, error: { code: 'EPERM', message: 'sched_setaffinity: Operation not permitted' } });
    answer();
    await starting;
    expect(bench.running).toBe(false);
    expect(bench.error).toBe('EPERM: sched_setaffinity: Operation not permitted');
  });

  it('says why it cannot start', async () => {
    engine.handlers['bench.run'] = () => {
      throw new LabFailure('FORBIDDEN', 'A benchmark is already running: two at once would measure each other.');
    };
    const bench = useBenchStore();
    await bench.start();
    expect(bench.running).toBe(false);
    expect(bench.error).toBe('FORBIDDEN: A benchmark is already running: two at once would measure each other.');
  });
});
