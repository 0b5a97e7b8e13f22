// What the kernel did with each signal a process sent (kill, kill(-pgid), sigqueue) or the
// kernel itself sent (SIGPIPE to a writer, SIGCHLD to a parent), when no handler reports it: the
// lab reports `signal.delivered` for an ignored signal and for the default actions (terminate,
// core, stop, continue), to every process the signal reached (each member of a process group:
// kill(2)), stamped with the time of its cause: the send, or for a signal that was blocked, the
// sigprocmask that unblocked it (signal(7): it is delivered then). A handled signal is reported
// by its handler, from the process's own ring.
//
// The outcome is judged from each receiver's own reports of its dispositions at the send's time
// (signal-history.ts), never from /proc when the engine gets round to it: by then the receiver
// may have changed its disposition, or ended (a SIGUSR1 it ignored was shown killing it). So a
// send waits until every process it may reach has been read up to its time.
import { dispositionOf, signalEntry, signalNames, type Disposition, type SignalEntry } from './dispositions';
import { hasSignal } from './proc';
import type { ProcessTable } from './process-table';
import type { RunLog } from './run-log';
import type { RunProcess } from './run-processes';

/** A signal sent at `t` (ns since t0) to process `to`, or to the process group of `to`. */
export interface SignalSend {
  t: number;
  signal: string;
  to: string;
  group?: boolean;
  /** SIGCHLD from the kernel: under SIG_IGN it is not sent at all (sigaction(2), wait(2)). */
  notWhenIgnored?: boolean;
  /** sigqueue(3)'s integer (si_value.sival_int), reported with the delivery. */
  value?: number;
}

/** A send held pending while blocked: its time (ns since t0) and sigqueue value, if any. */
export interface PendingSend { t: number; value?: number }

/** SIGRTMIN..SIGRTMAX: each send is queued (signal(7) "Real-time signals"), not merged. */
const isRealtime = (entry: SignalEntry): boolean => entry.name.startsWith('SIGRT');

export class DeliveryReports {
  /** Sends whose receivers are not all read up to the send's time yet, in the order they came. */
  private waiting: SignalSend[] = [];
  /** The least `t` of `waiting` (kept: Run.readUpTo asks for it at every event the CLI prints). */
  private earliestT?: number;

  constructor(
    private readonly table: ProcessTable,
    private readonly log: RunLog,
  ) {}

  /** A send that succeeded: its outcome is reported as soon as its receivers' states at `t` are known. */
  sent(send: SignalSend): void {
    // Only this one is tried now (a flood of sends must not try every waiting one each time).
    if (this.tryReport(send, false)) return;
    this.waiting.push(send);
    if (this.earliestT === undefined || send.t < this.earliestT) this.earliestT = send.t;
  }

  /** The time (ns since t0) of the earliest send still waiting; undefined when none waits. */
  earliest(): number | undefined {
    return this.earliestT;
  }

  /** Reports every waiting send whose receivers are known at its time; `force`: all of them (the run ends). */
  resolve(force = false): void {
    if (this.waiting.length === 0) return;
    const still: SignalSend[] = [];
    let earliest: number | undefined;
    for (const send of this.waiting) {
      if (this.tryReport(send, force)) continue;
      still.push(send);
      if (earliest === undefined || send.t < earliest) earliest = send.t;
    }
    this.waiting = still;
    this.earliestT = earliest;
    for (const process of this.table.all()) this.flushPendingEnds(process, force);
  }

  /** Reports what `send` did if every process it may reach is known at its time (or `force`); says whether it did. */
  private tryReport(send: SignalSend, force: boolean): boolean {
    const candidates = this.candidates(send);
    if (!force && !candidates.every((process) => this.knownAt(process, send.t))) return false;
    for (const process of candidates) if (this.reached(process, send)) this.deliver(process, send);
    for (const process of candidates) this.flushPendingEnds(process, false);
    return true;
  }

  /**
   * A signal the engine itself sent (LabSignals), judged from /proc just before its kill: the
   * outcome at `t`; a blocked one is reported when the process unblocks it.
   */
  labSent(process: RunProcess, entry: SignalEntry, disposition: Disposition, t: number): void {
    if (entry.name === 'SIGCONT') this.table.noteJobControl(process, false, t);
    if (disposition === 'pending') this.whenUnblocked(process, entry, { t });
    else if (disposition !== 'handler') this.report(process, entry.name, disposition, t);
  }

  /**
   * `process`'s signal.mask ended at `t`, leaving `blocked`: signals sent while blocked and now
   * unblocked are delivered within that call (sigprocmask(2)).
   */
  noteMask(process: RunProcess, t: number, blocked: bigint): void {
    process.signals.noteMask(t, blocked);
    // The kernel takes the lowest-numbered pending signal first, and a real-time signal's queued
    // sends in the order they came (signal(7)), each delivered on its own.
    const unblocked = [...process.pendingSends.keys()]
      .map((name) => signalEntry(name))
      .filter((entry): entry is SignalEntry => !!entry && !hasSignal(blocked, entry.number))
      .sort((a, b) => a.number - b.number);
    for (const entry of unblocked) {
      const sends = process.pendingSends.get(entry.name)!;
      process.pendingSends.delete(entry.name);
      for (const send of sends) this.afterUnblock(process, entry, send, t);
    }
    this.flushPendingEnds(process, false); // delivered within this call: reported once no earlier send can come
  }

  /** `process` died of `signal`, which it had blocked, at `t` (within the sigprocmask that unblocked it): no longer pending. */
  diedOfPending(process: RunProcess, signal: string, t: number): void {
    const entry = signalEntry(signal);
    process.pendingSends.delete(signal);
    if (entry) this.pendingChanged(process, entry, false, t);
  }

  /** `process`'s signal.handle for `signal` ended at `t`: SIG_IGN discards the signal if pending (sigaction(2)). */
  noteAction(process: RunProcess, t: number, signal: string, action: 'default' | 'ignore' | 'handler'): void {
    const entry = signalEntry(signal);
    if (!entry) return;
    process.signals.noteAction(t, entry.number, action);
    if (action === 'ignore' && process.pendingSends.delete(signal)) this.pendingChanged(process, entry, false, t);
  }

  /** The processes a send may reach: its target, or every process of its target's group. */
  private candidates(send: SignalSend): RunProcess[] {
    const target = this.table.get(send.to);
    if (!target) return [];
    if (!send.group) return [target];
    // A root process leads a process group of its own, its descendants are in it (native-runtime.ts).
    const root = rootOf(this.table, target);
    return this.table.all().filter((process) => rootOf(this.table, process) === root);
  }

  /** Whether what `process` did up to `t` is known: its events are read that far, or it has ended. */
  private knownAt(process: RunProcess, t: number): boolean {
    if (process.exit || process.allEventsRead || (process.lastEventT ?? -1) >= t || (process.readUpTo ?? -1) >= t) return true;
    if (process.pid !== undefined) return false;
    // Not started: it cannot be started before t once its parent is known at t without spawning it.
    const parent = process.spec.parent === undefined ? undefined : this.table.get(process.spec.parent);
    return !parent || this.knownAt(parent, t);
  }

  /**
   * Whether the send reached `process`: it had started by then (a group's member; the kernel
   * accepted a kill to its target), and had not ended before it (a zombie takes a signal and
   * ignores it, as the process it was: nothing to show).
   */
  private reached(process: RunProcess, send: SignalSend): boolean {
    if (process.startT === undefined || process.startT > send.t) return !send.group && process.pid !== undefined && !process.exit;
    return !(process.exit && (process.lastEventT ?? 0) < send.t);
  }

  private deliver(process: RunProcess, send: SignalSend): void {
    const entry = signalEntry(send.signal);
    if (!entry) return;
    const masks = process.signals.masksAt(send.t);
    if (send.notWhenIgnored && hasSignal(masks.ignored, entry.number)) return;
    // It resumes at once, whatever its mask or handler (signal(7)).
    if (send.signal === 'SIGCONT') this.table.noteJobControl(process, false, send.t);
    const disposition = dispositionOf(entry, masks);
    if (disposition === 'pending') this.whenUnblocked(process, entry, { t: send.t, value: send.value });
    else if (disposition !== 'handler') this.report(process, send.signal, disposition, send.t, send.value);
  }

  /** A signal left pending at `send.t`: delivered when a known sigprocmask unblocks it, else when one does. */
  private whenUnblocked(process: RunProcess, entry: SignalEntry, send: PendingSend): void {
    this.pendingChanged(process, entry, true, send.t);
    const at = process.signals.unblockedAfter(send.t, entry.number);
    if (at === undefined) {
      // Standard signals merge while pending: the first send's time stays; real-time ones queue,
      // each with its own value (signal(7)).
      const queued = process.pendingSends.get(entry.name);
      if (!queued) process.pendingSends.set(entry.name, [send]);
      else if (isRealtime(entry)) queued.push(send);
      return;
    }
    this.afterUnblock(process, entry, send, at);
  }

  private afterUnblock(process: RunProcess, entry: SignalEntry, send: PendingSend, at: number): void {
    const discardedAt = process.signals.ignoredAfter(send.t, entry.number, at);
    this.pendingEnded(process, entry, discardedAt ?? at);
    if (discardedAt !== undefined) return; // discarded by SIG_IGN while pending
    const disposition = dispositionOf(entry, process.signals.masksAt(at));
    if (disposition !== 'handler' && disposition !== 'pending') this.report(process, entry.name, disposition, at, send.value);
  }

  /**
   * signal.pending at `t` when the engine learns of a change before /proc shows it (kernel-poll.ts
   * reports what /proc shows, from the same pendingReported, so a change is reported once). Each
   * event carries the whole pending set at its time, and one is emitted only when the set changes.
   */
  private pendingChanged(process: RunProcess, entry: SignalEntry, pending: boolean, t: number): void {
    this.reportPendingEnds(process, t); // ends known before `t` come first
    if (!pending) process.pendingEnds.delete(entry.number);
    const bit = 1n << BigInt(entry.number - 1);
    if (((process.pendingReported & bit) !== 0n) === pending) return;
    process.pendingReported = pending ? process.pendingReported | bit : process.pendingReported & ~bit;
    this.emitPending(process, t);
  }

  /**
   * `entry` stops being pending at `at` (delivered or discarded at an unblock). Reported once no
   * send before `at` can still come (flushPendingEnds): the engine may read sends made before an
   * unblock after the unblock itself, and their pending sets come first (time order).
   */
  private pendingEnded(process: RunProcess, entry: SignalEntry, at: number): void {
    const bit = 1n << BigInt(entry.number - 1);
    if ((process.pendingReported & bit) === 0n) return;
    process.pendingEnds.set(entry.number, Math.max(at, process.pendingEnds.get(entry.number) ?? at));
  }

  /** Reports `process`'s known pending ends once every process is read up to them and no earlier send waits (`force`: all). */
  private flushPendingEnds(process: RunProcess, force: boolean): void {
    if (process.pendingEnds.size === 0) return;
    if (force) return this.reportPendingEnds(process, Infinity);
    const last = Math.max(...process.pendingEnds.values());
    if (this.earliestT !== undefined && this.earliestT <= last) return;
    if (!this.table.all().every((other) => this.knownAt(other, last))) return;
    this.reportPendingEnds(process, last);
  }

  /** Reports the pending ends at or before `upTo`, one signal.pending per distinct time, in time order. */
  private reportPendingEnds(process: RunProcess, upTo: number): void {
    const times = [...new Set(process.pendingEnds.values())].filter((at) => at <= upTo).sort((a, b) => a - b);
    for (const at of times) {
      for (const [number, end] of process.pendingEnds) {
        if (end !== at) continue;
        process.pendingEnds.delete(number);
        process.pendingReported &= ~(1n << BigInt(number - 1));
      }
      this.emitPending(process, at);
    }
  }

  private emitPending(process: RunProcess, t: number): void {
    if (process.pid !== undefined) this.log.emit({ t, type: 'signal.pending', process: process.id, pid: process.pid, signals: signalNames(process.pendingReported) });
  }

  private report(process: RunProcess, signal: string, disposition: Disposition, t: number, value?: number): void {
    if (disposition === 'terminate' || disposition === 'core') {
      if (process.fatalSignalsReported.has(signal)) return; // its end already said so
      process.fatalSignalsReported.add(signal);
    }
    this.log.emit({ t, type: 'signal.delivered', process: process.id, pid: process.pid!, signal, disposition, ...(value !== undefined ? { value } : {}) });
  }
}

function rootOf(table: ProcessTable, process: RunProcess): RunProcess {
  let at = process;
  for (let parent = at.spec.parent; parent !== undefined; parent = at.spec.parent) {
    const next = table.get(parent);
    if (!next || next === process) break;
    at = next;
  }
  return at;
}
