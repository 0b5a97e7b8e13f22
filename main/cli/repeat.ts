// `process-lab run ... --repeat N`: the scenario run N times, one after another, and the
// distribution of its outcomes (scenario/distribution.ts) printed: how often each status came,
// how often each expectation held, a histogram of each expectation's key value.
import type { Lab } from '../engine/lab';
import type { Run } from '../engine/run/supervisor';
import type { TimeSettings } from '../engine/run/time-control';
import { summarizeRun, type Distribution, type RunOutcomeSummary } from '../scenario/distribution';
import type { RunEvent, RunStatus } from '../scenario/events';
import type { Scenario } from '../scenario/schema';
import { groupDigits } from '../scenario/verdicts';

const BAR_WIDTH = 40;

/** What a repetition tells its caller about each run as it goes (the CLI's breakpoint prompts). */
export interface RepeatHooks {
  /** Every event of run `index` (0-based), as it comes. */
  listener?: (event: RunEvent, index: number) => void;
  /** Run `index` has started (the CLI's Enter then continues its breakpoints). */
  started?: (run: Run, index: number) => void;
}

/**
 * Runs `scenario` `times` times, each with the same time settings (--slow, and --break: each
 * run stops at the breakpoints, as a single run would); each run's outcome goes to `progress`.
 */
export async function repeatRuns(lab: Lab, scenario: Scenario, times: number, timeoutMs: number | undefined, time: TimeSettings, progress: (index: number, summary: RunOutcomeSummary, events: readonly RunEvent[]) => void, stopped: () => boolean, hooks: RepeatHooks = {}): Promise<RunOutcomeSummary[]> {
  const summaries: RunOutcomeSummary[] = [];
  for (let i = 0; i < times && !stopped(); i++) {
    const index = i;
    const run = lab.runs().start(scenario, timeoutMs, hooks.listener && ((event) => hooks.listener!(event, index)), time);
    hooks.started?.(run, i);
    await run.finished;
    const summary = summarizeRun(run.events);
    summaries.push(summary);
    progress(i, summary, run.events);
  }
  return summaries;
}

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
