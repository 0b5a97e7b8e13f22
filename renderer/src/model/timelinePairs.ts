/**
 * The timeline's arrows: which call's bytes, message or signal reached which other call. Both
 * ends are collected first and paired at the end, in time order per channel, because neither the
 * log nor the timestamps put a send before its receive: the log holds each process's batches in
 * turn, and a sender stamps its end after the call returns, when the receiver it woke may already
 * have stamped its own. Pipes and FIFOs pair by byte offset (the n-th byte written is the n-th
 * read, pipe(7)); mailboxes first-in first-out per sender when the receive names one (msgrcv's
 * msgtyp), signals per target and signal. A stream socket carries bytes both ways: what one
 * process reads pairs by offset with what the others wrote (exact for the two ends of one
 * connection). Datagrams are messages: one per send, first in first out per receiving socket
 * (unix(7), udp(7)), under a box named DATAGRAM_BOX + the socket's id.
 */
import { dataBytes, payloadPreview } from './timelinePayload';
import type { Arrow } from './timelineModel';

type ArrowKind = Arrow['kind'];

/** An arrow whose words are made when first read: a run of 100 000 events draws a few hundred. */
class LazyArrow implements Arrow {
  private words?: readonly [string, string];
  constructor(
    readonly t0: number, readonly lane0: number, readonly t1: number, readonly lane1: number, readonly kind: ArrowKind, readonly event: number,
    private readonly make: () => readonly [string, string],
  ) {}
  get payload(): string {
    return (this.words ??= this.make())[0];
  }
  get label(): string {
    return (this.words ??= this.make())[1];
  }
}

interface End { t: number; lane: number; event: number }
/** A signal's end, with the value sigqueue(3) attached to it, if any. */
interface SignalEnd extends End { value?: number }
interface Piece extends End { bytes: number; data: unknown }
interface Message extends End { process: string; data: unknown; from?: string; bytes?: number }

/** Prefix of the message box of a datagram socket: the datagrams sent to that socket's address. */
export const DATAGRAM_BOX = 'socket:';

/** How a message's label says where it went: "a message through Q", "a datagram to socket D". */
function boxWords(box: string): string {
  if (box.startsWith('inbox:')) return `a message through the inbox of ${box.slice(6)}`;
  if (box.startsWith(DATAGRAM_BOX)) return `a datagram to socket ${box.slice(DATAGRAM_BOX.length)}`;
  return `a message through ${box}`;
}

const byTime = <T extends { t: number; event: number }>(list: T[]) => list.sort((a, b) => a.t - b.t || a.event - b.event);
const push = <T>(map: Map<string, T[]>, key: string, item: T) => {
  const list = map.get(key);
  if (list) list.push(item);
  else map.set(key, [item]);
};

export class ArrowPairs {
  private writes = new Map<string, Piece[]>();
  private reads = new Map<string, Piece[]>();
  private streamWrites = new Map<string, Piece[]>();
  private streamReads = new Map<string, Piece[]>();
  private sends = new Map<string, Message[]>();
  private receives = new Map<string, Message[]>();
  private signalsSent = new Map<string, SignalEnd[]>();
  private signalsDelivered = new Map<string, SignalEnd[]>();
  private spawns = new Map<string, End>();
  private starts = new Map<string, End & { pid: number }>();
  private exits = new Map<string, End & { words: string }>();
  private waits = new Map<string, End>();

  /** `bytes` went into the pipe or FIFO `object` (`data`: the step's, as the scenario gives it). */
  write(object: string, end: End, bytes: number, data: unknown): void {
    push(this.writes, object, { t: end.t, lane: end.lane, event: end.event, bytes, data });
  }
  /** `bytes` came out of `object` (`data`: what the read returned, possibly a bounded prefix). */
  read(object: string, end: End, bytes: number, data: unknown): void {
    push(this.reads, object, { t: end.t, lane: end.lane, event: end.event, bytes, data });
  }
  /** `bytes` sent on the stream socket `object` (to whichever end the other process reads). */
  streamWrite(object: string, end: End, bytes: number, data: unknown): void {
    push(this.streamWrites, object, { t: end.t, lane: end.lane, event: end.event, bytes, data });
  }
  /** `bytes` received on the stream socket `object`: they were sent by another process. */
  streamRead(object: string, end: End, bytes: number, data: unknown): void {
    push(this.streamReads, object, { t: end.t, lane: end.lane, event: end.event, bytes, data });
  }
  /** A message into `box` (a mailbox id, "inbox:P", or DATAGRAM_BOX + a datagram socket's id). */
  send(box: string, end: End, process: string, data: unknown): void {
    push(this.sends, box, { t: end.t, lane: end.lane, event: end.event, process, data });
  }
  /** A message out of `box`; `from`: the sender the receive named (result.from), if any. */
  receive(box: string, end: End, process: string, data: unknown, bytes: number | undefined, from: string | undefined): void {
    push(this.receives, box, { t: end.t, lane: end.lane, event: end.event, process, data, bytes, from });
  }
  /** `value`: what sigqueue(3) attached (undefined for kill). */
  signalSent(to: string, signal: string, end: End, value?: number): void {
    push(this.signalsSent, `${to}:${signal}`, { ...end, value });
  }
  /** `value`: the si_value the receiver got (signal.delivered's value). */
  signalDelivered(to: string, signal: string, end: End, value?: number): void {
    push(this.signalsDelivered, `${to}:${signal}`, { ...end, value });
  }
  spawn(child: string, end: End): void {
    this.spawns.set(child, end);
  }
  start(child: string, end: End, pid: number): void {
    this.starts.set(child, { t: end.t, lane: end.lane, event: end.event, pid });
  }
  exit(child: string, end: End, words: string): void {
    this.exits.set(child, { t: end.t, lane: end.lane, event: end.event, words });
  }
  wait(child: string, end: End): void {
    this.waits.set(child, end);
  }

  /** Every arrow, paired (not sorted). */
  arrows(): Arrow[] {
    const out: Arrow[] = [];
    const arrow = (from: End, to: End, kind: ArrowKind, make: () => readonly [string, string]) =>
      out.push(new LazyArrow(Math.min(from.t, to.t), from.lane, to.t, to.lane, kind, to.event, make));
    for (const [object, reads] of this.reads) this.pairBytes(object, byTime(this.writes.get(object) ?? []), byTime(reads), arrow);
    for (const [object, reads] of this.streamReads) {
      // One direction per reading process: its reads take the bytes every other process sent.
      const writes = byTime(this.streamWrites.get(object) ?? []);
      for (const lane of new Set(reads.map((r) => r.lane))) {
        this.pairBytes(object, writes.filter((w) => w.lane !== lane), byTime(reads.filter((r) => r.lane === lane)), arrow);
      }
    }
    for (const [box, receives] of this.receives) {
      // Oldest untaken message first, of the named sender or of anyone: a cursor per queue keeps it linear.
      const sends = byTime(this.sends.get(box) ?? []);
      const queues = new Map<string | undefined, { list: Message[]; next: number }>([[undefined, { list: sends, next: 0 }]]);
      for (const m of sends) {
        const q = queues.get(m.process);
        if (q) q.list.push(m);
        else queues.set(m.process, { list: [m], next: 0 });
      }
      const taken = new Set<Message>();
      for (const r of byTime(receives)) {
        const q = queues.get(r.from);
        while (q && q.next < q.list.length && taken.has(q.list[q.next])) q.next++;
        const s = q?.list[q.next];
        if (!s) continue;
        taken.add(s);
        q.next++;
        arrow(s, r, 'message', () => {
          // What was received is the truth; without it (a bounded event), what was sent.
          const got = dataBytes(r.data);
          const sent = dataBytes(s.data);
          const payload = payloadPreview(got.length ? got : sent, undefined, r.bytes ?? sent.length);
          return [payload, `${payload}: ${boxWords(box)}`];
        });
      }
    }
    for (const [key, delivered] of this.signalsDelivered) {
      const sent = byTime(this.signalsSent.get(key) ?? []);
      const signal = key.slice(key.indexOf(':') + 1);
      byTime(delivered).forEach((d, i) => {
        // Standard signals merge while pending: later sends may have no delivery of their own.
        const s = sent[i];
        if (!s || s.lane < 0) return;
        // The value the receiver got is the truth; the sender's when the delivery has none.
        const value = d.value ?? s.value;
        arrow(s, d, 'signal', () => (value === undefined
          ? [signal, `${signal} (a signal carries no data)`]
          : [`${signal} value ${value}`, `${signal} carrying the value ${value} (sigqueue, si_value)`]));
      });
    }
    for (const [child, start] of this.starts) {
      const spawn = this.spawns.get(child);
      if (spawn) arrow(spawn, start, 'spawn', () => ['fork', `spawn ${child} (PID ${start.pid})`]);
    }
    for (const [child, wait] of this.waits) {
      const exit = this.exits.get(child);
      if (exit) arrow(exit, wait, 'exit', () => [exit.words, `${child} reaped (${exit.words})`]);
    }
    return out;
  }

  /** The n-th byte written is the n-th byte read: one arrow per (write, read) that share bytes. */
  private pairBytes(object: string, writes: Piece[], reads: Piece[], arrow: (from: End, to: End, kind: ArrowKind, make: () => readonly [string, string]) => void): void {
    let w = 0;
    let usedOfWrite = 0;
    for (const r of reads) {
      let left = r.bytes;
      let offset = 0;
      while (left > 0 && w < writes.length) {
        const head = writes[w];
        const taken = Math.min(left, head.bytes - usedOfWrite);
        const [from, used] = [offset, usedOfWrite];
        arrow(head, r, 'data', () => {
          // What was read is the truth; a bounded event may hold only a prefix: then the write's.
          const read = dataBytes(r.data);
          const slice = from < read.length ? read.subarray(from, from + taken) : dataBytes(head.data).subarray(used, used + taken);
          const payload = payloadPreview(slice, undefined, taken);
          return [payload, `${payload}: ${taken} B through ${object}`];
        });
        left -= taken;
        offset += taken;
        usedOfWrite += taken;
        if (usedOfWrite >= head.bytes) {
          w++;
          usedOfWrite = 0;
        }
      }
    }
  }
}
