// Repeated runs of one scenario (spec, Command line: --repeat; the UI's "Run 20 times"): one
// code path for the CLI and the contract's run.repeat. Runs go one after another, never at once
// (two runs would race each other for the CPU, which is not the race the scenario shows).
import { randomUUID } from 'node:crypto';
import { REPEAT_PROGRESS_PUSH } from '../contract/channels';
import { LabFailure } from '../contract/envelope';
import type { PushSink } from '../contract/pushes';
import type { RepeatProgress } from '../contract/repeat';
import { distributionOf, summarizeRun, type RunOutcomeSummary } from '../scenario/distribution';
import type { RunEvent } from '../scenario/events';
import type { Scenario } from '../scenario/schema';
import { validateScenario } from '../scenario/validate';
import { errorToLabError } from './dispatch';
import type { Run } from './run/supervisor';
import type { TimeSettings } from './run/time-control';
import type { RunManager } from './runs';

/** Told of each run of a repetition: its events as they come, its start, its outcome. */
export interface RepeatListener {
  event?(event: RunEvent, index: number): void;
  started?(index: number, run: Run): void;
  ended(index: number, summary: RunOutcomeSummary, events: readonly RunEvent[]): void;
}

/**
 * Runs `scenario` `times` times, one after another, until done or `stopped()`, each with the
 * same time settings (--slow; --break stops each run there, as a single run would); each run's
 * outcome goes to `listener`.
 */
export async function repeatRuns(runs: RunManager, scenario: Scenario, times: number, timeoutMs: number | undefined, time: TimeSettings, listener: RepeatListener, stopped: () => boolean): Promise<RunOutcomeSummary[]> {
  const summaries: RunOutcomeSummary[] = [];
  for (let i = 0; i < times && !stopped(); i++) {
    const index = i;
    const run = runs.start(scenario, timeoutMs, listener.event && ((event) => listener.event!(event, index)), time);
    listener.started?.(i, run);
    await run.finished;
    const summary = summarizeRun(run.events);
    summaries.push(summary);
    listener.ended(i, summary, run.events);
  }
  return summaries;
}

/** The engine's side of run.repeat and run.repeatStop: one repetition at a time. */
export class RepeatManager {
  private current?: { repeatId: string; stop: boolean };

  constructor(
    private readonly runs: () => RunManager,
    private readonly push: PushSink,
  ) {}

  /**
   * Validates `scenarioValue` (INVALID_SCENARIO with every problem), then starts the runs in the
   * background and returns the repetition's id. FORBIDDEN while another repetition runs.
   */
  start(scenarioValue: unknown, times: number, timeoutMs?: number): { repeatId: string } {
    if (this.current) throw new LabFailure('FORBIDDEN', 'A repetition is already running: stop it first.');
    const validation = validateScenario(scenarioValue);
    if (!validation.ok) {
      const errors = validation.problems.filter((p) => (p.severity ?? 'error') === 'error');
      throw new LabFailure('INVALID_SCENARIO', `The scenario has ${errors.length} problem(s): ${errors.map((p) => `${p.pointer}: ${p.message}`).join('; ')}`, validation.problems);
    }
    const current = (this.current = { repeatId: randomUUID(), stop: false });
    const { repeatId } = current;
    const send = (progress: Omit<RepeatProgress, 'repeatId' | 'times'>) => this.push(REPEAT_PROGRESS_PUSH, { repeatId, times, ...progress });
    // No breakpoints and no slow motion: the page watches the outcomes, not the runs.
    void repeatRuns(this.runs(), validation.scenario, times, timeoutMs, {}, {
      started: (index, run) => send({ index, runId: run.runId }),
      ended: (index, outcome) => send({ index, outcome }),
    }, () => current.stop)
      .then((summaries) => send({ distribution: distributionOf(summaries) }))
      .catch((error: unknown) => {
        const { code, message } = errorToLabError(error);
        send({ error: { code, message } });
      })
      .finally(() => {
        if (this.current === current) this.current = undefined;
      });
    return { repeatId };
  }

  /** The run under way finishes, no other starts. NOT_FOUND for a repetition not running. */
  stop(repeatId: string): void {
    if (this.current?.repeatId !== repeatId) throw new LabFailure('NOT_FOUND', `No repetition ${repeatId} is running.`);
    this.current.stop = true;
  }
}
