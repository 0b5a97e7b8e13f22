// The engine's view of each process of a run: what it reported (PID, the steps it is in, the
// descriptors it holds by object), what the kernel says (state, wait channel, CPU), and the
// engine's own handle on it (process-handle.ts), through which it is signalled and reaped.
import type { LabProcess, Step } from '../../scenario/schema';
import type { ProcessHandle } from './process-handle';
import { SignalHistory } from './signal-history';
import type { ProcessEventSource } from './runtime';
import type { PendingSend } from './delivery-reports';

export interface ExitStatus {
  code?: number;
  signal?: string;
  core?: boolean;
}

interface OpenStep {
  step?: Step;
  index: number[];
  /** Date.now() at its step.begin. */
  since: number;
}

export class RunProcess {
  pid?: number;
  ppid?: number;
  startTime?: number;
  /** The engine's handle; undefined before the PID is known, or when the process was gone by then. */
  handle?: ProcessHandle;
  kernelState?: string;
  waitingOn?: string;
  cpuTicks = 0;
  exit?: ExitStatus;
  /** The status its parent's wait reported, and when (ns since t0): used when the kernel keeps none. */
  reportedExit?: { status: ExitStatus; t: number };
  /**
   * The run's time (ns since t0) up to which its events are read: every event it reports later
   * is stamped after it (the watermark of the run's events, Run.readUpTo).
   */
  readUpTo?: number;
  /** Its end as the engine saw it, while the events it wrote before it are still being read. */
  endSeen?: { status: ExitStatus | undefined; byEngine: boolean };
  /** Its process.start's time (ns since t0), once read. */
  startT?: number;
  /** The time of the latest of its events handled (ns since t0): what it did up to then is known. */
  lastEventT?: number;
  /** It has ended and every event it wrote has been read (its exit is about to be recorded). */
  allEventsRead = false;
  /** Its dispositions and blocked set over time, from its own signal.handle and signal.mask steps. */
  readonly signals = new SignalHistory();
  /**
   * Signals sent to it while blocked, by name: delivered when unblocked. A standard signal keeps
   * its first send only (merged), a real-time one every send in order (queued: signal(7)).
   */
  readonly pendingSends = new Map<string, PendingSend[]>();
  /** Ticks since the engine saw it reaped by its parent without knowing its status. */
  unknownExitTicks = 0;
  /** Descriptor number -> object id, as reported by the process's steps (and inherited at spawn). */
  readonly fdObjects = new Map<number, string>();
  /**
   * Signals whose terminating signal.delivered is already reported, or that the lab sent to end
   * the run (its process.exit will not repeat them).
   */
  readonly fatalSignalsReported = new Set<string>();
  /** Stopped by a stop signal and not continued since, as the engine saw the signals go (job control). */
  stopped = false;
  /** The last pending set reported (signal.pending), as SigPnd | ShdPnd bits. */
  pendingReported = 0n;
  /**
   * Of those, signals whose end of pending (delivered or discarded at unblock, ns since t0) the
   * engine knows but has not reported yet: sends read after their unblock must show first.
   */
  readonly pendingEnds = new Map<number, number>();
  /** Of those, the socket descriptors: socket() (or sv[0]) or a connection (accept, sv[1]). */
  readonly socketRoles = new Map<number, 'socket' | 'connection'>();
  /** Socket objects whose descriptors here came from socket.pair (sv[0], sv[1]), inherited at spawn. */
  readonly socketPairs = new Set<string>();
  /** Events the engine has read from it so far: a deadlock verdict needs this to stand still. */
  eventsRead = 0;
  /** Stdout/stderr text not yet ended by a newline. */
  consoleTail = '';
  /** Steps begun and not ended: a handler's steps sit above the step they interrupted. */
  private readonly open: OpenStep[] = [];

  constructor(
    readonly spec: LabProcess,
    /** What the process reports: its events and its console text. */
    readonly events: ProcessEventSource,
  ) {}

  get id(): string {
    return this.spec.id;
  }

  get isRoot(): boolean {
    return this.spec.parent === undefined;
  }

  get started(): boolean {
    return this.pid !== undefined;
  }

  get live(): boolean {
    return this.pid !== undefined && this.exit === undefined;
  }

  /** The innermost step the process is in (between its step.begin and step.end). */
  get step(): Step | undefined {
    return this.open.at(-1)?.step;
  }

  get stepIndex(): number[] | undefined {
    return this.open.at(-1)?.index;
  }

  /** Date.now() when the innermost step began. */
  get stepSince(): number {
    return this.open.at(-1)?.since ?? 0;
  }

  /** A step.begin at `index`: the step goes on top (a handler's step above the one it interrupted). */
  beginStep(index: number[]): void {
    this.open.push({ step: this.stepAt(index), index, since: Date.now() });
  }

  /** A step.end at `index`: that step and anything begun inside it without an end are closed. */
  endStep(index: number[]): void {
    const key = index.join('.');
    const at = this.open.findLastIndex((s) => s.index.join('.') === key);
    if (at >= 0) this.open.length = at;
  }

  /** The process ended: no step is open any more. */
  endAllSteps(): void {
    this.open.length = 0;
  }

  /** The step at an index path of this process's program (inside repeats and handlers too). */
  stepAt(index: number[]): Step | undefined {
    let steps: Step[] | undefined = this.spec.program;
    let step: Step | undefined;
    for (const i of index) {
      step = steps?.[i];
      if (!step) return undefined;
      steps = 'steps' in step ? (step.steps as Step[] | undefined) : undefined;
    }
    return step;
  }
}
