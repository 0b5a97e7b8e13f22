// Every mechanism's benchmark, with tiny budgets: real pairs of lab processes, sane figures,
// unsupported sizes reported with their limit, and nothing left behind. No timing is asserted:
// `process-lab bench --compare-c` is the benchmark.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BENCH_MECHANISMS, type BenchResultSet, type BenchRow } from '../../main/contract/bench';
import { runBenchmark } from '../../main/engine/bench/runner';
import { snapshot, type SystemSnapshot } from '../helpers/leaks';
import { benchLeaks, childPids } from './helpers';

/** tcp-hosts has its own file (tcp-hosts.test.ts): namespaces, uid 65534, a refusing kernel. */
const SAME_HOST = BENCH_MECHANISMS.filter((m) => m !== 'tcp-hosts');
let before: SystemSnapshot;
let childrenBefore: number[];
let small: BenchResultSet;
let large: BenchResultSet;
const progress: number[] = [];

// Two sets keep the file short (each pair starts two Node processes): every mechanism at
// 64 B, and at 64 KiB a stream, a shared segment and the two queues (which refuse it).
beforeAll(async () => {
  before = snapshot();
  childrenBefore = childPids();
  const tiny = { quick: true, reps: 1, budgetMs: 5 };
  small = await runBenchmark({ ...tiny, mechanisms: SAME_HOST, sizes: [64] }, { onProgress: (p) => progress.push(p.done) });
  large = await runBenchmark({ ...tiny, mechanisms: ['pipe', 'shm-posix', 'mq-posix', 'msg-sysv'], sizes: [65_536] });
}, 60_000);

afterAll(() => {
  expect(benchLeaks(before)).toEqual([]);
  expect(childPids().filter((pid) => !childrenBefore.includes(pid))).toEqual([]);
});

const rowsOf = (mechanism: string) => [...small.rows, ...large.rows].filter((r) => r.mechanism === mechanism);

function expectSane(row: BenchRow) {
  expect(row.status, `${row.mechanism} ${row.size} ${row.placement}: ${row.reason}`).toBe('ok');
  const l = row.latency!;
  expect(l.samples).toBeGreaterThan(0);
  expect(l.minNs).toBeGreaterThan(0);
  expect(l.minNs).toBeLessThanOrEqual(l.p50Ns.median);
  expect(l.p50Ns.median).toBeLessThanOrEqual(l.p99Ns.median);
  expect(l.p50Ns.min).toBeLessThanOrEqual(l.p50Ns.max);
  if (row.mechanism === 'signal') {
    expect(row.throughput).toBeNull();
  } else {
    expect(row.throughput!.messagesPerS.median).toBeGreaterThan(0);
    expect(row.throughput!.mbPerS.median).toBeCloseTo((row.throughput!.messagesPerS.median * row.size) / 1e6, 3);
  }
}

describe('each mechanism in both placements', () => {
  it.each(SAME_HOST.filter((m) => m !== 'mq-posix' && m !== 'msg-sysv' && m !== 'signal'))('%s', (mechanism) => {
    const rows = rowsOf(mechanism);
    const sizes = mechanism === 'pipe' || mechanism === 'shm-posix' ? ['64', '65536'] : ['64'];
    expect(rows.map((r) => `${r.size} ${r.placement}`).sort()).toEqual(sizes.flatMap((s) => [`${s} same-cpu`, `${s} two-cpus`]));
    rows.forEach(expectSane);
  });

  it.each(['mq-posix', 'msg-sysv'])('%s: 64 B measured, 64 KiB reported as over the queue limit', (mechanism) => {
    const rows = rowsOf(mechanism);
    rows.filter((r) => r.size === 64).forEach(expectSane);
    const big = rows.filter((r) => r.size === 65_536);
    expect(big).toHaveLength(2);
    for (const row of big) {
      expect(row.status).toBe('unsupported');
      expect(row.reason).toMatch(/limit 8192|limit \d+/);
      expect(row.latency).toBeUndefined();
    }
  });

  it('signal: one size (no data), a round trip, no throughput', () => {
    const rows = rowsOf('signal');
    expect(rows.map((r) => r.size)).toEqual([0, 0]);
    rows.forEach(expectSane);
  });

  it('labels the placements with the CPUs it pinned', () => {
    for (const row of [...small.rows, ...large.rows]) {
      if (row.placement === 'same-cpu') expect(row.cpus[0]).toBe(row.cpus[1]);
      else expect(row.cpus[0]).not.toBe(row.cpus[1]);
    }
  });

  it('describes the machine, measures memcpy and reports progress to the end', () => {
    expect(small.machine.logicalCpus).toBeGreaterThan(0);
    expect(small.machine.kernel).not.toBe('');
    expect(small.machine.limits.mqMsgsizeMax).toBeGreaterThan(0);
    expect(small.memcpy.map((m) => m.size)).toEqual([64, 64 << 20]);
    for (const m of small.memcpy) expect(m.gbPerS).toBeGreaterThan(0);
    expect(progress.length).toBeGreaterThan(0);
    expect(Math.max(...progress)).toBe(progress[progress.length - 1]);
  });
});
