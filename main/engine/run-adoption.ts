// What a page that takes over a live run needs beyond the run's events (the renderer's
// adoptLiveRun): the scenario as the starting page sent it, before validation filled in its
// defaults, with its file name, so the adopting page holds the very document the run was started
// from, unchanged; and what the user paused with run.pause, which the events cannot tell apart
// from a SIGSTOP sent with run.signal (both are a signal.sent from the lab).

/** What the user paused: the whole run (the toolbar's Pause), and each process paused and not resumed. */
export interface PausedState {
  run: boolean;
  processes: string[];
}

/** One live run's adoption state; RunManager drops it when the run ends. */
export class RunAdoption {
  private whole = false;
  private readonly stopped = new Set<string>();

  constructor(
    /** The scenario exactly as run.start received it (any JSON value that validated). */
    readonly document: unknown,
    /** The base name of its file on the starting page, if it came from one. */
    readonly fileName: string | undefined,
  ) {}

  /**
   * Records a run.pause that succeeded: of `process`, or of the whole run, whose processes `live`
   * were stopped (the page that pauses the run marks those same processes paused).
   */
  paused(process: string | undefined, live: readonly string[]): void {
    if (process !== undefined) {
      this.stopped.add(process);
      return;
    }
    this.whole = true;
    this.stopped.clear();
    for (const id of live) this.stopped.add(id);
  }

  /** Records a run.resume that succeeded; the whole run is no longer paused once none of it is. */
  resumed(process: string | undefined): void {
    if (process === undefined) this.stopped.clear();
    else this.stopped.delete(process);
    if (this.stopped.size === 0) this.whole = false;
  }

  /** What is paused now; undefined when nothing is. */
  pausedState(): PausedState | undefined {
    if (!this.whole && this.stopped.size === 0) return undefined;
    return { run: this.whole, processes: [...this.stopped] };
  }
}
