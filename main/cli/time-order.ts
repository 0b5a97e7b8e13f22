// The text timeline in time order. A run's events come in causal order per process (the spec),
// not in time order across processes: the engine reads each process's ring in turns and stamps
// its own events (objects made by the lab, kernel states, exits it reaped) when it emits them,
// so a line of one process printed after a later line of another (up to ~50 ms apart in the
// presets, seconds in the busy race). Each event now waits until the run has read every live
// process up to its time (Run.readUpTo: nothing earlier can come any more), then prints in time
// order; ties keep their order of arrival, so a process's own order is kept. The wait is bounded:
// at most MAX_HELD_BYTES of events wait (the earliest go first when more come), so a process
// read far ahead of another (full rings) may still print ahead of it; the timeline never waits
// without end nor goes back (an event later than what printed prints at once).
import type { RunEvent } from '../scenario/events';

/** About how many bytes of events wait at most (text of console lines, ~200 bytes for others). */
const MAX_HELD_BYTES = 4 * 1024 * 1024;
/** How often (ms) waiting events are looked at, so a run that goes quiet still shows them. */
const RELEASE_MS = 50;

const sizeOf = (event: RunEvent) => (event.type === 'process.output' ? event.text.length : 0) + 200;

interface Held {
  event: RunEvent;
  /** Order of arrival: ties in time keep it. */
  seq: number;
}

const before = (a: Held, b: Held) => a.event.t < b.event.t || (a.event.t === b.event.t && a.seq < b.seq);

export class TimeOrder {
  /** Waiting events: a binary min-heap by (t, seq). */
  private readonly heap: Held[] = [];
  private heldBytes = 0;
  private seq = 0;
  private timer?: NodeJS.Timeout;

  /**
   * @param readUpTo the run's time (ns since its t0, the clock of event.t) before which every
   *   event has been emitted (Run.readUpTo)
   * @param release receives events that became due between two pushes (a quiet run's), in order
   */
  constructor(
    private readonly readUpTo: () => number,
    private readonly release: (events: RunEvent[]) => void,
  ) {}

  /**
   * Takes one event; returns the events now due, in time order. run.end releases everything
   * (it is the run's last event) and stops the timer.
   */
  push(event: RunEvent): RunEvent[] {
    this.insert({ event, seq: this.seq++ });
    this.heldBytes += sizeOf(event);
    if (event.type === 'run.end') return this.flush();
    this.timer ??= setInterval(() => {
      const due = this.due(this.readUpTo());
      if (due.length > 0) this.release(due);
      if (this.heap.length === 0) this.stopTimer();
    }, RELEASE_MS).unref();
    return this.due(this.readUpTo());
  }

  /** Every waiting event, in time order; the timer stops. */
  flush(): RunEvent[] {
    this.stopTimer();
    return this.due(Infinity);
  }

  private due(until: number): RunEvent[] {
    const out: RunEvent[] = [];
    while (this.heap.length > 0 && (this.heap[0].event.t <= until || this.heldBytes > MAX_HELD_BYTES)) {
      const { event } = this.take();
      this.heldBytes -= sizeOf(event);
      out.push(event);
    }
    return out;
  }

  private insert(item: Held): void {
    const heap = this.heap;
    let i = heap.push(item) - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i], heap[parent])) break;
      [heap[i], heap[parent]] = [heap[parent], heap[i]];
      i = parent;
    }
  }

  private take(): Held {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      for (let i = 0; ; ) {
        const left = 2 * i + 1;
        const right = left + 1;
        let least = i;
        if (left < heap.length && before(heap[left], heap[least])) least = left;
        if (right < heap.length && before(heap[right], heap[least])) least = right;
        if (least === i) break;
        [heap[i], heap[least]] = [heap[least], heap[i]];
        i = least;
      }
    }
    return top;
  }

  private stopTimer(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
