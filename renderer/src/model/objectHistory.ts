/**
 * Each object of a run at one moment, from the run's events alone (spec, Run events:
 * object.state, object.created, object.removed): the kernel's figures (IPC_STAT's nattch, dest,
 * size, cpid, lpid; a pipe's bytes queued, capacity and holders; a queue's messages and bytes; a
 * semaphore's value), a segment's bytes, and the identifiers. Live runs show the newest state,
 * replay the state at the replay position, so a saved recording replays the canvas badges, the
 * inspector and the hex view with no engine call.
 */
import type { RunEvent, RunEventOf } from '@scenario/events';
import type { ObjectSnapshot } from '@contract';

type ObjectEvent = RunEventOf<'object.state'> | RunEventOf<'object.created'> | RunEventOf<'object.removed'>;

/** An object as the views show it: run.inspect's shape, so the same components read both. */
export interface ObjectView extends ObjectSnapshot {
  /** Nanoseconds since the run started: when these figures were recorded. */
  t: number;
  /** A segment's bytes at the previous recorded state, for change highlighting. */
  previousBytes?: number[];
  /** Removed (shm.destroy, mailbox.destroy, the lab's cleanup) at this time, ns. */
  removedAt?: number;
}

/** Where each object's events are in a run's log (indices, ascending), built as events arrive. */
export type ObjectEventIndex = Map<string, number[]>;

/** Records `event` (at `index` in the log) in `into` when it is about a scenario object. */
export function indexObjectEvent(into: ObjectEventIndex, event: RunEvent, index: number): void {
  if (event.type !== 'object.state' && event.type !== 'object.created' && event.type !== 'object.removed') return;
  if ('inbox' in event && event.inbox) return; // the lab's own inboxes are not objects of the canvas
  let list = into.get(event.object);
  if (!list) into.set(event.object, (list = []));
  list.push(index);
}

const fromHex = (hex: string): number[] => {
  const out = new Array<number>(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
};

/** The spec's figures of an object.state in the `stat` words the inspector labels (objectFigures.ts). */
function statOf(event: RunEventOf<'object.state'>): ObjectSnapshot['stat'] {
  const stat: ObjectSnapshot['stat'] = {};
  const put = (key: string, value: number | boolean | undefined) => {
    if (value !== undefined) stat[key] = value;
  };
  put('nattch', event.nattch);
  put('dest', event.dest);
  put('size', event.size);
  put('cpid', event.cpid);
  put('lpid', event.lpid);
  put('queued', event.queued);
  put('messages', event.messages);
  // A mailbox's `bytes` is a count (msg_cbytes); a segment's is its content, kept apart.
  if (typeof event.bytes === 'number') stat.cbytes = event.bytes;
  put('capacity', event.capacity);
  put('value', event.value);
  return stat;
}

/** Identifiers an object event carries (shmid, key, name, path, fds). */
function identifiersOf(event: ObjectEvent): ObjectSnapshot['identifiers'] {
  const out: ObjectSnapshot['identifiers'] = {};
  if (event.type === 'object.state') return out;
  for (const key of ['shmid', 'msqid', 'key', 'name', 'path'] as const) {
    const value = event[key];
    if (value !== undefined) out[key] = value;
  }
  if (event.fds) out.fds = event.fds.join(', ');
  return out;
}

/**
 * Every indexed object as it was after the first `upTo` events (all of them by default).
 * Cost: linear in each object's own events before `upTo`; the hex of at most two states per
 * segment is decoded, plus the changed ranges of large segments.
 */
export function objectsAt(events: readonly RunEvent[], index: ObjectEventIndex, upTo = events.length): Record<string, ObjectView> {
  const out: Record<string, ObjectView> = {};
  for (const [id, positions] of index) {
    let view: ObjectView | undefined;
    let identifiers: ObjectSnapshot['identifiers'] = {};
    let whole: string | undefined;
    let previousWhole: string | undefined;
    let large: number[] | undefined;
    let previousLarge: number[] | undefined;
    for (const at of positions) {
      if (at >= upTo) break;
      const event = events[at] as ObjectEvent;
      if (event.type === 'object.created') {
        identifiers = { ...identifiers, ...identifiersOf(event) };
        view = { object: id, kind: event.kind, exists: true, identifiers, stat: view?.exists ? view.stat : {}, t: event.t };
        continue;
      }
      if (event.type === 'object.removed') {
        view = { object: id, kind: event.kind, exists: false, identifiers: { ...identifiers, ...identifiersOf(event) }, stat: {}, t: event.t, removedAt: event.t };
        whole = previousWhole = undefined;
        large = previousLarge = undefined;
        continue;
      }
      if (!event.exists) {
        view = { object: id, kind: event.kind, exists: false, identifiers, stat: {}, t: event.t, removedAt: event.t };
        whole = previousWhole = undefined;
        large = previousLarge = undefined;
        continue;
      }
      view = { object: id, kind: event.kind, exists: true, identifiers, stat: statOf(event), t: event.t };
      if (event.holders) view.holders = event.holders;
      if (event.sockets) view.sockets = event.sockets; // a socket's descriptors as ss shows them (issue 20)
      if (typeof event.bytes === 'string') {
        previousWhole = whole;
        whole = event.bytes;
      } else if (event.ranges) {
        // A large segment: changes from zeros (a new segment is zero-filled, shmget(2)).
        previousLarge = large?.slice();
        large ??= new Array<number>(Math.min(event.size ?? 0, 65_536)).fill(0);
        previousLarge ??= large.slice();
        for (const range of event.ranges) fromHex(range.bytes).forEach((b, i) => (large![range.offset + i] = b));
      }
    }
    if (!view) continue;
    if (view.exists && whole !== undefined) {
      view.bytes = fromHex(whole);
      view.offset = 0;
      if (previousWhole !== undefined) view.previousBytes = fromHex(previousWhole);
    } else if (view.exists && large) {
      view.bytes = large;
      view.offset = 0;
      view.previousBytes = previousLarge;
    }
    out[id] = view;
  }
  return out;
}
