// The 'run.events' pushes of the live run, made whole. A run's first events can arrive before
// run.start has answered with its id: while a start is awaited they are kept by run id, and the
// run that turns out to be ours takes its own; pushes of any other run are dropped.
// Pushes can leave events out: a batch too big for one push, a page too slow for its socket
// (the engine then says it `missed` some), a connection that dropped for a while. Every batch
// carries its index in the run (`from`), so a gap is seen, and read with run.events, page by
// page, before the batch after it; after a reconnection, whatever came since the last event is
// read the same way. The log therefore gets each event once, in order; events the engine no
// longer has (past a capped recording, out of its memory) are told to `skipped`, never dropped
// silently.
import type { RunEventsPush } from '@contract';
import type { RunEvent } from '@scenario/events';
import { LabCallError, type LabClient } from '../../transport/client';
import { PAGE_EVENTS } from './recorded';

/**
 * `deliver` gets the run's events in order; `skipped(from, to)` is told the run's events with
 * index from (inclusive) to to (exclusive) that could not be had (the engine holds them no more).
 */
export function createLiveEvents(
  client: () => LabClient,
  deliver: (events: readonly RunEvent[]) => void,
  skipped: (from: number, to: number) => void = () => undefined,
) {
  let unsubscribe: (() => void) | undefined;
  let current: string | null = null;
  let awaiting = false;
  const early = new Map<string, RunEventsPush[]>();
  /** Index in the run of the next event the log expects. */
  let next = 0;
  /** Batches of the current run waiting their turn (behind a gap being read). */
  let queue: RunEventsPush[] = [];
  /** A reconnection happened: read from `next` to the run's present before taking batches. */
  let catchUp = false;
  let draining = false;
  let ended = false;
  /** Bumped whenever the current run changes: a read under way for another run stops. */
  let generation = 0;

  function give(events: readonly RunEvent[]): void {
    if (events.length === 0) return;
    if (events.some((event) => event.type === 'run.end')) ended = true;
    deliver(events);
  }

  /**
   * Reads run.events from `next` until `until` (or the run's present when undefined). False when
   * the engine could not be reached (a reconnection will resume); another failure (the run gone)
   * leaves the gap, which is then skipped.
   */
  async function read(gen: number, until?: number): Promise<boolean> {
    while (until === undefined || next < until) {
      let page;
      try {
        page = await client().call('run.events', { runId: current!, from: next, limit: PAGE_EVENTS });
      } catch (caught) {
        return !(caught instanceof LabCallError && caught.code === 'UNAVAILABLE');
      }
      if (gen !== generation) return true;
      // Beyond `until` the batches waiting have the events; a page can also jump ahead past
      // events the engine no longer has (a capped recording: run.limit says so).
      const first = page.next - page.events.length;
      const take = until === undefined ? page.events : page.events.slice(0, Math.max(0, until - first));
      if (first > next) skip(Math.min(first, until ?? first));
      give(take);
      if (take.length > 0) next = first + take.length;
      if (page.done || page.events.length === 0) break;
    }
    return true;
  }

  /** Moves `next` on to `to`, telling `skipped` about the events jumped over. */
  function skip(to: number): void {
    if (to <= next) return;
    skipped(next, to);
    next = to;
  }

  async function drain(): Promise<void> {
    if (draining) return;
    draining = true;
    const gen = generation;
    try {
      while (gen === generation && (catchUp || queue.length > 0)) {
        if (catchUp) {
          catchUp = false;
          if (!(await read(gen))) return;
          continue;
        }
        const batch = queue[0];
        const from = batch.from ?? next + (batch.missed ?? 0);
        if (from > next) {
          if (!(await read(gen, from))) return;
          if (gen !== generation) return;
          skip(from); // what the engine could not give is skipped, and said so
          continue;
        }
        queue.shift();
        // A read may already have given the start of this batch.
        if (from + batch.events.length > next) {
          give(batch.events.slice(next - from));
          next = from + batch.events.length;
        }
      }
    } finally {
      draining = false;
      // A run adopted or released while this one awaited: the newer run's work goes on.
      if (gen !== generation && (catchUp || queue.length > 0)) void drain();
    }
  }

  function listen(): void {
    if (unsubscribe) return;
    const offPushes = client().on('run.events', (push) => {
      if (push.runId === current) {
        queue.push(push);
        void drain();
      } else if (awaiting) {
        early.set(push.runId, [...(early.get(push.runId) ?? []), push]);
      }
    });
    const offReconnect = client().onReconnect(() => {
      if (current === null || ended) return;
      catchUp = true;
      void drain();
    });
    unsubscribe = () => {
      offPushes();
      offReconnect();
    };
  }

  function switchTo(runId: string | null): void {
    generation++;
    current = runId;
    next = 0;
    queue = [];
    catchUp = false;
    ended = false;
  }

  return {
    /** A run is being started: keep every run's pushes until adopt() names ours. */
    awaitStart(): void {
      listen();
      switchTo(null);
      awaiting = true;
      early.clear();
    },
    /** Our run is `runId`: its events, those that came early first, go to deliver from now on. */
    adopt(runId: string): void {
      const mine = early.get(runId) ?? [];
      switchTo(runId);
      awaiting = false;
      early.clear();
      queue = mine;
      void drain();
    },
    /**
     * Follows run `runId`, started elsewhere (another page, before a reload): `events` are its
     * first ones, read already, up to index `from`; whatever came since is read, then its pushes.
     */
    resume(runId: string, events: readonly RunEvent[], from: number): void {
      listen();
      switchTo(runId);
      awaiting = false;
      early.clear();
      give(events);
      next = from;
      catchUp = !ended;
      void drain();
    },
    /** No live run any more (failed start, replay, cleared). */
    release(): void {
      switchTo(null);
      awaiting = false;
      early.clear();
    },
    dispose(): void {
      unsubscribe?.();
      unsubscribe = undefined;
    },
  };
}
