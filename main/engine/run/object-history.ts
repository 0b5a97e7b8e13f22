// Object history (spec, Run events: object.state): the kernel's figures for each object of the
// run, recorded after the steps that touch it and whenever a poll sees them change, so that a
// recording alone replays the canvas badges, the inspector and the hex view at any moment.
// Steps are coalesced per intake pump (10 ms): a loop of 20 000 adds costs one snapshot per
// pump, not one per add; a process held at its gate (slow, step) gets one per step.
import type { ObjectSnapshot } from '../../contract/runs';
import type { Scenario, Step } from '../../scenario/schema';
import { inspectObject } from './inspect';
import type { RunNames } from './names';
import type { ProcessTable } from './process-table';
import type { RunLog } from './run-log';

/** Segments up to this size (bytes) are recorded whole in every object.state. */
const OBJECT_BYTES_WHOLE = 4096;
/** Bytes of a segment tracked at most (the hex view's largest window); beyond it, figures only. */
const OBJECT_BYTES_TRACKED = 65_536;
/** Changed ranges closer than this (bytes) are merged into one, so a range list stays short. */
const RANGE_GAP = 16;
/** At most this many ranges an event; more are merged into one from the first to the last. */
const RANGES_MAX = 64;

const toHex = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('hex');

/** The ranges where `next` differs from `previous` (same length), merged across small gaps. */
export function changedRanges(previous: Uint8Array, next: Uint8Array): Array<{ offset: number; bytes: string }> {
  const spans: Array<[number, number]> = [];
  for (let i = 0; i < next.length; i++) {
    if (previous[i] === next[i]) continue;
    const last = spans[spans.length - 1];
    if (last && i - last[1] <= RANGE_GAP) last[1] = i + 1;
    else spans.push([i, i + 1]);
  }
  const merged = spans.length > RANGES_MAX ? [[spans[0][0], spans[spans.length - 1][1]] as [number, number]] : spans;
  return merged.map(([from, to]) => ({ offset: from, bytes: toHex(next.subarray(from, to)) }));
}

/** The object ids a step touches directly; undefined: it may touch any (descriptors move). */
function touchedBy(step: Step | undefined): string[] | undefined {
  if (!step) return [];
  const record = step as Record<string, unknown>;
  if (step.op === 'spawn' || step.op === 'wait' || step.op === 'exit') return undefined;
  const ids: string[] = [];
  if (typeof record.object === 'string') ids.push(record.object);
  for (const key of ['to', 'from']) {
    const end = record[key] as { mailbox?: string } | undefined;
    if (end && typeof end === 'object' && typeof end.mailbox === 'string') ids.push(end.mailbox);
  }
  return ids;
}

export class ObjectHistory {
  private readonly touched = new Set<string>();
  /** Per object: its figures as last recorded (JSON, bytes apart) and its bytes. */
  private readonly lastFigures = new Map<string, string>();
  private readonly lastBytes = new Map<string, Uint8Array>();
  /** Segments IPC_RMID marked while attached: their object.removed comes when the kernel frees them. */
  private readonly markedForRemoval = new Map<string, Record<string, unknown>>();

  constructor(
    private readonly scenario: Scenario,
    private readonly names: RunNames,
    private readonly table: ProcessTable,
    private readonly log: RunLog,
  ) {}

  /**
   * A step ended (`result`: its step.end's): the objects it touched get a snapshot at the next
   * record(). A shm.destroy that was deferred (still attached) is remembered, so the segment's
   * object.removed is reported when it really goes, at its last detach (shmctl(2)).
   */
  noteStep(step: Step | undefined, result?: unknown): void {
    if (step?.op === 'shm.destroy' && (result as { deferred?: unknown } | undefined)?.deferred === true) {
      this.markedForRemoval.set(step.object, { shmid: (result as { shmid?: unknown }).shmid });
    }
    const ids = touchedBy(step);
    if (ids === undefined) this.touchAll();
    else for (const id of ids) this.touched.add(id);
  }

  /** Every object gets a snapshot at the next record() (a process exited, a poll). */
  touchAll(): void {
    for (const object of this.scenario.objects) this.touched.add(object.id);
  }

  /** Snapshots the touched objects and emits object.state for each whose figures changed. */
  record(): void {
    if (this.touched.size === 0) return;
    const processes = this.table.all();
    for (const object of this.scenario.objects) {
      if (!this.touched.has(object.id)) continue;
      let snapshot: ObjectSnapshot;
      try {
        const length = object.kind === 'shm' ? Math.min(object.size, OBJECT_BYTES_TRACKED) : undefined;
        snapshot = inspectObject(object, this.names[object.id], processes, 0, length, false);
      } catch {
        continue; // the object went away while it was read: the next poll says so
      }
      this.emitIfChanged(snapshot, object.kind === 'shm' ? object.size : 0);
    }
    this.touched.clear();
  }

  private emitIfChanged(snapshot: ObjectSnapshot, size: number): void {
    const id = snapshot.object;
    const figures = figuresOf(snapshot);
    const key = JSON.stringify(figures);
    const bytes = snapshot.bytes ? Uint8Array.from(snapshot.bytes) : undefined;
    const known = this.lastBytes.get(id);
    const previous = known ?? new Uint8Array(bytes?.length ?? 0);
    // The first bytes seen are always recorded: a replay then needs no assumption about them.
    const bytesChanged = bytes !== undefined && (!known || bytes.length !== previous.length || bytes.some((b, i) => b !== previous[i]));
    if (key === this.lastFigures.get(id) && !bytesChanged) return;
    const marked = this.markedForRemoval.get(id);
    if (!snapshot.exists && marked) {
      // The last detach freed a segment IPC_RMID had marked: removed now, not at the destroy.
      this.markedForRemoval.delete(id);
      if (this.lastFigures.has(id)) this.log.emit({ type: 'object.state', object: id, kind: snapshot.kind, exists: false });
      this.lastFigures.set(id, key);
      this.log.emit({ type: 'object.removed', object: id, kind: snapshot.kind, ...marked });
      return;
    }
    // Never recorded and gone (a segment not yet created): nothing to say.
    if (!snapshot.exists && !this.lastFigures.has(id)) return;
    this.lastFigures.set(id, key);
    let data: Record<string, unknown> = {};
    if (bytes && bytesChanged) {
      this.lastBytes.set(id, bytes);
      data = size <= OBJECT_BYTES_WHOLE ? { bytes: toHex(bytes) } : { ranges: changedRanges(previous.length === bytes.length ? previous : new Uint8Array(bytes.length), bytes) };
    }
    this.log.emit({ type: 'object.state', object: id, kind: snapshot.kind, ...figures, ...data });
  }
}

/** The spec's figures of a snapshot (run.inspect's shape), without the bytes. */
function figuresOf(snapshot: ObjectSnapshot): Record<string, unknown> {
  const s = snapshot.stat;
  const int = (value: unknown) => (typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined);
  const out: Record<string, unknown> = { exists: snapshot.exists };
  const put = (name: string, value: unknown) => {
    if (value !== undefined) out[name] = value;
  };
  if (!snapshot.exists) return out;
  switch (snapshot.kind) {
    case 'shm':
      put('nattch', int(s.nattch));
      put('dest', typeof s.markedForDestruction === 'boolean' ? s.markedForDestruction : undefined);
      put('size', int(s.size));
      put('cpid', int(s.cpid));
      put('lpid', int(s.lpid));
      break;
    case 'pipe':
    case 'fifo':
      put('queued', int(s.bytesQueued));
      put('capacity', int(s.capacity));
      out.holders = (snapshot.holders ?? []).map((h) => ({ process: h.process, pid: h.pid, fd: h.fd, end: h.end }));
      break;
    case 'mailbox':
      put('messages', int(s.messages));
      put('bytes', int(s.bytes));
      put('capacity', int(s.capacity));
      break;
    case 'semaphore':
      put('value', typeof s.value === 'number' ? s.value : undefined);
      break;
    case 'socket':
      out.sockets = (snapshot.sockets ?? []).map((k) => ({ ...k }));
      break;
  }
  return out;
}
