// A page that does not read its socket must not make the engine buffer without end: a run.events
// batch that would take a client's queue (ws's bufferedAmount) past MAX_BUFFERED_BYTES, or a
// frame larger than the wire's limit, is not sent but counted, and it is told how many it missed and where they end (`from`,
// `missed`: the page reads them with run.events) with its run's next batch, or, once it has
// caught up, by an empty batch: a run that ended meanwhile sends no next batch, and its end
// must still be found. Memory per client is bounded by the ceiling, or one frame of at most
// WIRE_MAX_BYTES sent to a client with nothing queued.
import type { WebSocket } from 'ws';
import { WIRE_MAX_BYTES, type RunEventsPush } from '../contract';

/** Bytes queued on one socket above which its run.events batches are held back. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
/** How often clients with held-back batches are checked for having caught up (ms). */
const NOTICE_CHECK_MS = 100;

/** Events held back from one client for one run: how many, and the index just after them. */
interface Held {
  missed: number;
  next: number;
}

export class SlowClients {
  /** Per client, per run: events not sent since the last batch it got. */
  private readonly held = new Map<WebSocket, Map<string, Held>>();
  private timer?: NodeJS.Timeout;

  /** `encode` makes a batch's frame (the server's WirePush text). */
  constructor(private readonly encode: (batch: RunEventsPush) => string) {}

  /**
   * Sends a batch to one client, or counts it as missed while the client is behind. `frame` is
   * the batch already encoded, when the caller has it.
   */
  send(client: WebSocket, batch: RunEventsPush, frame = this.encode(batch)): void {
    let runs = this.held.get(client);
    const queued = client.bufferedAmount;
    if (frame.length > WIRE_MAX_BYTES || (queued > 0 && queued + frame.length > MAX_BUFFERED_BYTES)) {
      if (!runs) this.held.set(client, (runs = new Map()));
      const held = runs.get(batch.runId) ?? { missed: 0, next: 0 };
      held.missed += (batch.missed ?? 0) + batch.events.length;
      held.next = (batch.from ?? held.next) + batch.events.length;
      runs.set(batch.runId, held);
      this.timer ??= setInterval(() => this.sendNotices(), NOTICE_CHECK_MS).unref();
      return;
    }
    const held = runs?.get(batch.runId);
    if (held) {
      runs!.delete(batch.runId);
      client.send(this.encode({ ...batch, missed: held.missed + (batch.missed ?? 0) }));
    } else {
      client.send(frame);
    }
  }

  /** Tells each client that has caught up what it missed, by an empty batch per run. */
  private sendNotices(): void {
    for (const [client, runs] of this.held) {
      if (client.readyState !== client.OPEN) {
        this.held.delete(client);
        continue;
      }
      if (client.bufferedAmount > MAX_BUFFERED_BYTES / 2) continue;
      for (const [runId, { missed, next }] of runs) client.send(this.encode({ runId, events: [], from: next, missed }));
      this.held.delete(client);
    }
    if (this.held.size === 0) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  forget(client: WebSocket): void {
    this.held.delete(client);
  }

  close(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.held.clear();
  }
}
