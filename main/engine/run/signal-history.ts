// What each signal did in one lab process over time, from the process's own reports: its
// signal.handle steps (sigaction: default, ignore, handler) and signal.mask steps (sigprocmask:
// the whole blocked set after the call). A lab process starts from a C program's baseline
// (every disposition SIG_DFL, nothing blocked: native/src/lab/main.cc Baseline, and a child
// exec's the lab program again), and only its own steps change it, so these reports say what
// the kernel would have done with a signal sent at any moment, even one the engine reads later:
// /proc read at that later time may show a process that has changed its disposition or ended.
import type { SignalMasks } from './proc';

/** How many changes of each kind a process keeps (a signal.mask in a long repeat must not grow the engine). */
const MAX_CHANGES = 4096;

type Action = 'default' | 'ignore' | 'handler';

interface ActionChange { t: number; number: number; action: Action }
interface MaskChange { t: number; blocked: bigint }

const bit = (number: number) => 1n << BigInt(number - 1);

export class SignalHistory {
  /** Dispositions before the oldest change kept (bits of ignored and caught signals). */
  private baseIgnored = 0n;
  private baseCaught = 0n;
  private baseBlocked = 0n;
  private readonly actions: ActionChange[] = [];
  private readonly masks: MaskChange[] = [];

  /** A signal.handle that succeeded, ending at `t` (ns since t0), for signal `number`. */
  noteAction(t: number, number: number, action: Action): void {
    this.actions.push({ t, number, action });
    if (this.actions.length > MAX_CHANGES) {
      const dropped = this.actions.shift()!;
      this.baseIgnored &= ~bit(dropped.number);
      this.baseCaught &= ~bit(dropped.number);
      if (dropped.action === 'ignore') this.baseIgnored |= bit(dropped.number);
      if (dropped.action === 'handler') this.baseCaught |= bit(dropped.number);
    }
  }

  /** A signal.mask that succeeded, ending at `t`: the blocked set it left (bit n-1: signal n). */
  noteMask(t: number, blocked: bigint): void {
    this.masks.push({ t, blocked });
    if (this.masks.length > MAX_CHANGES) this.baseBlocked = this.masks.shift()!.blocked;
  }

  /**
   * The masks at `t` (ns since t0), in /proc's shape (pending unknown: 0): each change counts
   * from the end of the call that made it.
   */
  masksAt(t: number): SignalMasks {
    let ignored = this.baseIgnored;
    let caught = this.baseCaught;
    for (const change of this.actions) {
      if (change.t > t) break;
      ignored &= ~bit(change.number);
      caught &= ~bit(change.number);
      if (change.action === 'ignore') ignored |= bit(change.number);
      if (change.action === 'handler') caught |= bit(change.number);
    }
    let blocked = this.baseBlocked;
    for (const change of this.masks) {
      if (change.t > t) break;
      blocked = change.blocked;
    }
    return { pending: 0n, blocked, ignored, caught };
  }

  /** The end (ns since t0) of the first signal.mask after `t` that left signal `number` unblocked, if one is known. */
  unblockedAfter(t: number, number: number): number | undefined {
    return this.masks.find((change) => change.t > t && (change.blocked & bit(number)) === 0n)?.t;
  }

  /** The end of the first signal.handle after `t` (up to `until`) that set signal `number` to SIG_IGN, if one is known. */
  ignoredAfter(t: number, number: number, until = Infinity): number | undefined {
    return this.actions.find((change) => change.t > t && change.t <= until && change.number === number && change.action === 'ignore')?.t;
  }
}
