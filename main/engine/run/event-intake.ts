// Event intake: what each process reports (through its ProcessEventSource) becomes the run's
// events, in the order each process wrote them, with its console text placed beside the steps
// that printed it; the engine's view of each process (current step, descriptors by object,
// children started, children reaped) follows from those events.
import { dispositionOf, signalEntry } from './dispositions';
import { checkExit } from './exit-watch';
import type { ObjectHistory } from './object-history';
import type { ProcessTable } from './process-table';
import { readSignalMasks } from './proc';
import type { RunLog } from './run-log';
import type { RunProcess } from './run-processes';

/** What one pump of every process's events may take, in ms (the pump runs every 10 ms). */
const PUMP_BUDGET_MS = 25;

export class EventIntake {
  constructor(
    private readonly table: ProcessTable,
    private readonly log: RunLog,
    /** Told of every step that ended, so the objects it touched are recorded after the pump. */
    private readonly history?: ObjectHistory,
  ) {}

  /** Which process the next pump reads first: a pump out of time leaves the last ones waiting. */
  private firstToRead = 0;

  /**
   * Reads every process's events and console; events are handled in the order each wrote them.
   * A pump spends about PUMP_BUDGET_MS: processes producing faster than the engine reads wait on
   * their full rings, and the engine's ticks (kernel state, CPU, deadlines) and replies still run.
   * Before, one pump of a busy race took a whole second and the run had one tick in all.
   */
  pump(): void {
    const processes = this.table.all();
    const until = performance.now() + PUMP_BUDGET_MS;
    for (let i = 0; i < processes.length; i++) this.drain(processes[(this.firstToRead + i) % processes.length], until);
    this.firstToRead = processes.length ? (this.firstToRead + 1) % processes.length : 0;
    this.history?.record();
    this.log.flush();
  }

  /** Handles what one process reported so far (until `until`, performance.now() ms, if given). */
  drain(process: RunProcess, until?: number): void {
    for (const event of process.events.drainEvents(until)) {
      process.eventsRead++;
      // A log step wrote its line to fd 1 before reporting its end: show that line just before
      // the step's end, so a process's console and its steps stay in order on the timeline.
      if (event.type === 'step.end' && event.op === 'log' && !event.errno) {
        const step = process.stepAt(event.index as number[]);
        this.flushConsole(process, step?.op === 'log' ? step.message + '\n' : '', event.t as number);
      } else if (event.type === 'handler.end') {
        this.flushConsole(process, undefined); // what a C crash handler printed
      }
      this.onProcessEvent(process, event);
    }
    // Output no log step accounts for (a crash handler, the runtime itself) is shown as it comes,
    // once the process's events are read up to now: with events left in its ring (the pump ran
    // out of time), the console holds lines of log steps not read yet, which go with their steps.
    const caughtUp = until === undefined || performance.now() < until;
    if (caughtUp && process.step?.op !== 'log') this.flushConsole(process, undefined);
  }

  /**
   * Emits console text: up to and including `expected` when given (the line of a log step),
   * else everything read so far. `before` is the time of the event the text precedes.
   */
  flushConsole(process: RunProcess, expected: string | undefined, before?: number): void {
    // Read more only when the tail lacks the line: each read is bounded, so a process whose
    // output runs ahead of its events never piles its whole console up in the engine.
    if (expected === undefined || !process.consoleTail.includes(expected)) process.consoleTail += process.events.drainConsole();
    if (!process.consoleTail || process.pid === undefined) return;
    let text = process.consoleTail;
    if (expected !== undefined) {
      const at = text.indexOf(expected);
      if (at < 0) return; // not all there yet
      text = text.slice(0, at + expected.length);
    }
    process.consoleTail = process.consoleTail.slice(text.length);
    const t = before !== undefined ? { t: Math.max(0, before - 1) } : {};
    this.log.emit({ ...t, type: 'process.output', process: process.id, pid: process.pid, stream: 'stdout', text });
  }

  private onProcessEvent(process: RunProcess, event: Record<string, unknown>): void {
    switch (event.type) {
      case 'process.start':
        this.table.noteStarted(process, event.pid as number);
        process.ppid = event.ppid as number;
        break;
      case 'step.begin':
        process.beginStep(event.index as number[]);
        break;
      case 'step.end':
        if (event.errno === 'EPIPE') this.reportIgnoredSigpipe(process);
        process.endStep(event.index as number[]);
        this.afterStep(process, event);
        this.history?.noteStep(process.stepAt(event.index as number[]));
        break;
      case 'signal.sent':
        this.log.emit(event);
        this.reportDisposition(event.to as string, event.signal as string);
        return;
    }
    this.log.emit(event);
  }

  private afterStep(process: RunProcess, event: Record<string, unknown>): void {
    const result = (event.result ?? {}) as Record<string, unknown>;
    if (event.errno) return;
    // The step this end belongs to, by its own index: a handler may have run steps in between.
    const step = process.stepAt(event.index as number[]);
    if (!step) return;
    if (step.op === 'pipe.create') {
      const [readFd, writeFd] = result.fds as [number, number];
      process.fdObjects.set(readFd, step.object).set(writeFd, step.object);
    } else if (step.op === 'fifo.open') {
      process.fdObjects.set(result.fd as number, step.object);
    } else if (step.op === 'close') {
      process.fdObjects.delete(result.fd as number);
    } else if (step.op === 'socket.create' || step.op === 'socket.accept') {
      process.fdObjects.set(result.fd as number, step.object);
      process.socketRoles.set(result.fd as number, step.op === 'socket.create' ? 'socket' : 'connection');
    } else if (step.op === 'socket.pair') {
      const [sock, conn] = result.fds as [number, number];
      process.fdObjects.set(sock, step.object).set(conn, step.object);
      process.socketRoles.set(sock, 'socket').set(conn, 'connection');
    } else if (step.op === 'socket.close') {
      process.fdObjects.delete(result.fd as number);
      process.socketRoles.delete(result.fd as number);
    } else if (step.op === 'spawn') {
      const child = this.table.get(step.process);
      if (child) {
        for (const [fd, object] of process.fdObjects) child.fdObjects.set(fd, object);
        for (const [fd, role] of process.socketRoles) child.socketRoles.set(fd, role);
        this.table.noteStarted(child, result.pid as number);
      }
    } else if (step.op === 'wait' && typeof result.process === 'string') {
      // The parent reaped it: what it says is kept for when the kernel keeps no status, and
      // the engine looks at the child now, so its exit follows the wait on the timeline.
      const child = this.table.get(result.process);
      if (child && !child.exit && child.pid === result.pid) {
        const status = typeof result.signal === 'string' ? { signal: result.signal, ...(result.core ? { core: true } : {}) } : { code: result.code as number };
        child.reportedExit = { status, t: event.t as number };
        checkExit(this.table, this, child);
      }
    }
  }

  /**
   * After a process's signal.sent: what the kernel did with it, when it is not a handler run.
   * Nothing for a process already recorded as ended (a zombie accepts a signal and ignores it).
   */
  private reportDisposition(processId: string, signal: string): void {
    const process = this.table.get(processId);
    const entry = signalEntry(signal);
    if (!process?.pid || process.exit || !entry) return;
    const disposition = dispositionOf(entry, readSignalMasks(process.pid));
    if (disposition !== 'handler' && disposition !== 'pending') {
      if (disposition === 'terminate' || disposition === 'core') process.fatalSignalReported = signal;
      this.log.emit({ type: 'signal.delivered', process: processId, pid: process.pid, signal, disposition });
    }
    if (signal === 'SIGCONT') this.table.noteJobControl(process, false); // it resumes at once, whatever its mask or handler (signal(7))
  }

  /**
   * A write that failed with EPIPE: the kernel sent SIGPIPE first (pipe(7)). Caught, the handler
   * reports it; by default it killed the process (its exit reports it); ignored, only here.
   */
  private reportIgnoredSigpipe(process: RunProcess): void {
    const entry = signalEntry('SIGPIPE');
    if (!process.pid || !entry) return;
    if (dispositionOf(entry, readSignalMasks(process.pid)) !== 'ignored') return;
    this.log.emit({ type: 'signal.delivered', process: process.id, pid: process.pid, signal: 'SIGPIPE', disposition: 'ignored' });
  }
}
