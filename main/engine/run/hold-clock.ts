// A run's timeout bounds the scenario's own time, not the time the lab holds its processes at
// their gates (README, "Per-run bounds"): time held by the user (step mode, a breakpoint) and
// time held by slow mode both push the deadline back, but only while someone can watch the run
// (a page, a window, the CLI's terminal), and for a grace period after the last one went away
// (a closed tab, a reload, a lost connection: its run is still there to take over when it comes
// back); a held run nobody comes back to within the grace still ends at its timeout. Slow holds are also bounded on their own: a slowed scenario that never ends by itself
// (a process polling a flag nobody sets passes its gate at every turn) still ends, at the latest
// once SLOW_HOLD_LIMIT_MS of slow holds have been left out of its timeout.

/** The most slow-mode gate time (ms) one run may leave out of its timeout: 30 minutes. */
export const SLOW_HOLD_LIMIT_MS = 30 * 60_000;

/**
 * How long (ms) a held run's holds are still left out of its timeout once nobody watches it: a
 * page closed in Step mode and opened again within 5 minutes finds its run where it left it.
 */
export const UNWATCHED_GRACE_MS = 5 * 60_000;

/** What held the run's processes during a tick: the user, slow mode, or nothing. */
export type Hold = 'user' | 'slow' | undefined;

export class HoldClock {
  /** Slow-hold time left out of the timeout so far (ms). */
  private slowLeftOut = 0;
  /** Held time left out of the timeout since the run was last watched (ms). */
  private unwatchedLeftOut = 0;

  /**
   * @param deadline when the run times out (Date.now() ms) if nothing holds it
   * @param slowLimitMs the most slow-hold time (ms) that may push the deadline back
   * @param unwatchedGraceMs the most held time (ms) left out while nobody watches, per absence
   */
  constructor(
    public deadline: number,
    private readonly slowLimitMs = SLOW_HOLD_LIMIT_MS,
    private readonly unwatchedGraceMs = UNWATCHED_GRACE_MS,
  ) {}

  /**
   * Accounts for one tick: `elapsedMs` (ms) went by while `hold` held the run. Held time does
   * not count towards the timeout while `watched`, nor for the first unwatchedGraceMs after the
   * run stopped being watched (the grace starts again once it is watched again); slow holds only
   * up to slowLimitMs in all. Returns the deadline (Date.now() ms).
   */
  advance(elapsedMs: number, hold: Hold, watched: boolean): number {
    if (watched) this.unwatchedLeftOut = 0;
    if (hold === undefined || elapsedMs <= 0) return this.deadline;
    let leftOut = watched ? elapsedMs : Math.min(elapsedMs, this.unwatchedGraceMs - this.unwatchedLeftOut);
    if (hold === 'slow') leftOut = Math.min(leftOut, this.slowLimitMs - this.slowLeftOut);
    if (leftOut <= 0) return this.deadline;
    if (!watched) this.unwatchedLeftOut += leftOut;
    if (hold === 'slow') this.slowLeftOut += leftOut;
    this.deadline += leftOut;
    return this.deadline;
  }
}
