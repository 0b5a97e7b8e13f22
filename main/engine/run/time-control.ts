// Time is the user's (ARCHITECTURE.md): a run goes at full speed, slowly (each process held at its
// gate `slowMs` before each step; the call itself runs at full speed), step by step (every
// process held at its gate; the user lets one make its next call), or stops at breakpoints. The
// gate is the lab process's (native/src/lab/gate.cc); this file decides what each gate does.
// Breakpoints are the engine's: a process with one is held at every step and let through by the
// engine (after slowMs in slow mode) until it stands before a breakpoint's step.
import { LabFailure } from '../../contract/envelope';
import type { Step } from '../../scenario/schema';
import type { ProcessTable } from './process-table';
import type { RunProcess } from './run-processes';
import { isBlockingStep, releasersOf, waitingWords, waitManner } from '../../ops/waiting';

export type RunMode = 'run' | 'slow' | 'step';

/** A step of a process's program by its index path ([3], [3, 0] inside a repeat or handler). */
export interface Breakpoint {
  process: string;
  index: number[];
}

export interface TimeSettings {
  mode?: RunMode;
  /** Slow mode: how long each process waits at its gate before each step (ms). */
  slowMs?: number;
  breakpoints?: Breakpoint[];
}

const sameIndex = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((v, i) => v === b[i]);

export class TimeControl {
  mode: RunMode = 'run';
  slowMs = 0;
  breakpoints: Breakpoint[] = [];
  /** Processes standing before a breakpoint's step, until the user continues them. */
  private readonly stopped = new Set<string>();
  /**
   * Processes with breakpoints waiting at their gate for the engine: before which step, since
   * when (ms), and the run's time of their gate.wait (ns since t0) when it is known.
   */
  private readonly waiting = new Map<string, { index: number[]; since: number; t?: number }>();
  /**
   * Processes let through their gate (step(), pump()) that have not reported gate.pass yet: on a
   * busy machine they may not have run since. They are not waiting for the engine any more.
   */
  private readonly passing = new Set<string>();

  constructor(private readonly table: ProcessTable) {}

  /** Applies settings (before the first process starts, or during the run). */
  configure(settings: TimeSettings): void {
    if (settings.mode !== undefined) this.mode = settings.mode;
    if (settings.slowMs !== undefined) this.slowMs = settings.slowMs;
    if (settings.breakpoints !== undefined) {
      for (const b of settings.breakpoints) {
        if (!this.table.get(b.process)) throw new LabFailure('NOT_FOUND', `No process "${b.process}" in this run.`);
      }
      this.breakpoints = settings.breakpoints.map((b) => ({ process: b.process, index: [...b.index] }));
      for (const id of this.stopped) if (!this.breakpoints.some((b) => b.process === id)) this.stopped.delete(id);
    }
    if (this.mode === 'step') {
      this.stopped.clear();
      this.waiting.clear();
    }
    for (const process of this.table.all()) {
      this.applyGate(process);
      // Already waiting (held in step mode until now): the engine decides for it from here.
      const index = process.live ? process.events.atGate?.() : undefined;
      if (index && !this.stopped.has(process.id) && !this.passing.has(process.id)) this.onGateWait(process.id, index);
    }
  }

  /** The gate each process should have now. */
  private applyGate(process: RunProcess): void {
    const gate = process.events.gate?.bind(process.events);
    if (!gate) return;
    if (this.mode === 'step' || this.hasBreakpoints(process.id)) gate('hold');
    else if (this.mode === 'slow') gate('slow', this.slowMs);
    else gate('open');
  }

  private hasBreakpoints(processId: string): boolean {
    return this.breakpoints.some((b) => b.process === processId);
  }

  /** The user (or the whole run) holds processes: the run's timeout does not count this time. */
  get holding(): boolean {
    return this.mode === 'step' || this.stopped.size > 0;
  }

  /**
   * Slow mode holds a live process at its gate now: the lab delays the scenario (every process
   * that waits on the held one waits because of the lab too), so this time is not the scenario's
   * own either (hold-clock.ts bounds how much of it is left out of the timeout).
   */
  get slowHolding(): boolean {
    return this.mode === 'slow' && this.table.live().some((p) => p.events.atGate?.() !== undefined);
  }

  /** Processes stopped before a breakpoint, with the step's index. */
  stoppedAt(): Breakpoint[] {
    return [...this.stopped].map((id) => ({ process: id, index: this.table.get(id)?.events.atGate?.() ?? [] }));
  }

  /**
   * Lets one process make its next call (step mode, or continuing from a breakpoint); without
   * `processId`, every process held at its gate. Throws LabFailure NOT_AT_GATE when the process
   * is not at its gate: it is blocked in the kernel (the message says on what, and who could
   * release it), running, or has ended.
   */
  step(processId?: string): string[] {
    const targets = processId === undefined ? this.table.live() : [this.table.get(processId)];
    const released: string[] = [];
    for (const process of targets) {
      if (!process) throw new LabFailure('NOT_FOUND', `No process "${processId}" in this run.`);
      if (!process.live || process.events.atGate?.() === undefined) {
        if (processId !== undefined) throw new LabFailure('NOT_AT_GATE', this.whyNotAtGate(process));
        continue;
      }
      this.stopped.delete(process.id);
      this.waiting.delete(process.id);
      this.passing.add(process.id);
      process.events.gate?.('step');
      released.push(process.id);
    }
    return released;
  }

  /** Why a process cannot be stepped now, in words. */
  whyNotAtGate(process: RunProcess): string {
    if (!process.started) return `${process.id} has not started yet: its parent's spawn step starts it.`;
    if (!process.live) return `${process.id} has ended.`;
    const step = process.step;
    if (step && isBlockingStep(step)) {
      const who = this.releasers(process, step);
      return `${process.id} is ${waitManner(step)}, ${waitingWords(step)}: it cannot be stepped until ${who.length ? `${who.join(' or ')} releases it` : 'something releases it'}.`;
    }
    return `${process.id} is ${step ? `in its step ${step.op}` : 'running'}, not waiting at its gate.`;
  }

  /** The other live processes whose programs have a step that could release `step` (ops/waiting). */
  releasers(process: RunProcess, step: Step): string[] {
    const owners = this.table.all().map((p) => p.spec);
    return releasersOf(step, process.id, owners, (id) => !!this.table.get(id)?.exit);
  }

  /**
   * A process reported gate.wait before `index` (at `t`, ns since t0, when known): the engine
   * decides when a process with breakpoints goes on.
   */
  onGateWait(processId: string, index: number[], now = Date.now(), t?: number): void {
    if (this.mode === 'step' || !this.hasBreakpoints(processId)) return;
    this.waiting.set(processId, { index, since: now, ...(t !== undefined ? { t } : {}) });
  }

  /** A process reported gate.pass: it took the step it was let through for. */
  onGatePass(processId: string): void {
    this.passing.delete(processId);
  }

  /**
   * Each engine pump: a process with breakpoints waiting at its gate is let through unless it
   * stands before a breakpoint (then it stays, stopped, until step()); in slow mode after slowMs.
   * Returns the processes that have just stopped at a breakpoint, each with the time it came to
   * its gate (`t`, from its gate.wait) when known: it has been held there since.
   */
  pump(now = Date.now()): Array<Breakpoint & { t?: number }> {
    const hits: Array<Breakpoint & { t?: number }> = [];
    if (this.mode === 'step') return hits;
    for (const [id, { index, since, t }] of this.waiting) {
      const process = this.table.get(id);
      if (!process?.live) {
        this.waiting.delete(id);
        continue;
      }
      if (this.breakpoints.some((b) => b.process === id && sameIndex(b.index, index))) {
        this.waiting.delete(id);
        this.stopped.add(id);
        hits.push({ process: id, index, ...(t !== undefined ? { t } : {}) });
        continue;
      }
      if (this.mode === 'slow' && now - since < this.slowMs) continue;
      this.waiting.delete(id);
      this.passing.add(id);
      process.events.gate?.('step');
    }
    return hits;
  }
}
