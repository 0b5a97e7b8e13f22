// One run of a scenario: a private run directory, names journalled before anything exists,
// root processes started with the lab's worker runtime, their events collected, their kernel
// state polled, deadlocks and timeouts detected, signals sent only to the run's own processes,
// and at the end every object still present removed and reported as leaked.
import { randomBytes } from 'node:crypto';
import { closeSync, constants, mkdirSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LabFailure } from '../../contract/envelope';
import type { ObjectSnapshot, ProcessFigures } from '../../contract/runs';
import { inspectObject } from './inspect';
import { addon } from '../../native/addon';
import type { RunEvent, RunStatus } from '../../scenario/events';
import type { Scenario } from '../../scenario/schema';
import { ENV, RUN_FILES } from '../../worker/env';
import type { LabPaths } from '../paths';
import { removeIfPresent } from './cleanup';
import { findDeadlock, STABLE_MS, type ProcessView } from './deadlock';
import { dispositionOf } from './dispositions';
import { FifoReader } from './fifo-reader';
import { journalPid, startJournal } from './journal';
import { inboxKey, nameObjects, type RunNames } from './names';
import { readPipeEnds, readSignalMasks, readStat, readWchan } from './proc';
import { RunRecorder, runFile } from './recorder';
import { RunProcess, type ExitStatus } from './run-processes';
import { isBlockingStep, waitingWords } from './waiting';
import { workerEnvironment, workerLaunch } from './worker-launch';

const PUMP_MS = 10;
const TICK_MS = 50;
const STOP_GRACE_MS = 1000;
const CONTROL_FIFO_BYTES = 256 * 1024;

export interface RunOptions {
  scenario: Scenario;
  paths: LabPaths;
  timeoutMs?: number;
}

export type RunListener = (event: RunEvent) => void;

function newRunId(): { runId: string; tag: string } {
  const tag = randomBytes(4).toString('hex');
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-');
  return { runId: `${stamp}-${tag}`, tag };
}

export class Run {
  readonly runId: string;
  readonly runDir: string;
  readonly names: RunNames;
  readonly startedAt = new Date();
  readonly events: RunEvent[] = [];
  status?: RunStatus;
  readonly finished: Promise<RunStatus>;

  private readonly processes = new Map<string, RunProcess>();
  private readonly listeners = new Set<RunListener>();
  private readonly recorder: RunRecorder;
  private readonly t0: bigint;
  private readonly deadline: number;
  private pumpTimer?: NodeJS.Timeout;
  private tickTimer?: NodeJS.Timeout;
  private ending?: RunStatus;
  private killAt?: number;
  private resolveFinished!: (status: RunStatus) => void;

  constructor(private readonly options: RunOptions) {
    const native = addon();
    const { runId, tag } = newRunId();
    this.runId = runId;
    this.runDir = join(options.paths.runtimeDir, `run-${runId}`);
    this.finished = new Promise((resolve) => (this.resolveFinished = resolve));
    mkdirSync(this.runDir, { mode: 0o700 });
    for (const sub of [RUN_FILES.controlDir, RUN_FILES.consoleDir, RUN_FILES.pidDir]) mkdirSync(join(this.runDir, sub), { mode: 0o700 });
    const scenario = options.scenario;
    this.names = nameObjects(scenario, tag, this.runDir);
    // Fidelity rule 5: the names are on disk before any process can create them.
    startJournal(this.runDir, { type: 'run', runId, enginePid: process.pid, engineStartTime: readStat(process.pid)?.startTime ?? 0, names: this.names });
    writeFileSync(join(this.runDir, RUN_FILES.scenario), JSON.stringify(scenario), { mode: 0o600 });
    writeFileSync(join(this.runDir, RUN_FILES.names), JSON.stringify(this.names), { mode: 0o600 });
    for (const spec of scenario.processes) {
      const control = new FifoReader(join(this.runDir, RUN_FILES.controlDir, spec.id), CONTROL_FIFO_BYTES);
      const consoleFifo = new FifoReader(join(this.runDir, RUN_FILES.consoleDir, spec.id));
      this.processes.set(spec.id, new RunProcess(spec, control, consoleFifo));
    }
    this.recorder = new RunRecorder(runFile(options.paths.runsDir, runId));
    this.t0 = native.monotonicNs();
    this.deadline = Date.now() + (options.timeoutMs ?? scenario.limits.timeoutMs);
  }

  onEvent(listener: RunListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private now(): number {
    return Number(addon().monotonicNs() - this.t0);
  }

  /** Records an event (stamping the engine's own with `t`) and hands it to listeners. */
  private emit(event: Record<string, unknown>): void {
    const stamped = ('t' in event ? event : { t: this.now(), ...event }) as RunEvent;
    this.events.push(stamped);
    this.recorder.record(stamped);
    for (const listener of this.listeners) listener(stamped);
  }

  start(): void {
    const native = addon();
    native.setChildSubreaper?.(true); // orphans of the run come back to the lab to be reaped
    this.emit({ type: 'run.start', title: this.options.scenario.title, runId: this.runId, scenario: this.options.scenario });
    try {
      // Inboxes are the one kind of object the lab makes itself, before any process starts.
      for (const process of this.options.scenario.processes) {
        const name = this.names[inboxKey(process.id)];
        const msqid = native.msgGet(name.key!, { create: true, exclusive: true, mode: 0o600 });
        this.emit({ type: 'object.created', object: process.id, kind: 'mailbox', inbox: true, msqid, key: name.key });
      }
      for (const process of this.processes.values()) if (process.isRoot) this.spawnRoot(process);
    } catch (error) {
      this.beginEnd('failed');
      this.kill('SIGKILL');
      this.emit({ type: 'process.output', process: this.options.scenario.processes[0].id, pid: globalThis.process.pid, stream: 'stderr', text: `process-lab: the run could not start: ${(error as Error).message}\n` });
    }
    this.pumpTimer = setInterval(() => this.pump(), PUMP_MS);
    this.tickTimer = setInterval(() => this.tick(), TICK_MS);
  }

  private spawnRoot(process: RunProcess): void {
    const native = addon();
    const launch = workerLaunch();
    const consoleFd = openSync(process.console.path, constants.O_WRONLY);
    const nullFd = openSync('/dev/null', constants.O_RDONLY);
    try {
      const env = workerEnvironment({
        [ENV.runDir]: this.runDir,
        [ENV.processId]: process.id,
        [ENV.t0]: this.t0.toString(),
        [ENV.inherited]: '{}',
      });
      const pid = native.spawn(launch.executable, [launch.executable, launch.script], {
        env,
        fds: [[0, nullFd], [1, consoleFd], [2, consoleFd]],
        parentDeathSignal: 'SIGKILL', // if the lab dies, its root processes go with it
      });
      this.noteStarted(process, pid);
    } finally {
      closeSync(consoleFd);
      closeSync(nullFd);
    }
  }

  private noteStarted(process: RunProcess, pid: number): void {
    if (process.pid !== undefined) return;
    process.pid = pid;
    process.startTime = readStat(pid)?.startTime ?? 0;
    journalPid(this.runDir, pid, process.startTime, process.id);
    writeFileSync(join(this.runDir, RUN_FILES.pidDir, process.id), String(pid), { mode: 0o600 });
  }

  // ---- events from the workers -------------------------------------------------------------

  /** Reads every control channel and console; events are handled in the order each wrote them. */
  private pump(): void {
    for (const process of this.processes.values()) this.drain(process);
    this.recorder.flush();
  }

  private drain(process: RunProcess): void {
    for (const line of process.control.drainLines()) {
      let event: Record<string, unknown>;
      try {
        event = JSON.parse(line) as Record<string, unknown>;
      } catch {
        continue; // not ours to interpret: a worker only ever writes JSON lines here
      }
      // A log step wrote its line to fd 1 before reporting its end: show that line just before
      // the step's end, so a process's console and its steps stay in order on the timeline.
      if (event.type === 'step.end' && event.op === 'log' && !event.errno) {
        const step = process.stepAt(event.index as number[]);
        this.flushConsole(process, step?.op === 'log' ? step.message + '\n' : '', event.t as number);
      } else if (event.type === 'handler.end') {
        this.flushConsole(process, undefined); // what a C crash handler printed
      }
      this.onWorkerEvent(process, event);
    }
    // Output no log step accounts for (a crash handler, the runtime itself) is shown as it comes.
    if (process.step?.op !== 'log') this.flushConsole(process, undefined);
  }

  /**
   * Emits console text: up to and including `expected` when given (the line of a log step),
   * else everything read so far. `before` is the time of the event the text precedes.
   */
  private flushConsole(process: RunProcess, expected: string | undefined, before?: number): void {
    process.consoleTail += process.console.drainText();
    if (!process.consoleTail || process.pid === undefined) return;
    let text = process.consoleTail;
    if (expected !== undefined) {
      const at = text.indexOf(expected);
      if (at < 0) return; // not all there yet
      text = text.slice(0, at + expected.length);
    }
    process.consoleTail = process.consoleTail.slice(text.length);
    const t = before !== undefined ? { t: Math.max(0, before - 1) } : {};
    this.emit({ ...t, type: 'process.output', process: process.id, pid: process.pid, stream: 'stdout', text });
  }

  private onWorkerEvent(process: RunProcess, event: Record<string, unknown>): void {
    switch (event.type) {
      case 'process.start':
        this.noteStarted(process, event.pid as number);
        process.ppid = event.ppid as number;
        break;
      case 'step.begin':
        process.stepIndex = event.index as number[];
        process.step = process.stepAt(process.stepIndex);
        process.stepSince = Date.now();
        break;
      case 'step.end':
        this.afterStep(process, event);
        process.step = undefined;
        process.stepIndex = undefined;
        break;
      case 'signal.sent':
        this.emit(event);
        this.reportDisposition(event.to as string, event.signal as string);
        return;
    }
    this.emit(event);
  }

  private afterStep(process: RunProcess, event: Record<string, unknown>): void {
    const result = (event.result ?? {}) as Record<string, unknown>;
    if (event.errno) return;
    const step = process.step;
    if (!step) return;
    if (step.op === 'pipe.create') {
      const [readFd, writeFd] = result.fds as [number, number];
      process.fdObjects.set(readFd, step.object).set(writeFd, step.object);
    } else if (step.op === 'fifo.open') {
      process.fdObjects.set(result.fd as number, step.object);
    } else if (step.op === 'close') {
      process.fdObjects.delete(result.fd as number);
    } else if (step.op === 'spawn') {
      const child = this.processes.get(step.process);
      if (child) {
        for (const [fd, object] of process.fdObjects) child.fdObjects.set(fd, object);
        this.noteStarted(child, result.pid as number);
      }
    } else if (step.op === 'wait' && typeof result.process === 'string') {
      // The parent reaped it: its last events are in its channel; read them before its exit.
      const child = this.processes.get(result.process);
      if (child && !child.exit) {
        this.drain(child);
        this.noteExit(child, { code: result.code as number | undefined, signal: result.signal as string | undefined, core: result.core as boolean | undefined }, event.t as number);
      }
    }
  }

  private noteExit(process: RunProcess, status: ExitStatus, t?: number): void {
    if (process.exit) return;
    process.exit = status;
    process.step = undefined;
    const detail = status.signal ? { signal: status.signal, ...(status.core ? { core: true } : {}) } : { code: status.code ?? 0 };
    this.emit({ ...(t !== undefined ? { t } : {}), type: 'process.exit', process: process.id, pid: process.pid!, ...detail });
  }

  // ---- the kernel's view -----------------------------------------------------------------------

  private tick(): void {
    this.pump();
    const native = addon();
    for (const process of this.processes.values()) {
      if (!process.live) continue;
      const pid = process.pid!;
      // Reap what is ours to reap: root processes, and orphans the subreaper adopted.
      try {
        const status = native.waitpid(pid, { nohang: true });
        if (status && (status.exited || status.signaled)) {
          this.drain(process);
          this.flushConsole(process, undefined);
          this.noteExit(process, status.signaled ? { signal: status.signal!, core: status.coreDumped } : { code: status.code! });
          continue;
        }
      } catch {
        // ECHILD: still its parent's child; the parent's wait step will report it.
      }
      const stat = readStat(pid);
      if (!stat) continue;
      process.cpuTicks = stat.cpuTicks;
      const blocked = isBlockingStep(process.step) || process.step?.op === 'sleep' || process.step?.op === 'compute';
      const waitingOn = stat.state === 'Z' ? 'its parent to wait for it' : blocked && process.step ? waitingWords(process.step) : stat.state === 'S' ? readWchan(pid) : undefined;
      if (stat.state !== process.kernelState || waitingOn !== process.waitingOn) {
        process.kernelState = stat.state;
        process.waitingOn = waitingOn;
        this.emit({ type: 'process.state', process: process.id, pid, state: normalState(stat.state), ...(waitingOn ? { waitingOn } : {}) });
      }
    }
    this.recorder.flush();
    this.checkProgress();
  }

  private checkProgress(): void {
    const live = [...this.processes.values()].filter((p) => p.live);
    if (this.ending) {
      if (live.length === 0) this.finish();
      else if (this.killAt !== undefined && Date.now() >= this.killAt) this.kill('SIGKILL');
      return;
    }
    if (live.length === 0) {
      const anyStarted = [...this.processes.values()].some((p) => p.started);
      if (anyStarted) {
        const allZero = [...this.processes.values()].every((p) => !p.started || (p.exit?.code === 0 && !p.exit.signal));
        this.beginEnd(allZero ? 'completed' : 'failed');
        this.finish();
      }
      return;
    }
    if (Date.now() >= this.deadline) {
      this.beginEnd('timeout');
      this.kill('SIGKILL');
      return;
    }
    // Reading every process's descriptors is only worth it when all of them are waiting.
    const allWaiting = live.every((p) => isBlockingStep(p.step) && Date.now() - p.stepSince >= STABLE_MS);
    const verdict = allWaiting ? findDeadlock(live.map((p) => this.viewOf(p))) : undefined;
    if (verdict) {
      this.emit({ type: 'deadlock', processes: verdict.processes });
      this.beginEnd('deadlock');
      this.kill('SIGKILL');
    }
  }

  private viewOf(process: RunProcess): ProcessView {
    return {
      id: process.id,
      pid: process.pid!,
      kernelState: process.kernelState ?? 'R',
      step: process.step,
      inStepMs: process.step ? Date.now() - process.stepSince : 0,
      pipeEnds: readPipeEnds(process.pid!),
      fdObjects: process.fdObjects,
    };
  }

  /** Live figures of one of the run's objects (run.inspect). */
  inspect(objectId: string, offset?: number, length?: number): ObjectSnapshot {
    const object = this.options.scenario.objects.find((o) => o.id === objectId);
    return inspectObject(object, this.names[objectId], [...this.processes.values()], offset, length);
  }

  /** PID, state and CPU time of every process (the process table's figures). */
  processFigures(): ProcessFigures[] {
    const ticksPerMs = 100 / 1000; // USER_HZ is 100 on Linux (proc(5))
    return [...this.processes.values()].map((p) => ({
      process: p.id,
      ...(p.pid !== undefined ? { pid: p.pid } : {}),
      ...(p.ppid !== undefined ? { ppid: p.ppid } : {}),
      ...(p.kernelState ? { state: p.kernelState } : {}),
      ...(p.waitingOn ? { waitingOn: p.waitingOn } : {}),
      cpuMs: p.cpuTicks / ticksPerMs,
      ...(p.exit ? { exit: p.exit } : {}),
    }));
  }

  get title(): string {
    return this.options.scenario.title;
  }

  // ---- control from the user -------------------------------------------------------------------

  private target(processId: string): RunProcess {
    const process = this.processes.get(processId);
    if (!process) throw new LabFailure('NOT_FOUND', `No process "${processId}" in this run.`);
    if (!process.live) throw new LabFailure('FORBIDDEN', `${processId} is not running (it ${process.started ? 'has exited' : 'has not started'}).`);
    return process;
  }

  /** Resolves a PID to a live process of this run, refusing every other PID (fidelity rule 6). */
  processByPid(pid: number): RunProcess {
    const process = [...this.processes.values()].find((p) => p.live && p.pid === pid);
    if (!process) throw new LabFailure('FORBIDDEN', `PID ${pid} is not a running process of this run; the lab signals only processes it started.`);
    return process;
  }

  signal(processId: string, signal: string, from = 'lab'): number {
    const process = this.target(processId);
    const entry = addon().signalTable().find((s) => s.name === signal);
    if (!entry) throw new LabFailure('INVALID_ARGUMENT', `Unknown signal ${signal}.`);
    const masks = readSignalMasks(process.pid!);
    this.emit({ type: 'signal.sent', from, to: processId, toPid: process.pid!, signal });
    addon().kill(process.pid!, signal as never);
    const disposition = dispositionOf(entry, masks);
    if (disposition !== 'handler' && disposition !== 'pending') {
      this.emit({ type: 'signal.delivered', process: processId, pid: process.pid!, signal, disposition });
    }
    return process.pid!;
  }

  private reportDisposition(processId: string, signal: string): void {
    const process = this.processes.get(processId);
    const entry = addon().signalTable().find((s) => s.name === signal);
    if (!process?.pid || !entry) return;
    const disposition = dispositionOf(entry, readSignalMasks(process.pid));
    if (disposition !== 'handler' && disposition !== 'pending') {
      this.emit({ type: 'signal.delivered', process: processId, pid: process.pid, signal, disposition });
    }
  }

  pause(processId?: string): void {
    for (const process of processId ? [this.target(processId)] : this.liveProcesses()) this.signal(process.id, 'SIGSTOP');
  }

  resume(processId?: string): void {
    for (const process of processId ? [this.target(processId)] : this.liveProcesses()) this.signal(process.id, 'SIGCONT');
  }

  stop(): void {
    if (this.ending) return;
    this.beginEnd('stopped');
    this.kill('SIGTERM');
    this.kill('SIGCONT'); // a stopped process must run to act on SIGTERM
    this.killAt = Date.now() + STOP_GRACE_MS;
  }

  private liveProcesses(): RunProcess[] {
    return [...this.processes.values()].filter((p) => p.live);
  }

  private kill(signal: 'SIGTERM' | 'SIGKILL' | 'SIGCONT'): void {
    for (const process of this.liveProcesses()) {
      try {
        addon().kill(process.pid!, signal);
      } catch {
        // Already gone.
      }
    }
  }

  // ---- the end ---------------------------------------------------------------------------------

  private beginEnd(status: RunStatus): void {
    if (!this.ending) this.ending = status;
  }

  private finish(): void {
    if (this.status) return;
    clearInterval(this.pumpTimer);
    clearInterval(this.tickTimer);
    this.pump();
    // Every process is gone; whatever of the run's objects is left is a leak (inboxes excepted:
    // the lab made them) and is removed now.
    const leaked: Array<Record<string, unknown>> = [];
    for (const name of Object.values(this.names)) {
      const removed = removeIfPresent(name);
      if (!removed) continue;
      this.emit({ type: 'object.removed', object: name.object, kind: name.kind, ...(name.inboxOf ? { inbox: true } : {}), ...removed.identifiers });
      if (!name.inboxOf) leaked.push({ object: name.object, kind: name.kind, ...removed.identifiers });
    }
    for (const process of this.processes.values()) {
      process.control.close();
      process.console.close();
    }
    rmSync(this.runDir, { recursive: true, force: true });
    this.status = this.ending ?? 'completed';
    this.emit({ type: 'run.end', status: this.status, leaked, durationNs: this.now() });
    this.recorder.close();
    this.resolveFinished(this.status);
  }
}

function normalState(state: string): 'R' | 'S' | 'D' | 'T' | 'Z' {
  if (state === 't') return 'T';
  if (state === 'I') return 'S';
  return (['R', 'S', 'D', 'T', 'Z'].includes(state) ? state : 'R') as 'R' | 'S' | 'D' | 'T' | 'Z';
}
