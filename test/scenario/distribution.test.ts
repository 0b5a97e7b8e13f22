// The distribution of repeated runs, from hand-written run summaries and events.
import { describe, expect, it } from 'vitest';
import { distributionOf, histogram, summarizeRun } from '../../main/scenario/distribution';
import type { RunEvent } from '../../main/scenario/events';

describe('histogram', () => {
  it('puts every value in exactly one bin of integer edges', () => {
    const values = [20_001, 20_026, 21_353, 22_495, 20_019];
    const bins = histogram(values, 5);
    expect(bins.reduce((n, b) => n + b.count, 0)).toBe(values.length);
    expect(bins[0].from).toBe(20_001);
    expect(bins[bins.length - 1].to).toBe(22_495);
    for (const value of values) expect(bins.filter((b) => value >= b.from && value <= b.to)).toHaveLength(1);
  });
  it('has one bin when every value is the same, none without values', () => {
    expect(histogram([7, 7, 7])).toEqual([{ from: 7, to: 7, count: 3 }]);
    expect(histogram([])).toEqual([]);
  });
});

describe('distributionOf', () => {
  it('counts statuses, held verdicts and keeps every value in run order', () => {
    const run = (status: 'completed' | 'deadlock', total: number, held: boolean): RunEvent[] => [
      { t: 1, type: 'verdict', entry: '/expect/results/0', expected: 'a value below 40 000', happened: `read ${total}`, held, value: total },
      { t: 2, type: 'run.end', status, leaked: [], durationNs: 3, asExpected: held },
    ];
    const d = distributionOf([run('completed', 21_000, true), run('completed', 40_000, false), run('deadlock', 19_000, true)].map(summarizeRun));
    expect(d.runs).toBe(3);
    expect(d.statuses).toEqual({ completed: 2, deadlock: 1 });
    expect(d.asExpected).toBe(2);
    expect(d.entries[0]).toMatchObject({ entry: '/expect/results/0', held: 2, runs: 3, values: [21_000, 40_000, 19_000] });
  });
});
