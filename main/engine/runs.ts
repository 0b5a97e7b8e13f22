// The runs of one engine: starts them, routes control to them, batches their events for the
// renderer at display rate, and serves recorded runs for replay.
import { LabFailure } from '../contract/envelope';
import { RUN_EVENTS_PUSH } from '../contract/channels';
import type { PushSink } from '../contract/pushes';
import type { ObjectSnapshot, RunSummary } from '../contract/runs';
import type { RunEvent } from '../scenario/events';
import type { Scenario } from '../scenario/schema';
import { validateScenario } from '../scenario/validate';
import { ensurePaths, type LabPaths } from './paths';
import { removeLeftovers, type LeftoverReport } from './run/leftovers';
import { listRecordedRuns, readRecordedRun } from './run/recorder';
import { Run } from './run/supervisor';
import type { TimeSettings } from './run/time-control';

const PUSH_MS = 33; // about 30 batches a second: smooth for the eye, cheap for the socket
const FINISHED_KEPT = 8; // finished runs kept in memory; older ones are read back from their NDJSON

export class RunManager {
  private readonly runs = new Map<string, Run>();
  private readonly pending = new Map<string, RunEvent[]>();
  private pushTimer?: NodeJS.Timeout;
  readonly leftovers: LeftoverReport[];

  constructor(
    private readonly paths: LabPaths,
    private readonly push: PushSink,
  ) {
    ensurePaths(paths);
    this.leftovers = removeLeftovers(paths.runtimeDir);
  }

  start(scenarioValue: unknown, timeoutMs?: number, listener?: (event: RunEvent) => void, time?: TimeSettings): Run {
    const validation = validateScenario(scenarioValue);
    if (!validation.ok) {
      const errors = validation.problems.filter((p) => (p.severity ?? 'error') === 'error');
      throw new LabFailure('INVALID_SCENARIO', `The scenario has ${errors.length} problem(s): ${errors.map((p) => `${p.pointer}: ${p.message}`).join('; ')}`, validation.problems);
    }
    return this.startValidated(validation.scenario, timeoutMs, listener, time);
  }

  /**
   * Starts a scenario the caller has just validated (the CLI validates the file's text once, so
   * `validate` and `run` agree on every limit: defaults filled in must not make it "too big").
   */
  startValidated(scenario: Scenario, timeoutMs?: number, listener?: (event: RunEvent) => void, time?: TimeSettings): Run {
    const run = new Run({ scenario, paths: this.paths, timeoutMs, time });
    this.runs.set(run.runId, run);
    run.onEvent((event) => this.queue(run.runId, event));
    if (listener) run.onEvent(listener);
    run.start();
    void run.finished.then(() => this.forgetOldRuns());
    return run;
  }

  private forgetOldRuns(): void {
    const finished = [...this.runs.values()].filter((run) => run.status !== undefined);
    for (const run of finished.slice(0, Math.max(0, finished.length - FINISHED_KEPT))) this.runs.delete(run.runId);
  }

  private queue(runId: string, event: RunEvent): void {
    let list = this.pending.get(runId);
    if (!list) this.pending.set(runId, (list = []));
    list.push(event);
    this.pushTimer ??= setTimeout(() => this.flush(), PUSH_MS);
  }

  private flush(): void {
    this.pushTimer = undefined;
    for (const [runId, events] of this.pending) this.push(RUN_EVENTS_PUSH, { runId, events });
    this.pending.clear();
  }

  get(runId: string): Run {
    const run = this.runs.get(runId);
    if (!run) throw new LabFailure('NOT_FOUND', `No live run ${runId}.`);
    return run;
  }

  list(): RunSummary[] {
    const summaries = new Map<string, RunSummary>();
    for (const recorded of listRecordedRuns(this.paths.runsDir)) {
      const events = readRecordedRun(this.paths.runsDir, recorded.runId) ?? [];
      const start = events.find((e) => e.type === 'run.start');
      const end = events.find((e) => e.type === 'run.end');
      summaries.set(recorded.runId, {
        runId: recorded.runId,
        title: start && start.type === 'run.start' ? start.title : recorded.runId,
        startedAt: recorded.modified.toISOString(),
        ...(end && end.type === 'run.end' ? { status: end.status, durationNs: end.durationNs } : {}),
      });
    }
    for (const run of this.runs.values()) {
      summaries.set(run.runId, { runId: run.runId, title: run.title, startedAt: run.startedAt.toISOString(), ...(run.status ? { status: run.status } : {}) });
    }
    return [...summaries.values()].sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  }

  events(runId: string, from = 0, limit = 10_000): { events: RunEvent[]; next: number; done: boolean } {
    const run = this.runs.get(runId);
    const all = run ? run.events : readRecordedRun(this.paths.runsDir, runId);
    if (!all) throw new LabFailure('NOT_FOUND', `No run ${runId}, live or recorded.`);
    const events = all.slice(from, from + limit);
    const next = from + events.length;
    const ended = run ? run.status !== undefined : true;
    return { events, next, done: ended && next >= all.length };
  }

  inspect(runId: string, object: string, offset?: number, length?: number): ObjectSnapshot {
    return this.get(runId).inspect(object, offset, length);
  }

  /** Stops every live run and waits until each has cleaned up. */
  async close(): Promise<void> {
    const live = [...this.runs.values()].filter((run) => !run.status);
    for (const run of live) run.stop();
    await Promise.all(live.map((run) => run.finished));
    if (this.pushTimer) clearTimeout(this.pushTimer);
    this.flush();
  }
}
