// Every event of a run, in order, to <data>/runs/<runId>.ndjson as it happens: a recorded run
// can be reopened and replayed, and a crash loses at most the last moments. The recording is
// bounded (EVENT_BOUNDS.maxRecordingBytes): past it, events are live only and the run says so
// (run.limit), though its end is always recorded. Beside it, <runId>.index.json: a small index
// (title, start, engine, status, counts) that run history reads instead of the recording.
import { closeSync, openSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { RunEvent, RunStatus } from '../../scenario/events';
import { EVENT_BOUNDS } from './event-bounds';
import { readStat } from './proc';

/** The small index of one recorded run (<runId>.index.json). */
export interface RunIndex {
  runId: string;
  title: string;
  /** ISO 8601. */
  startedAt: string;
  /** The engine that ran it: while it lives (same PID and start time) the run may be live. */
  enginePid: number;
  engineStartTime: number;
  /** Present once the run ended; absent in the index of a run whose engine died. */
  status?: RunStatus;
  durationNs?: number;
  /** Events and bytes in the recording. */
  events: number;
  bytes: number;
  /** The recording stopped at the bound (run.limit). */
  capped?: boolean;
  /** A run the lab made for itself (a benchmark's), hidden from the user's list. */
  internal?: boolean;
  /** The user's name for the run (run.rename). */
  name?: string;
}

export const runFile = (runsDir: string, runId: string) => join(runsDir, `${runId}.ndjson`);
export const indexFile = (runsDir: string, runId: string) => join(runsDir, `${runId}.index.json`);

/** Bytes of lines buffered before they are written, whatever the tick. */
const FLUSH_BYTES = 32 * 1024;

export type RecordOutcome = 'recorded' | 'capped' | 'dropped';

export class RunRecorder {
  private readonly fd: number;
  private buffer: string[] = [];
  private bufferedBytes = 0;
  private bytes = 0;
  private capped = false;
  private index?: RunIndex;
  /** Events written (or buffered) so far: the recording's lines. */
  recorded = 0;
  /**
   * Events [0, indexed) are in the file (flushed) at their index in the run: run.events may read
   * them there. Past the cap the file's lines are no longer the run's indexes (events were
   * dropped before the run.end recorded after them).
   */
  indexed = 0;
  private indexedBuffered = 0;
  private limitRecorded = false;

  constructor(private readonly runsDir: string, private readonly runId: string, private readonly internal = false) {
    this.fd = openSync(runFile(runsDir, runId), 'a', 0o600);
  }

  /**
   * Records one event given as its JSON line. 'capped' the first time the bound is reached (the
   * caller then emits run.limit, which is still recorded), 'dropped' past it.
   */
  record(event: RunEvent, line: string): RecordOutcome {
    const size = Buffer.byteLength(line) + 1;
    const always = event.type === 'run.end' || event.type === 'run.limit';
    if (this.capped && !always) return 'dropped';
    if (!always && this.bytes + size > EVENT_BOUNDS.maxRecordingBytes) {
      this.capped = true;
      return 'capped';
    }
    this.buffer.push(line);
    this.bufferedBytes += size;
    this.bytes += size;
    this.recorded++;
    // The run.limit emitted at the cap is at its index still; nothing recorded after it is.
    if (!this.capped || (event.type === 'run.limit' && !this.limitRecorded)) this.indexedBuffered = this.recorded;
    if (event.type === 'run.limit') this.limitRecorded = true;
    if (event.type === 'run.start') this.writeIndex({ title: event.title, startedAt: new Date().toISOString() });
    if (event.type === 'run.end') this.pendingEnd = { status: event.status, durationNs: event.durationNs };
    // Written in pieces below V8's large-object size (128 KiB): one string of a busy pump's
    // lines (~1 MiB) went to the large-object space, which only a full GC frees, and a 20 000-line
    // log flood grew the engine's heap by tens of MiB of such garbage.
    if (this.bufferedBytes >= FLUSH_BYTES) this.flush();
    return 'recorded';
  }

  private pendingEnd?: { status: RunStatus; durationNs: number };

  /** Writes what was recorded since the last flush (called on every engine tick). */
  flush(): void {
    if (this.buffer.length === 0) return;
    writeSync(this.fd, this.buffer.join('\n') + '\n');
    this.buffer = [];
    this.bufferedBytes = 0;
    this.indexed = this.indexedBuffered;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
    this.writeIndex(this.pendingEnd ?? {});
  }

  /** The index, replaced atomically (write then rename), so a reader never sees half of it. */
  private writeIndex(update: Partial<RunIndex>): void {
    this.index = {
      runId: this.runId,
      title: this.index?.title ?? this.runId,
      startedAt: this.index?.startedAt ?? new Date().toISOString(),
      enginePid: process.pid,
      engineStartTime: readStat(process.pid)?.startTime ?? 0,
      ...this.index,
      ...update,
      events: this.recorded,
      bytes: this.bytes,
      ...(this.capped ? { capped: true } : {}),
      ...(this.internal ? { internal: true } : {}),
    };
    const file = indexFile(this.runsDir, this.runId);
    writeFileSync(`${file}.tmp`, JSON.stringify(this.index), { mode: 0o600 });
    renameSync(`${file}.tmp`, file);
  }
}
