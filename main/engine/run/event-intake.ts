// Event intake: what each process reports (through its ProcessEventSource) becomes the run's
// events, in the order each process wrote them, with its console text placed beside the steps
// that printed it; the engine's view of each process (current step, descriptors by object,
// children started, children reaped) follows from those events.
import { signalEntry } from './dispositions';
import { checkExit } from './exit-watch';
import type { ObjectHistory } from './object-history';
import type { ProcessTable } from './process-table';
import type { RunLog } from './run-log';
import type { RunProcess } from './run-processes';

/** What one pump of every process's events may take, in ms (the pump runs every 10 ms). */
const PUMP_BUDGET_MS = 25;
/** Console bytes read at a time while looking for a log step's line. */
const CONSOLE_STEP_BYTES = 16 * 1024;
/** Bytes of records taken at a time (35 log steps, 102 quick steps), between two looks at the clock. */
const BATCH_BYTES = 4096;
/**
 * Events a batch counts for: a batch of 4 KiB of log steps (120-byte records) makes 105. A batch
 * of quick steps (40-byte kQuickStep records, core/ring.h) makes up to 204 and counts twice,
 * so a round's work stays bounded in events, whatever the records' size.
 */
const BATCH_EVENTS = 105;
/**
 * Batches one pump reads at most from all its processes together (64 KiB of records; one more
 * per process, so each gets its turn): what a round may cost whatever the machine's speed, where
 * PUMP_BUDGET_MS bounds it on a slow or loaded one.
 */
const ROUND_BATCHES = 16;
/** How far back (ns) an event of a process found caught up may still be stamped. */
const CAUGHT_UP_MARGIN_NS = 250_000_000;

export class EventIntake {
  constructor(
    private readonly table: ProcessTable,
    private readonly log: RunLog,
    /** Told of every step that ended, so the objects it touched are recorded after the pump. */
    private readonly history?: ObjectHistory,
  ) {}

  /**
   * Reads every process's events and console; events are handled in the order each wrote them.
   * A pump spends about PUMP_BUDGET_MS and ROUND_BATCHES: processes producing faster than the
   * engine reads wait on their full rings, and the engine's ticks (kernel state, CPU, deadlines)
   * and replies still run. Before, one pump of a busy race took a whole second and the run had
   * one tick in all. The process read the least far in time goes first, so the run's events
   * come out close to time order across processes (a reader ordering them by time waits less).
   */
  pump(): void {
    // A child the engine has not heard of yet goes last: its parent's spawn comes first.
    const processes = [...this.table.all()].sort((a, b) => (a.readUpTo ?? Infinity) - (b.readUpTo ?? Infinity));
    const until = performance.now() + PUMP_BUDGET_MS;
    let batches = ROUND_BATCHES;
    for (const process of processes) batches -= this.drain(process, until, Math.max(1, batches)).batches;
    this.table.deliveries.resolve(); // sends whose receivers are now read up to their time
    this.history?.record();
    this.log.flush();
  }

  /**
   * Handles what one process reported so far, a small batch at a time, until its ring is empty,
   * `until` (performance.now() ms; Infinity: no time limit) has come or `maxBatches` batches are
   * handled; at least one batch. Says whether it caught up (nothing was left to read) and how
   * many batches it handled. The clock is looked at between batches of handled events, not of
   * decoded records: the events' handling (bounds, recording, listeners such as the CLI's
   * timeline) is most of the cost, and a pump that decoded for its budget then handled all it
   * decoded held the engine for ~0.5 s under a log flood.
   */
  drain(process: RunProcess, until: number, maxBatches = Infinity): { caughtUp: boolean; batches: number } {
    let caughtUp = false;
    let batches = 0;
    while (batches === 0 || (batches < maxBatches && performance.now() < until)) {
      const events = process.events.drainEvents(BATCH_BYTES);
      if (events.length === 0) {
        caughtUp = true;
        break;
      }
      batches += Math.ceil(events.length / BATCH_EVENTS);
      for (const event of events) this.handle(process, event);
      const last = events[events.length - 1].t;
      if (typeof last === 'number') process.readUpTo = last;
    }
    // Caught up: what it reports next happens from about now on (less a margin for a record
    // stamped before this read and written after it, by a process preempted in between). Not
    // for a process seen ended: its exit, recorded next, may be stamped earlier (its parent's wait).
    if (caughtUp && !process.endSeen) process.readUpTo = Math.max(process.readUpTo ?? 0, this.log.now() - CAUGHT_UP_MARGIN_NS);
    // Output no log step accounts for (a crash handler, the runtime itself) is shown as it comes,
    // once the process's events are read up to now: with events left in its ring (the pump ran
    // out of time), the console holds lines of log steps not read yet, which go with their steps.
    if (caughtUp && process.step?.op !== 'log') this.flushConsole(process, undefined);
    return { caughtUp, batches };
  }

  private handle(process: RunProcess, event: Record<string, unknown>): void {
    process.eventsRead++;
    if (typeof event.t === 'number') process.lastEventT = event.t;
    // A log step wrote its line to fd 1 before reporting its end: show that line just before
    // the step's end, so a process's console and its steps stay in order on the timeline.
    if (event.type === 'step.end' && event.op === 'log' && !event.errno) {
      const step = process.stepAt(event.index as number[]);
      this.flushConsole(process, step?.op === 'log' ? step.message + '\n' : '', event.t as number);
    } else if (event.type === 'handler.end') {
      this.flushConsole(process, undefined, event.t as number); // what a C crash handler printed, before its end
    }
    this.onProcessEvent(process, event);
  }

  /**
   * Emits console text: up to and including `expected` when given (the line of a log step),
   * else everything read so far. `before` is the time of the event the text precedes.
   */
  flushConsole(process: RunProcess, expected: string | undefined, before?: number): void {
    if (expected === undefined) process.consoleTail += process.events.drainConsole();
    else {
      // Read only what the line still lacks (CONSOLE_STEP_BYTES at least), so the tail stays
      // about one line long whatever runs ahead: a 2 MiB tail, flattened again after every read
      // and cut a line at a time, made a 20 000-line flood cost the engine ~150 MiB of heap.
      while (!process.consoleTail.includes(expected)) {
        const more = process.events.drainConsole(Math.max(CONSOLE_STEP_BYTES, expected.length - process.consoleTail.length));
        if (!more) break;
        process.consoleTail += more;
      }
    }
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
        process.startT = event.t as number;
        break;
      case 'step.begin':
        process.beginStep(event.index as number[]);
        break;
      case 'step.end':
        // What the call did to signals happened within it: reported before its end.
        this.signalEffects(process, event);
        process.endStep(event.index as number[]);
        this.afterStep(process, event);
        this.history?.noteStep(process.stepAt(event.index as number[]), event.result);
        break;
      case 'signal.sent':
        this.log.emit(event);
        this.table.deliveries.sent({ t: event.t as number, signal: event.signal as string, to: event.to as string, group: event.group === true, ...(typeof event.value === 'number' ? { value: event.value } : {}) });
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
      process.socketPairs.add(step.object);
    } else if (step.op === 'socket.close') {
      process.fdObjects.delete(result.fd as number);
      process.socketRoles.delete(result.fd as number);
    } else if (step.op === 'spawn') {
      const child = this.table.get(step.process);
      if (child) {
        for (const [fd, object] of process.fdObjects) child.fdObjects.set(fd, object);
        for (const [fd, role] of process.socketRoles) child.socketRoles.set(fd, role);
        for (const object of process.socketPairs) child.socketPairs.add(object);
        // It began no earlier than the fork: its events, not read yet, come after the spawn began.
        if (child.pid === undefined) child.readUpTo ??= (event.t as number) - ((event.durationNs as number) || 0);
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
   * A step's effect on signals, from its step.end: a sigaction or sigprocmask that succeeded
   * changes what later signals do (and an unblock delivers what was pending); a write that failed
   * with EPIPE was sent SIGPIPE by the kernel first (pipe(7)), at that write's time.
   */
  private signalEffects(process: RunProcess, event: Record<string, unknown>): void {
    const t = event.t as number;
    if (event.errno === 'EPIPE') {
      this.table.deliveries.sent({ t, signal: 'SIGPIPE', to: process.id });
      return;
    }
    if (event.errno) return;
    if (event.op === 'signal.handle') {
      const step = process.stepAt(event.index as number[]);
      if (step?.op === 'signal.handle') this.table.deliveries.noteAction(process, t, step.signal, step.action);
    } else if (event.op === 'signal.mask') {
      const blocked = ((event.result as { blocked?: string[] } | undefined)?.blocked ?? []).reduce((bits, name) => {
        const entry = signalEntry(name);
        return entry ? bits | (1n << BigInt(entry.number - 1)) : bits;
      }, 0n);
      this.table.deliveries.noteMask(process, t, blocked);
    }
  }
}
