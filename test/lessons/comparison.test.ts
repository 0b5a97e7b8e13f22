// Picking the figures that back the table's speed claims out of a benchmark result set.
import { describe, expect, it } from 'vitest';
import type { BenchResultSet, BenchRow } from '../../main/contract/bench';
import { fastest, figuresOf } from '../../main/lessons/comparison';

const spread = (median: number) => ({ median, min: median, max: median });
function row(mechanism: BenchRow['mechanism'], size: number, p50: number, mbPerS: number | null, extra: Partial<BenchRow> = {}): BenchRow {
  return {
    mechanism, size, placement: 'two-cpus', cpus: [0, 1], implementation: 'lab', status: 'ok', repetitions: 3,
    latency: { p50Ns: spread(p50), p99Ns: spread(p50 * 2), minNs: p50 / 2, samples: 100 },
    throughput: mbPerS === null ? null : { messagesPerS: spread(1000), mbPerS: spread(mbPerS) },
    ...extra,
  };
}
const set = (rows: BenchRow[]): BenchResultSet => ({
  id: 'b1', startedAt: '', finishedAt: '', rows, memcpy: [], notes: [],
  machine: { cpuModel: 'x', logicalCpus: 2, allowedCpus: [0, 1], kernel: '6', platform: 'linux', node: '20', memoryBytes: 1, limits: {}, loadAverage: 0 },
  options: { mechanisms: [], sizes: [], quick: true, compareC: false, repetitions: 1, budgetMs: 1 },
});

describe('benchmark figures', () => {
  it('takes the smallest size for latency, the best throughput, the lab rows on two CPUs', () => {
    const results = set([
      row('pipe', 64, 9000, 50), row('pipe', 65_536, 20_000, 900),
      row('pipe', 64, 1, 1, { implementation: 'c' }),
      row('pipe', 64, 2, 2, { placement: 'same-cpu' }),
      row('shm-sysv', 64, 300, 8000),
      row('signal', 0, 5000, null),
      row('tcp', 64, 0, 0, { status: 'failed', latency: undefined, throughput: undefined }),
    ]);
    expect(figuresOf(results, 'pipe')).toMatchObject({ latencyNs: 9000, latencySize: 64, mbPerS: 900, throughputSize: 65_536 });
    expect(figuresOf(results, 'signal')).toMatchObject({ latencyNs: 5000, mbPerS: undefined });
    expect(figuresOf(results, 'tcp')).toBeUndefined();
    expect(fastest(results)).toEqual({ latency: 'shm-sysv', throughput: 'shm-sysv' });
  });
});
