// The live run's pushes made whole (renderer/src/stores/run/liveEvents.ts), against a client
// that keeps the contract's shapes: batches that skip events (a `missed` notice, a gap in
// `from`) are filled with run.events before the batches after them; a reconnection reads what
// was pushed while the connection was down; every event reaches the log once, in order.
import { describe, expect, it } from 'vitest';
import type { RunEventsPush } from '../../../../main/contract';
import type { RunEvent } from '../../../../main/scenario/events';
import { createLiveEvents } from '../../../../renderer/src/stores/run/liveEvents';
import { LabCallError, type LabClient } from '../../../../renderer/src/transport/client';

const event = (i: number, last = false): RunEvent =>
  last ? { t: i, type: 'run.end', status: 'completed', leaked: [], durationNs: i } : { t: i, type: 'process.start', process: 'a', pid: 100 + i, ppid: 1 };

/** An engine holding the run's events; run.events pages them as the engine does. */
function engine(count: number) {
  const log = Array.from({ length: count }, (_, i) => event(i, i === count - 1));
  const pushListeners = new Set<(push: RunEventsPush) => void>();
  const reconnectListeners = new Set<() => void>();
  const reads: number[] = [];
  let down = false;
  let gone: [number, number] = [0, 0];
  /** Events the engine has emitted so far. */
  let emitted = count;
  const client = {
    kind: 'browser',
    async call(method: string, args: { runId: string; from: number; limit: number }) {
      if (method !== 'run.events') throw new Error(`unexpected ${method}`);
      reads.push(args.from);
      await Promise.resolve();
      if (down) throw new LabCallError({ code: 'UNAVAILABLE', message: 'The connection to the Process Lab engine closed.' });
      // Events in `gone` are held no more (past a capped recording, out of memory): a page jumps over them.
      const start = args.from >= gone[0] && args.from < gone[1] ? gone[1] : args.from;
      const events = log.slice(start, Math.min(emitted, start + args.limit));
      return { events, next: start + events.length, done: start + events.length >= count };
    },
    on(_event: string, listener: (push: RunEventsPush) => void) {
      pushListeners.add(listener);
      return () => pushListeners.delete(listener);
    },
    onReconnect(listener: () => void) {
      reconnectListeners.add(listener);
      return () => reconnectListeners.delete(listener);
    },
  } as unknown as LabClient;
  return {
    client,
    reads,
    log,
    emit: (upTo: number) => (emitted = upTo),
    push: (from: number, to: number, missed?: number) => {
      for (const listener of pushListeners) listener({ runId: 'r', events: log.slice(from, to), from, ...(missed ? { missed } : {}) });
    },
    setDown: (value: boolean) => (down = value),
    forget: (from: number, to: number) => (gone = [from, to]),
    reconnect: () => {
      for (const listener of reconnectListeners) listener();
    },
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

function follow(count: number) {
  const e = engine(count);
  const got: RunEvent[] = [];
  const skipped: [number, number][] = [];
  const live = createLiveEvents(() => e.client, (batch) => got.push(...batch), (from, to) => skipped.push([from, to]));
  live.awaitStart();
  return { e, got, live, skipped };
}

describe('the live run\'s pushes', () => {
  it('takes contiguous batches at once, and drops batches already had', async () => {
    const { e, got, live } = follow(6);
    live.adopt('r');
    e.push(0, 3);
    expect(got).toEqual(e.log.slice(0, 3)); // no round trip when nothing is missing
    e.push(2, 6); // overlaps by one: the overlap is not given twice
    e.push(0, 2);
    await settle();
    expect(got).toEqual(e.log);
    expect(e.reads).toEqual([]);
  });

  it('reads the range a missed notice names before the batch after it', async () => {
    const { e, got, live } = follow(10);
    live.adopt('r');
    e.push(0, 3);
    e.push(7, 7, 4); // the engine's notice: [3, 7) were not pushed to this page
    e.push(7, 10);
    await settle();
    await settle();
    expect(e.reads).toEqual([3]);
    expect(got).toEqual(e.log);
  });

  it('says which events of a gap the engine no longer holds, and gives the rest once, in order', async () => {
    const { e, got, live, skipped } = follow(12);
    live.adopt('r');
    e.push(0, 3);
    e.forget(3, 6); // past the recording's cap and out of the engine's memory
    e.push(8, 8, 5); // [3, 8) were not pushed to this page
    e.push(8, 12);
    await settle();
    await settle();
    expect(skipped).toEqual([[3, 6]]);
    expect(got).toEqual([...e.log.slice(0, 3), ...e.log.slice(6)]);
  });

  it('says so when a whole gap cannot be read (the run gone), rather than dropping it silently', async () => {
    const { e, got, live, skipped } = follow(10);
    live.adopt('r');
    e.push(0, 2);
    e.forget(2, 10); // nothing after 2 is held: the page jumps to the run's end
    e.push(6, 10);
    await settle();
    await settle();
    expect(skipped).toEqual([[2, 6]]);
    expect(got).toEqual([...e.log.slice(0, 2), ...e.log.slice(6)]);
  });

  it('keeps the early batches of its run in order, gaps included, once run.start names it', async () => {
    const { e, got, live } = follow(8);
    e.push(0, 2);
    e.push(5, 8);
    expect(got).toEqual([]);
    live.adopt('r');
    await settle();
    await settle();
    expect(e.reads).toEqual([2]);
    expect(got).toEqual(e.log);
  });

  it('after a reconnection, reads what was pushed while the connection was down, run.end included', async () => {
    const { e, got, live } = follow(9);
    live.adopt('r');
    e.emit(3);
    e.push(0, 3);
    // Down: the pushes of [3, 9) never arrive; the run ends meanwhile.
    e.emit(9);
    e.reconnect();
    await settle();
    await settle();
    expect(e.reads).toEqual([3]);
    expect(got).toEqual(e.log);
    expect(got.at(-1)!.type).toBe('run.end');
  });

  it('a gap it cannot read while the engine is unreachable waits for the reconnection', async () => {
    const { e, got, live } = follow(10);
    live.adopt('r');
    e.push(0, 2);
    e.setDown(true);
    e.push(5, 7); // a gap at [2, 5): its read fails
    await settle();
    expect(got).toEqual(e.log.slice(0, 2));
    e.setDown(false);
    e.reconnect(); // reads from 2 to the present, then the waiting batch adds nothing new
    await settle();
    await settle();
    e.push(7, 10);
    await settle();
    expect(got).toEqual(e.log);
  });

  it('drops the pushes of other runs and, once released, of its own', async () => {
    const { e, got, live } = follow(4);
    live.adopt('other');
    e.push(0, 4);
    live.release();
    e.reconnect();
    await settle();
    expect(got).toEqual([]);
    expect(e.reads).toEqual([]);
  });

  it('follows a run started by another page: its first events, what came since they were read, then its pushes', async () => {
    const e = engine(10);
    const got: RunEvent[] = [];
    const live = createLiveEvents(() => e.client, (batch) => got.push(...batch));
    e.emit(6); // events [3, 6) came after the page read the first three, and were pushed to nobody here
    live.resume('r', e.log.slice(0, 3), 3);
    e.push(5, 7); // a push that overlaps what the catch-up reads
    await settle();
    await settle();
    expect(e.reads[0]).toBe(3);
    e.emit(10);
    e.push(7, 10);
    await settle();
    expect(got).toEqual(e.log);
  });
});
