// One run of a scenario, the facade the engine's RunManager uses. The jobs are apart:
// run-dir.ts (directory, names, journal), run-log.ts (events, clock, recording),
// process-table.ts (processes started and ended), process-handle.ts (pidfds), exit-watch.ts
// (ends seen by the engine itself), runtime.ts (the launch and event seams, the native lab
// process implementing them in native-runtime.ts), run-start.ts (inboxes, roots),
// event-intake.ts (what processes report), kernel-poll.ts (/proc and reaping),
// progress-watch.ts (completion, timeout, deadlock), lab-signals.ts (signals from the lab),
// run-end.ts (leftovers removed and reported), hosts.ts (the scenario's hosts, when it has
// any). This file only sequences them.
import type { ObjectSnapshot, ProcessFigures } from '../../contract/runs';
import { addon } from '../../native/addon';
import type { RunEvent, RunStatus } from '../../scenario/events';
import type { Scenario } from '../../scenario/schema';
import type { LabPaths } from '../paths';
import { EventIntake } from './event-intake';
import { checkExit } from './exit-watch';
import { closeHosts, openHosts, type RunHosts } from './hosts';
import { inspectObject } from './inspect';
import { pollKernel } from './kernel-poll';
import { LabSignals } from './lab-signals';
import { HoldClock } from './hold-clock';
import { TimeControl, type Breakpoint, type TimeSettings } from './time-control';
import { ObjectHistory } from './object-history';
import { checkSocketPaths, type RunNames } from './names';
import { ProcessTable } from './process-table';
import { DeadlockConfirmation, judgeProgress } from './progress-watch';
import { prepareRunDirectory } from './run-dir';
import { endRun } from './run-end';
import { keepExpectEvents } from './expect-events';
import { RunLog, type RunListener } from './run-log';
import type { RunProcess } from './run-processes';
import { startProcesses } from './run-start';
import type { LabRuntime } from './runtime';
import { nativeRuntime } from './native-runtime';

export type { RunListener } from './run-log';

const PUMP_MS = 10;
const TICK_MS = 50;
const STOP_GRACE_MS = 1000;
/** After SIGKILL, how long the run waits for its processes to be gone before it ends without them. */
const ABANDON_MS = 3000;

export interface RunOptions {
  scenario: Scenario;
  paths: LabPaths;
  /** Overrides the scenario's limits.timeoutMs (ms). */
  timeoutMs?: number;
  /** The program every lab process runs; the native lab process unless given. */
  runtime?: LabRuntime;
  /** Run, slow or step mode and breakpoints, from the first step on (time-control.ts). */
  time?: TimeSettings;
  /** A run the lab makes for itself (a benchmark's): recorded, but hidden from the user's list. */
  internal?: boolean;
  /** Held time (ms) still left out of the timeout once nobody watches; UNWATCHED_GRACE_MS unless given. */
  unwatchedGraceMs?: number;
}

export class Run {
  readonly runId: string;
  readonly runDir: string;
  readonly names: RunNames;
  readonly startedAt = new Date();
  status?: RunStatus;
  readonly finished: Promise<RunStatus>;
  /**
   * Someone can step the run (a window, a connected page, the CLI's terminal). Time the lab
   * holds the run at its gates (step mode, a breakpoint, slow mode) does not count towards its
   * timeout while this is true and for a grace period after (UNWATCHED_GRACE_MS): a run held in
   * step mode whose page was closed and does not come back within it still ends at its timeout,
   * and is cleaned up (hold-clock.ts).
   */
  watched = true;

  private readonly log: RunLog;
  private readonly table: ProcessTable;
  private readonly intake: EventIntake;
  private readonly history: ObjectHistory;
  private readonly signals: LabSignals;
  private readonly runtime: LabRuntime;
  /** When the run times out (Date.now ms); pushed back while the lab holds the run (hold-clock.ts). */
  private readonly clock: HoldClock;
  private lastTick = Date.now();
  private readonly time: TimeControl;
  private readonly deadlockConfirmation = new DeadlockConfirmation();
  private pumpTimer?: NodeJS.Timeout;
  private tickTimer?: NodeJS.Timeout;
  private ending?: RunStatus;
  /** When (Date.now()) to send SIGKILL to whatever is still live, and again on every tick after. */
  private killAt?: number;
  /** When to end the run even if a process survived SIGKILL (uninterruptible sleep, D). */
  private abandonAt?: number;
  private faulted = false;
  private resolveFinished!: (status: RunStatus) => void;
  private hosts?: RunHosts;
  /** What the scenario's expect is judged on, kept whole (expect-events.ts). */
  private expectEvents?: RunEvent[];

  constructor(private readonly options: RunOptions) {
    const scenario = options.scenario;
    this.finished = new Promise((resolve) => (this.resolveFinished = resolve));
    ({ runId: this.runId, runDir: this.runDir, names: this.names } = prepareRunDirectory(options.paths.runtimeDir, scenario));
    this.runtime = options.runtime ?? nativeRuntime;
    this.log = new RunLog(options.paths.runsDir, this.runId, options.internal);
    this.runtime.prepareRun?.({ runDir: this.runDir, scenario, names: this.names, t0: this.log.t0 });
    this.table = new ProcessTable(scenario, this.runDir, this.log, this.runtime);
    this.history = new ObjectHistory(scenario, this.names, this.table, this.log);
    this.intake = new EventIntake(this.table, this.log, this.history);
    this.signals = new LabSignals(this.table, this.log);
    this.clock = new HoldClock(Date.now() + (options.timeoutMs ?? scenario.limits.timeoutMs), undefined, options.unwatchedGraceMs);
    this.time = new TimeControl(this.table);
    this.log.onEvent((event) => {
      if (event.type === 'gate.wait') this.time.onGateWait(event.process, event.index, Date.now(), event.t);
      else if (event.type === 'gate.pass') this.time.onGatePass(event.process);
    });
    if (scenario.expect) this.expectEvents = keepExpectEvents(this.log, scenario.expect);
  }

  /** Every event so far, in order. */
  /** The events in memory: all of them unless the run outgrew the memory bound (then the latest). */
  get events(): RunEvent[] {
    return this.log.events;
  }

  /** Where the run's events are: [0, recorded) on disk at their index, [firstInMemory, total) in memory. */
  eventExtent(): { firstInMemory: number; total: number; recorded: number } {
    return { firstInMemory: this.log.firstInMemory, total: this.log.total, recorded: this.log.recorder.indexed };
  }

  /**
   * The run's time (ns since t0) before which it has emitted every event it will ever emit,
   * but for the engine's own later reports stamped in the past (rare, and by microseconds): the
   * earliest read position of its live processes, or now when none is live. A reader that
   * orders the events by time (the CLI's text timeline) may show those before it.
   */
  readUpTo(): number {
    let earliest = this.log.now();
    for (const process of this.table.live()) if (process.readUpTo !== undefined && process.readUpTo < earliest) earliest = process.readUpTo;
    // A send whose outcome waits for its receivers' events is reported with its own time.
    const waiting = this.table.deliveries.earliest();
    return waiting !== undefined && waiting < earliest ? waiting : earliest;
  }

  get internal(): boolean {
    return this.options.internal === true;
  }

  get title(): string {
    return this.options.scenario.title;
  }

  onEvent(listener: RunListener): () => void {
    return this.log.onEvent(listener);
  }

  start(): void {
    addon().setChildSubreaper?.(true); // orphans of the run come back to the lab to be reaped
    this.log.emit({ type: 'run.start', title: this.options.scenario.title, runId: this.runId, scenario: this.options.scenario });
    try {
      this.time.configure(this.options.time ?? {}); // before the first step of the first process
      checkSocketPaths(this.names);
      // Hosts first: where they cannot be made, nothing starts (the error says why).
      if (this.options.scenario.hosts) this.hosts = openHosts(this.options.scenario, this.names, this.runDir, this.log);
      startProcesses(this.options.scenario, this.names, this.runDir, this.table, this.log, this.runtime, this.hosts);
    } catch (error) {
      this.endNow('failed');
      this.log.emit({ type: 'process.output', process: this.options.scenario.processes[0].id, pid: globalThis.process.pid, stream: 'stderr', text: `process-lab: the run could not start: ${(error as Error).message}\n` });
    }
    this.pumpTimer = setInterval(() => this.guarded(() => this.pump()), PUMP_MS);
    this.tickTimer = setInterval(() => this.tick(), TICK_MS);
  }

  /**
   * Every tick: events, the kernel's view, then the run's fate. The deadline and the end are
   * checked whatever happened before them, so a run always ends by its timeout.
   */
  /** Events, then the gates of processes with breakpoints (one engine round per step). */
  private pump(): void {
    this.intake.pump();
    for (const hit of this.time.pump()) {
      const pid = this.table.get(hit.process)?.pid;
      // Stamped when it came to the gate (its gate.wait): it has been held there since.
      if (pid !== undefined) this.log.emit({ ...(hit.t !== undefined ? { t: hit.t } : {}), type: 'breakpoint.hit', process: hit.process, pid, index: hit.index });
    }
  }

  private tick(): void {
    // Time the lab holds the run at its gates (step mode, a breakpoint, slow mode) does not count
    // towards its timeout while someone is there to watch it (hold-clock.ts).
    const now = Date.now();
    const deadline = this.clock.advance(now - this.lastTick, this.time.holding ? 'user' : this.time.slowHolding ? 'slow' : undefined, this.watched);
    this.lastTick = now;
    this.guarded(() => {
      this.pump();
      pollKernel(this.table, this.intake, this.log);
      // "Whenever they change": a poll of every object (a process's exit detaches its segments).
      this.history.touchAll();
      this.history.record();
      this.log.flush();
    });
    if (this.ending) return this.whileEnding();
    const verdict = this.guarded(() => judgeProgress(this.table, deadline, this.deadlockConfirmation)) ?? (Date.now() >= deadline ? { status: 'timeout' as const, kill: true } : undefined);
    if (!verdict) return;
    if (verdict.deadlock) this.log.emit({ type: 'deadlock', processes: verdict.deadlock.processes });
    if (verdict.kill) this.endNow(verdict.status);
    else {
      this.beginEnd(verdict.status);
      this.finish();
    }
  }

  /** Runs one job of the tick; a failure is reported once and does not stop the run's clock. */
  private guarded<T>(job: () => T): T | undefined {
    try {
      return job();
    } catch (error) {
      if (!this.faulted) {
        this.faulted = true;
        this.log.emit({ type: 'process.output', process: this.options.scenario.processes[0].id, pid: globalThis.process.pid, stream: 'stderr', text: `process-lab: the engine failed while watching the run: ${(error as Error).stack ?? error}\n` });
      }
      return undefined;
    }
  }

  private whileEnding(): void {
    const live = this.table.live();
    if (live.length === 0) return this.finish();
    const now = Date.now();
    if (this.abandonAt !== undefined && now >= this.abandonAt) {
      for (const process of live) {
        // Ended, its last events still being read: read them all now, then record its end.
        if (process.endSeen && checkExit(this.table, this.intake, process, Infinity)) continue;
        this.log.emit({ type: 'process.output', process: process.id, pid: process.pid!, stream: 'stderr', text: `process-lab: ${process.id} (PID ${process.pid}) did not end after SIGKILL; the run ends without it.\n` });
      }
      return this.finish();
    }
    if (this.killAt !== undefined && now >= this.killAt) {
      this.signals.killAll('SIGKILL');
      this.abandonAt ??= now + ABANDON_MS;
    }
  }

  /** Changes the run's mode, slow speed or breakpoints (run.time); see TimeControl. */
  setTime(settings: TimeSettings): void {
    this.time.configure(settings);
  }

  /** The run's mode, slow speed and breakpoints now (run.list shows them for a page that adopts the run). */
  timeSettings(): Required<TimeSettings> {
    return { mode: this.time.mode, slowMs: this.time.slowMs, breakpoints: this.time.breakpoints.map((b) => ({ process: b.process, index: [...b.index] })) };
  }

  /** Lets one process (or every process at its gate) make its next call (run.step); see TimeControl.step. */
  step(processId?: string): string[] {
    return this.time.step(processId);
  }

  /** Processes stopped before a breakpoint. */
  stoppedAtBreakpoints(): Breakpoint[] {
    return this.time.stoppedAt();
  }

  /** Live figures of one of the run's objects (run.inspect). */
  inspect(objectId: string, offset?: number, length?: number): ObjectSnapshot {
    const object = this.options.scenario.objects.find((o) => o.id === objectId);
    return inspectObject(object, this.names[objectId], this.table.all(), offset, length);
  }

  /** PID, state and CPU time of every process (the process table's figures). */
  processFigures(): ProcessFigures[] {
    const ticksPerMs = 100 / 1000; // USER_HZ is 100 on Linux (proc(5))
    return this.table.all().map((p) => ({
      process: p.id,
      ...(p.pid !== undefined ? { pid: p.pid } : {}),
      ...(p.ppid !== undefined ? { ppid: p.ppid } : {}),
      ...(p.kernelState ? { state: p.kernelState } : {}),
      ...(p.waitingOn ? { waitingOn: p.waitingOn } : {}),
      cpuMs: p.cpuTicks / ticksPerMs,
      ...(p.exit ? { exit: p.exit } : {}),
    }));
  }

  /** See LabSignals.processByPid. */
  processByPid(pid: number): RunProcess {
    return this.signals.processByPid(pid);
  }

  /** See LabSignals.signal. */
  signal(processId: string, signal: string, from = 'lab'): number {
    return this.signals.signal(processId, signal, from);
  }

  pause(processId?: string): void {
    this.signals.pause(processId);
  }

  resume(processId?: string): void {
    this.signals.resume(processId);
  }

  /** Step mode from now on: no process makes another step until stepped (see setTime). */
  holdAll(): void {
    this.setTime({ mode: 'step' });
  }

  /** Slow mode: every process waits `ms` at its gate before each step (see setTime). */
  slow(ms: number): void {
    this.setTime({ mode: 'slow', slowMs: ms });
  }

  /** Full speed again (breakpoints still hold their process; see setTime). */
  release(): void {
    this.setTime({ mode: 'run' });
  }

  /** Where each process waits at its gate now (index path of the step it is held before). */
  atGates(): Record<string, number[]> {
    const held: Record<string, number[]> = {};
    for (const process of this.table.live()) {
      const at = process.events.atGate?.();
      if (at) held[process.id] = at;
    }
    return held;
  }

  /** Ends the run: SIGTERM (and SIGCONT, so a stopped process acts on it), SIGKILL after a grace. */
  stop(): void {
    if (this.ending) return;
    this.beginEnd('stopped');
    this.signals.killAll('SIGTERM');
    this.signals.killAll('SIGCONT'); // a stopped process must run to act on SIGTERM
    this.killAt = Date.now() + STOP_GRACE_MS;
  }

  /** Ends the run now: SIGKILL to every process at once (a second stop, a CLI's second SIGINT). */
  kill(): void {
    this.beginEnd('stopped');
    this.killAt = Date.now();
    this.signals.killAll('SIGKILL');
    this.abandonAt ??= Date.now() + ABANDON_MS;
  }

  /** Begins the end with `status` and SIGKILL to every process, repeated each tick until they are gone. */
  private endNow(status: RunStatus): void {
    this.beginEnd(status);
    this.kill();
  }

  private beginEnd(status: RunStatus): void {
    if (!this.ending) this.ending = status;
  }

  private finish(): void {
    if (this.status) return;
    clearInterval(this.pumpTimer);
    clearInterval(this.tickTimer);
    this.guarded(() => {
      this.intake.pump();
      this.history.touchAll();
      this.history.record();
    });
    this.status = this.ending ?? 'completed';
    try {
      if (this.hosts) closeHosts(this.hosts, this.log); // hosts first: what is left inside goes with them
      endRun(this.status, this.names, this.runDir, this.table, this.log, this.options.scenario.expect, this.expectEvents);
      this.runtime.endRun?.(this.runDir);
    } finally {
      this.resolveFinished(this.status); // whatever cleanup met, the run has ended
    }
  }
}
