/**
 * Which call each blocked stretch of the timeline belongs to. A process's open calls are kept by
 * their step's index path, not one per process: a signal handler's steps, which run while an
 * outer call waits in the kernel (wait, read, sem.wait...), never take that call's wait. The
 * handler interrupts the wait: the stretch ends at handler.begin and the call records the signal;
 * restarted after the handler (SA_RESTART), it blocks again from handler.end until it returns.
 */

/** Stretches shorter than this (ns) were not really waits: not drawn, not reported as blocked. */
const BLOCKED_MIN_NS = 50_000;

/** A drawn blocked stretch (ns since the run started). */
export interface BlockedStretch { process: string; t0: number; t1: number; label: string }

/** What the timeline says of a call when it returns. */
export interface CallEnd {
  /** The C call as step.begin gave it. */
  call?: string;
  /** ns the call waited in the kernel in all (its stretches, without its handlers' time). */
  waitedNs?: number;
  /** Signals whose handlers interrupted the call while it waited, in order. */
  interruptedBy?: string[];
}

interface OpenCall {
  call: string;
  label: string;
  /** When its current blocked stretch began (ns); undefined while a handler runs. */
  since?: number;
  waitedNs: number;
  interruptedBy: string[];
}

export class BlockedCalls {
  private readonly open = new Map<string, Map<string, OpenCall>>();
  /** Per process, one entry per running handler: the calls it interrupted. */
  private readonly handlers = new Map<string, OpenCall[][]>();

  /** @param draw receives each blocked stretch worth drawing */
  constructor(private readonly draw: (stretch: BlockedStretch) => void) {}

  private callsOf(process: string): Map<string, OpenCall> {
    let calls = this.open.get(process);
    if (!calls) this.open.set(process, (calls = new Map()));
    return calls;
  }

  /** step.begin at `t` (ns): `mayBlock` when the op can wait in the kernel (ops catalogue). */
  begin(process: string, index: readonly number[], t: number, call: string, op: string, mayBlock: boolean): void {
    this.callsOf(process).set(index.join('.'), { call, label: `blocked in ${op}`, since: mayBlock ? t : undefined, waitedNs: 0, interruptedBy: [] });
  }

  /** Ends the call's current stretch at `t`; `always`: draw it even when short (still blocked at the end). */
  private stop(process: string, c: OpenCall, t: number, always = false): void {
    if (c.since === undefined) return;
    const ns = t - c.since;
    if (ns > BLOCKED_MIN_NS || (always && ns > 0)) {
      c.waitedNs += ns;
      this.draw({ process, t0: c.since, t1: t, label: c.label });
    }
    c.since = undefined;
  }

  /** step.end at `t`: the call's words (its text, how long it waited, what interrupted it). */
  end(process: string, index: readonly number[], t: number): CallEnd {
    const calls = this.callsOf(process);
    const key = index.join('.');
    const c = calls.get(key);
    if (!c) return {};
    calls.delete(key);
    this.stop(process, c, t);
    return { call: c.call, waitedNs: c.waitedNs > 0 ? c.waitedNs : undefined, interruptedBy: c.interruptedBy.length ? c.interruptedBy : undefined };
  }

  /** handler.begin: every call of the process waiting in the kernel is interrupted by `signal`. */
  handlerBegin(process: string, signal: string, t: number): void {
    const interrupted: OpenCall[] = [];
    for (const c of this.callsOf(process).values()) {
      if (c.since === undefined) continue;
      this.stop(process, c, t);
      c.interruptedBy.push(signal);
      interrupted.push(c);
    }
    let stack = this.handlers.get(process);
    if (!stack) this.handlers.set(process, (stack = []));
    stack.push(interrupted);
  }

  /** handler.end: the calls it interrupted that have not returned wait again (restarted). */
  handlerEnd(process: string, t: number): void {
    const calls = this.callsOf(process);
    for (const c of this.handlers.get(process)?.pop() ?? []) if ([...calls.values()].includes(c)) c.since = t;
  }

  /** process.exit at `t`, or the last event (`t`) for processes still waiting: draws what is open. */
  close(process: string, t: number): void {
    for (const c of this.callsOf(process).values()) this.stop(process, c, t, true);
    this.open.delete(process);
    this.handlers.delete(process);
  }

  /** Every process with an open call. */
  processes(): string[] {
    return [...this.open.keys()];
  }
}
