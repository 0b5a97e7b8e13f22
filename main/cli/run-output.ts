// A run's events to standard output at the reader's pace, with bounded memory. Writing every
// event as it happens queues in Node whatever the reader has not taken yet: a pipe read slowly
// (or not at all) grew the CLI by hundreds of MiB. So events are written as they happen only
// while the stream keeps up (less than MAX_QUEUED_BYTES waiting in it); past that, the writer
// stops queueing, and once the stream has drained it pulls the events it skipped from the engine
// a page at a time (run.events' path: the run's memory, then its recording) until it has caught
// up, then writes live again. Nothing is lost for a reader that keeps up; for one slower than the
// run past a capped recording, the events the engine no longer has are skipped the way
// run.events skips them (the run.limit event says so).
import type { Writable } from 'node:stream';
import type { RunEvent } from '../scenario/events';
import type { RunManager } from '../engine/runs';
import type { Run } from '../engine/run/supervisor';

/** Bytes waiting in the stream above which events are no longer queued but read back later. */
const MAX_QUEUED_BYTES = 4 * 1024 * 1024;
/** Events per page read back: a few MiB of text at most (events are bounded to a few KiB). */
const PAGE_EVENTS = 1000;

export interface RunOutput {
  /** Resolves once every event of the ended run is written (or the stream failed). */
  readonly done: Promise<void>;
  /**
   * Whether events reach `format` as the run emits them (true), or are being read back (false:
   * at first, and after the stream fell behind), when events the run has emitted are not yet
   * formatted: the run's watermark then says nothing about what `format` has seen.
   */
  live(): boolean;
}

/**
 * Writes `run`'s events to `out`, each as `format` gives it (undefined: not shown), in order,
 * from its first event to run.end. A write error (EPIPE: the reader went away) stops the writer
 * and calls `onError` once.
 */
export function writeRunOutput(
  runs: RunManager,
  run: Run,
  out: Writable,
  format: (event: RunEvent) => string | undefined,
  onError: (error: Error) => void,
): RunOutput {
  /** Index in the run of the next event to write. */
  let next = 0;
  /** Writing from the listener (true), or reading back (false): at first, what the run emitted
   * before this writer listened. */
  let live = false;
  let failed = false;
  let settle!: () => void;
  const done = new Promise<void>((resolve) => (settle = resolve));

  const write = (text: string) => {
    if (text.length > 0) out.write(text);
    return out.writableLength <= MAX_QUEUED_BYTES;
  };
  const lines = (events: readonly RunEvent[]) =>
    events.map(format).filter((line) => line !== undefined).map((line) => `${line}\n`).join('');
  const finishIfEnded = () => {
    if (live && run.status !== undefined && next >= run.eventExtent().total) settle();
  };

  async function catchUp(): Promise<void> {
    while (!failed) {
      const page = await runs.events(run.runId, next, PAGE_EVENTS);
      if (failed) break;
      next = Math.max(next, page.next);
      if (!write(lines(page.events))) return void out.once('drain', () => void catchUp());
      // Checked with no await since: no event can come between this check and going live.
      if (next >= run.eventExtent().total) {
        live = true;
        return finishIfEnded();
      }
    }
    settle();
  }

  const stopListening = run.onEvent((event) => {
    if (!live || failed) return;
    next++;
    const line = format(event);
    if (!write(line === undefined ? '' : `${line}\n`)) {
      live = false;
      out.once('drain', () => void catchUp());
    }
  });
  void run.finished.then(finishIfEnded);
  // Kept after the end too: an error from a last buffered write must not end the process.
  out.on('error', (error: Error) => {
    if (failed) return;
    failed = true;
    settle();
    onError(error);
  });
  void done.then(stopListening);
  void catchUp();
  return { done, live: () => live };
}
