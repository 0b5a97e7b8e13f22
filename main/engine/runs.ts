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
import { EVENT_BOUNDS } from './run/event-bounds';
import { runFile } from './run/recorder';
import { deleteRecordedRun, listRecordedRuns, readRecordedPage, renameRecordedRun } from './run/run-history';
import { UNWATCHED_GRACE_MS } from './run/hold-clock';
import { Run } from './run/supervisor';
import { RunAdoption } from './run-adoption';
import type { TimeSettings } from './run/time-control';

const PUSH_MS = 33; // about 30 batches a second: smooth for the eye, cheap for the socket
const FINISHED_KEPT = 8; // finished runs kept in memory; older ones are read back from their NDJSON

export class RunManager {
  private readonly runs = new Map<string, Run>();
  /** Per run: the batch for the next push, its first event's index, its JSON bytes, and events left out of it. */
  private readonly pending = new Map<string, { events: RunEvent[]; from: number; bytes: number; missed: number }>();
  /** Per run: index of the next event to queue. */
  private readonly queued = new Map<string, number>();
  private pushTimer?: NodeJS.Timeout;
  /** Per live run: what a page that takes it over needs beyond its events (run-adoption.ts). */
  private readonly adoptions = new Map<string, RunAdoption>();
  /** Someone can step the runs (Run.watched): false while browser mode has no page connected. */
  private watched = true;
  /** Held time (ms) a run still keeps out of its timeout once nobody watches (hold-clock.ts); tests shorten it. */
  unwatchedGraceMs = UNWATCHED_GRACE_MS;
  readonly leftovers: LeftoverReport[];

  constructor(
    private readonly paths: LabPaths,
    private readonly push: PushSink,
    /** Whether anyone receives pushes now: with no one (the CLI), no batch is held at all. */
    private readonly listening: () => boolean = () => true,
  ) {
    ensurePaths(paths);
    this.leftovers = removeLeftovers(paths.runtimeDir);
  }

  /** `options.fileName`: the base name of the file the scenario came from, for a page that adopts the run. */
  start(scenarioValue: unknown, timeoutMs?: number, listener?: (event: RunEvent) => void, time?: TimeSettings, options: { internal?: boolean; fileName?: string } = {}): Run {
    const validation = validateScenario(scenarioValue);
    if (!validation.ok) {
      const errors = validation.problems.filter((p) => (p.severity ?? 'error') === 'error');
      throw new LabFailure('INVALID_SCENARIO', `The scenario has ${errors.length} problem(s): ${errors.map((p) => `${p.pointer}: ${p.message}`).join('; ')}`, validation.problems);
    }
    const run = this.startValidated(validation.scenario, timeoutMs, listener, time, options);
    if (run.status === undefined) {
      this.adoptions.set(run.runId, new RunAdoption(scenarioValue, options.fileName));
      void run.finished.then(() => this.adoptions.delete(run.runId));
    }
    return run;
  }

  /**
   * Starts a scenario the caller has just validated (the CLI validates the file's text once, so
   * `validate` and `run` agree on every limit: defaults filled in must not make it "too big").
   */
  startValidated(scenario: Scenario, timeoutMs?: number, listener?: (event: RunEvent) => void, time?: TimeSettings, options: { internal?: boolean } = {}): Run {
    const run = new Run({ scenario, paths: this.paths, timeoutMs, time, internal: options.internal, unwatchedGraceMs: this.unwatchedGraceMs });
    run.watched = this.watched;
    this.runs.set(run.runId, run);
    run.onEvent((event, bytes) => this.queue(run.runId, event, bytes));
    if (listener) run.onEvent(listener);
    run.start();
    void run.finished.then(() => this.forgetOldRuns());
    return run;
  }

  /**
   * Whether someone can step the live runs (a page is connected): once nobody has for longer
   * than unwatchedGraceMs, the time a run is held (step mode, a breakpoint) counts towards its
   * timeout, so an abandoned run ends.
   */
  setWatched(watched: boolean): void {
    this.watched = watched;
    for (const run of this.runs.values()) run.watched = watched;
  }

  private forgetOldRuns(): void {
    const finished = [...this.runs.values()].filter((run) => run.status !== undefined);
    for (const run of finished.slice(0, Math.max(0, finished.length - FINISHED_KEPT))) this.runs.delete(run.runId);
  }

  /**
   * Queues an event for the next push. A batch holds at most EVENT_BOUNDS.maxPushEvents events
   * and maxPushBytes of JSON (its first event whatever its size): events
   * beyond are left out and the next batch says how many (`missed`), to be read with run.events.
   */
  private queue(runId: string, event: RunEvent, bytes: number): void {
    const index = this.queued.get(runId) ?? 0;
    this.queued.set(runId, index + 1);
    // Held for nobody, a batch of a busy run kept megabytes alive for each push period, long
    // enough for the GC to move them to the old generation: a log flood grew the CLI's heap so.
    // A page that subscribes later sees the gap in `from` and reads it with run.events.
    if (!this.listening()) return;
    let batch = this.pending.get(runId);
    if (!batch) this.pending.set(runId, (batch = { events: [], from: index, bytes: 0, missed: 0 }));
    const fits = batch.missed === 0 && batch.events.length < EVENT_BOUNDS.maxPushEvents && (batch.events.length === 0 || batch.bytes + bytes <= EVENT_BOUNDS.maxPushBytes);
    if (fits) {
      batch.events.push(event);
      batch.bytes += bytes;
    } else {
      batch.missed++;
    }
    this.pushTimer ??= setTimeout(() => this.flush(), PUSH_MS);
  }

  private flush(): void {
    this.pushTimer = undefined;
    for (const [runId, batch] of this.pending) {
      this.push(RUN_EVENTS_PUSH, { runId, events: batch.events, from: batch.from });
      // Events left out of this batch come right after it: an empty batch says so at once.
      if (batch.missed) {
        const from = batch.from + batch.events.length + batch.missed;
        this.push(RUN_EVENTS_PUSH, { runId, events: [], from, missed: batch.missed });
      }
    }
    this.pending.clear();
  }

  /** A live run's scenario as run.start received it, and its file name (run.document). NOT_FOUND once it has ended. */
  document(runId: string): { scenario: unknown; fileName?: string } {
    const adoption = this.adoptions.get(runId);
    if (!adoption) throw new LabFailure('NOT_FOUND', `No live run ${runId}: a run's document is kept while it runs (its recording holds the scenario as run).`);
    return { scenario: adoption.document, ...(adoption.fileName !== undefined ? { fileName: adoption.fileName } : {}) };
  }

  /** SIGSTOP to one process of a live run, or to all of it (run.pause); remembered for a page that adopts the run. */
  pause(runId: string, process?: string): void {
    const run = this.get(runId);
    const live = run.processFigures().filter((p) => p.pid !== undefined && !p.exit).map((p) => p.process);
    run.pause(process);
    this.adoptions.get(runId)?.paused(process, live);
  }

  /** SIGCONT to one process of a live run, or to all of it (run.resume). */
  resume(runId: string, process?: string): void {
    this.get(runId).resume(process);
    this.adoptions.get(runId)?.resumed(process);
  }

  get(runId: string): Run {
    const run = this.runs.get(runId);
    if (!run) throw new LabFailure('NOT_FOUND', `No live run ${runId}.`);
    return run;
  }

  /**
   * Every run, recorded or live, newest first: small indexes only, read asynchronously. A live
   * run of this engine has status `running` and its time settings. The lab's own runs
   * (benchmarks) only when `internal` is true.
   */
  async list(internal = false): Promise<RunSummary[]> {
    const summaries = new Map<string, RunSummary>();
    for (const recorded of await listRecordedRuns(this.paths.runsDir, new Set(this.runs.keys()))) summaries.set(recorded.runId, recorded);
    for (const run of this.runs.values()) {
      const recorded = summaries.get(run.runId);
      summaries.set(run.runId, {
        ...(recorded?.name ? { name: recorded.name } : {}),
        runId: run.runId,
        title: run.title,
        startedAt: run.startedAt.toISOString(),
        ...(run.status ? { status: run.status } : this.liveSummary(run)),
        ...(run.internal ? { internal: true } : {}),
      });
    }
    return [...summaries.values()].filter((s) => internal || !s.internal).sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  }

  /** What run.list tells of a live run: its time control and pauses, its file name. */
  private liveSummary(run: Run): Pick<RunSummary, 'status' | 'time' | 'fileName'> {
    const adoption = this.adoptions.get(run.runId);
    const paused = adoption?.pausedState();
    return {
      status: 'running',
      time: { ...run.timeSettings(), ...(paused ? { paused } : {}) },
      ...(adoption?.fileName !== undefined ? { fileName: adoption.fileName } : {}),
    };
  }

  /** A run still going cannot be renamed or deleted: its recorder still writes both files. */
  private refuseLive(runId: string, what: string): void {
    const run = this.runs.get(runId);
    if (run && run.status === undefined) throw new LabFailure('UNAVAILABLE', `The run is still going: ${what} it once it has ended.`);
  }

  /** Names a recorded run ('' clears the name); returns its new summary. */
  async rename(runId: string, name: string): Promise<RunSummary> {
    this.refuseLive(runId, 'rename');
    const summary = await renameRecordedRun(this.paths.runsDir, runId, name.trim());
    if (!summary) throw new LabFailure('NOT_FOUND', `No recorded run ${runId}.`);
    return summary;
  }

  /** Deletes a recorded run's recording and index. */
  async delete(runId: string): Promise<void> {
    this.refuseLive(runId, 'delete');
    if (!(await deleteRecordedRun(this.paths.runsDir, runId))) throw new LabFailure('NOT_FOUND', `No recorded run ${runId}.`);
    this.runs.delete(runId);
  }

  /**
   * A page of a run's events from index `from`: a live run's from memory, or from its recording
   * for what memory no longer holds; a recorded run's from its file, read asynchronously. Past a
   * capped recording the page jumps to what memory holds (run.limit says what is missing).
   */
  async events(runId: string, from = 0, limit = 10_000): Promise<{ events: RunEvent[]; next: number; done: boolean }> {
    const run = this.runs.get(runId);
    if (run) {
      const { firstInMemory, total, recorded } = run.eventExtent();
      if (from < firstInMemory && from < recorded) {
        const page = await readRecordedPage(runFile(this.paths.runsDir, runId), from, Math.min(limit, recorded - from));
        if (page && page.events.length > 0) return { events: page.events, next: page.next, done: false };
      }
      const start = Math.max(from, firstInMemory);
      const events = run.events.slice(start - firstInMemory, start - firstInMemory + limit);
      const next = start + events.length;
      return { events, next, done: run.status !== undefined && next >= total };
    }
    const page = await readRecordedPage(runFile(this.paths.runsDir, runId), from, limit);
    if (!page) throw new LabFailure('NOT_FOUND', `No run ${runId}, live or recorded.`);
    return { events: page.events, next: page.next, done: page.end };
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
