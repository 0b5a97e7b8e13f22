// `process-lab run ... --repeat N`: the scenario run N times, one after another, and the
// distribution of its outcomes (scenario/distribution.ts) printed: how often each status came,
// how often each expectation held, a histogram of each expectation's key value.
// The runs themselves: main/engine/repeat.ts (the same path as the UI's "Run 20 times").
import type { Distribution, RunOutcomeSummary } from '../scenario/distribution';
import type { RunStatus } from '../scenario/events';
import { groupDigits } from '../scenario/verdicts';

const BAR_WIDTH = 40;

/** One run's outcome on one line: "run 3/20: completed, as expected; total 21 816". */
export function runLine(index: number, times: number, summary: RunOutcomeSummary): string {
  const values = summary.verdicts.filter((v) => v.value !== undefined).map((v) => groupDigits(v.value!));
  const expected = summary.asExpected === undefined ? '' : summary.asExpected ? ', as expected' : ', NOT as expected';
  return `run ${index + 1}/${times}: ${summary.status}${expected}${values.length ? `; values ${values.join(', ')}` : ''}`;
}

/** The distribution as text: statuses, then each expectation with its histogram. */
export function formatDistribution(title: string, d: Distribution): string {
  const lines = [`${d.runs} runs of "${title}"`];
  lines.push(`  ended: ${Object.entries(d.statuses).map(([status, n]) => `${status} ${n}`).join(', ')}`);
  if (d.entries.length) lines.push(`  as expected: ${d.asExpected} of ${d.runs}`);
  for (const entry of d.entries) {
    lines.push(`  ${entry.held}/${entry.runs} held: ${entry.expected}`);
    if (entry.values.length === 0) continue;
    const sorted = [...entry.values].sort((a, b) => a - b);
    const median = sorted[Math.floor((sorted.length - 1) / 2)];
    lines.push(`    values: min ${groupDigits(sorted[0])}, median ${groupDigits(median)}, max ${groupDigits(sorted[sorted.length - 1])}`);
    const most = Math.max(...entry.histogram.map((b) => b.count));
    for (const bin of entry.histogram) {
      const range = bin.from === bin.to ? groupDigits(bin.from) : `${groupDigits(bin.from)}..${groupDigits(bin.to)}`;
      lines.push(`    ${range.padStart(17)}  ${'#'.repeat(Math.round((bin.count / most) * BAR_WIDTH)).padEnd(BAR_WIDTH)} ${bin.count}`);
    }
  }
  return lines.join('\n');
}

/** The exit status of a repetition: the highest of its runs' (spec exit codes). */
export function repeatExitCode(summaries: readonly RunOutcomeSummary[], codes: Record<RunStatus, number>): number {
  return Math.max(0, ...summaries.map((s) => codes[s.status]));
}
