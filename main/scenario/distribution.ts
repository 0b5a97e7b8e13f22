/**
 * Repeated runs of one scenario as a distribution (spec, Command line: --repeat; the UI's "Run 20
 * times"): how often each status came, how often each `expect` entry held, and the spread of
 * each entry's key value (the race's totals) as a histogram. An incorrect program may seem to
 * work once. Pure: it reads the events of finished runs, nothing else.
 */
import type { RunEvent, RunEventOf, RunStatus } from './events';

export interface RunOutcomeSummary {
  status: RunStatus;
  asExpected?: boolean;
  verdicts: Array<Pick<RunEventOf<'verdict'>, 'entry' | 'expected' | 'held' | 'value'>>;
}

export interface HistogramBin {
  /** Values v with from <= v < to (the last bin includes `to`). */
  from: number;
  to: number;
  count: number;
}

interface EntryDistribution {
  entry: string;
  expected: string;
  held: number;
  runs: number;
  /** Every run's value, in run order (runs without one are left out). */
  values: number[];
  histogram: HistogramBin[];
}

export interface Distribution {
  runs: number;
  statuses: Partial<Record<RunStatus, number>>;
  asExpected: number;
  entries: EntryDistribution[];
}

/** What one finished run says about its expectations (its verdicts and run.end). */
export function summarizeRun(events: readonly RunEvent[]): RunOutcomeSummary {
  const end = events.findLast((e): e is RunEventOf<'run.end'> => e.type === 'run.end');
  const verdicts = events.filter((e): e is RunEventOf<'verdict'> => e.type === 'verdict')
    .map(({ entry, expected, held, value }) => ({ entry, expected, held, ...(value !== undefined ? { value } : {}) }));
  return { status: end?.status ?? 'stopped', ...(end?.asExpected !== undefined ? { asExpected: end.asExpected } : {}), verdicts };
}

/**
 * Equal-width bins over [min, max] (at most `bins`, integer edges for integer values); one bin
 * when every value is the same; none for no values.
 */
export function histogram(values: readonly number[], bins = 10): HistogramBin[] {
  if (values.length === 0) return [];
  const min = Math.min(...values);
  const max = Math.max(...values);
  if (min === max) return [{ from: min, to: max, count: values.length }];
  const integers = values.every(Number.isInteger);
  let width = (max - min) / bins;
  if (integers) width = Math.max(1, Math.ceil((max - min + 1) / bins));
  const count = Math.max(1, Math.ceil((max - min + (integers ? 1 : 0)) / width));
  const out: HistogramBin[] = Array.from({ length: count }, (_, i) => ({ from: min + i * width, to: Math.min(max, min + (i + 1) * width - (integers ? 1 : 0)), count: 0 }));
  for (const value of values) out[Math.min(count - 1, Math.floor((value - min) / width))].count++;
  return out;
}

/** The distribution of `runs` (each a summarizeRun). */
export function distributionOf(runs: readonly RunOutcomeSummary[]): Distribution {
  const statuses: Distribution['statuses'] = {};
  const entries = new Map<string, EntryDistribution>();
  for (const run of runs) {
    statuses[run.status] = (statuses[run.status] ?? 0) + 1;
    for (const verdict of run.verdicts) {
      let entry = entries.get(verdict.entry);
      if (!entry) entries.set(verdict.entry, (entry = { entry: verdict.entry, expected: verdict.expected, held: 0, runs: 0, values: [], histogram: [] }));
      entry.runs++;
      if (verdict.held) entry.held++;
      if (verdict.value !== undefined) entry.values.push(verdict.value);
    }
  }
  for (const entry of entries.values()) entry.histogram = histogram(entry.values);
  return { runs: runs.length, statuses, asExpected: runs.filter((r) => r.asExpected).length, entries: [...entries.values()] };
}
