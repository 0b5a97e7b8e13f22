// A page that does not read its socket must not make the engine buffer without end: while a
// client has more than MAX_BUFFERED_BYTES queued (ws's bufferedAmount), its run.events batches
// are not sent but counted, and the next batch it gets says how many it missed and where they
// are (`from`, `missed`: the page reads them with run.events). Memory per client is bounded by
// the ceiling plus one batch.
import type { WebSocket } from 'ws';
import type { RunEventsPush } from '../contract';

/** Bytes queued on one socket above which its run.events batches are held back. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

export class SlowClients {
  /** Per client, per run: events not sent since the last batch it got. */
  private readonly missed = new WeakMap<WebSocket, Map<string, number>>();

  /** Sends a batch to one client, or counts it as missed while the client is behind. */
  send(client: WebSocket, batch: RunEventsPush, encode: (batch: RunEventsPush) => string): void {
    let missed = this.missed.get(client);
    if (client.bufferedAmount > MAX_BUFFERED_BYTES) {
      if (!missed) this.missed.set(client, (missed = new Map()));
      missed.set(batch.runId, (missed.get(batch.runId) ?? 0) + batch.events.length);
      return;
    }
    const count = missed?.get(batch.runId);
    if (count) {
      missed!.delete(batch.runId);
      client.send(encode({ ...batch, missed: count + (batch.missed ?? 0) }));
    } else {
      client.send(encode(batch));
    }
  }

  forget(client: WebSocket): void {
    this.missed.delete(client);
  }
}
