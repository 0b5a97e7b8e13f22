// A run's timeout bounds the scenario's own time, not the time the lab holds its processes at
// their gates (README, "Per-run bounds"): time held by the user (step mode, a breakpoint) and
// time held by slow mode both push the deadline back, but only while someone can watch the run
// (a page, a window, the CLI's terminal): a held run nobody comes back to still ends at its
// timeout. Slow holds are also bounded on their own: a slowed scenario that never ends by itself
// (a process polling a flag nobody sets passes its gate at every turn) still ends, at the latest
// once SLOW_HOLD_LIMIT_MS of slow holds have been left out of its timeout.

/** The most slow-mode gate time (ms) one run may leave out of its timeout: 30 minutes. */
export const SLOW_HOLD_LIMIT_MS = 30 * 60_000;

/** What held the run's processes during a tick: the user, slow mode, or nothing. */
export type Hold = 'user' | 'slow' | undefined;

export class HoldClock {
  /** Slow-hold time left out of the timeout so far (ms). */
  private slowLeftOut = 0;

  /**
   * @param deadline when the run times out (Date.now() ms) if nothing holds it
   * @param slowLimitMs the most slow-hold time (ms) that may push the deadline back
   */
  constructor(
    public deadline: number,
    private readonly slowLimitMs = SLOW_HOLD_LIMIT_MS,
  ) {}

  /**
   * Accounts for one tick: `elapsedMs` (ms) went by while `hold` held the run. Held time does
   * not count towards the timeout while `watched`; slow holds only up to slowLimitMs in all.
   * Returns the deadline (Date.now() ms).
   */
  advance(elapsedMs: number, hold: Hold, watched: boolean): number {
    if (!watched || hold === undefined || elapsedMs <= 0) return this.deadline;
    if (hold === 'user') this.deadline += elapsedMs;
    else {
      const leftOut = Math.min(elapsedMs, this.slowLimitMs - this.slowLeftOut);
      if (leftOut > 0) {
        this.slowLeftOut += leftOut;
        this.deadline += leftOut;
      }
    }
    return this.deadline;
  }
}
