// The run's event log: every event in order, stamped with the run's clock (ns since the run's
// t0, CLOCK_MONOTONIC), bounded (event-bounds.ts), recorded to disk and handed to listeners.
// Memory is bounded whatever the producer's speed: the log keeps the most recent events up to
// EVENT_BOUNDS.maxMemoryBytes; older ones are read back from the recording (run-history.ts).
import { addon } from '../../native/addon';
import type { RunEvent } from '../../scenario/events';
import { boundEvent, EVENT_BOUNDS } from './event-bounds';
import { RunRecorder } from './recorder';

/** Receives each event and the length of its JSON line (what it costs to send or keep). */
export type RunListener = (event: RunEvent, bytes: number) => void;

export class RunLog {
  /** The run's clock origin (CLOCK_MONOTONIC, ns); processes stamp their events against it. */
  readonly t0: bigint;
  private readonly listeners = new Set<RunListener>();
  readonly recorder: RunRecorder;
  private buffer: RunEvent[] = [];
  private sizes: number[] = [];
  /** buffer[head..] is the window; the dropped prefix is compacted away once it is half. */
  private head = 0;
  private windowBytes = 0;
  /** Index (in the whole run) of the first event still in memory. */
  private first = 0;

  constructor(runsDir: string, runId: string, internal = false) {
    this.recorder = new RunRecorder(runsDir, runId, internal);
    this.t0 = addon().monotonicNs();
  }

  /** Events in memory: every event of the run unless it outgrew maxMemoryBytes (then the latest). */
  get events(): RunEvent[] {
    if (this.head > 0) this.compact();
    return this.buffer;
  }

  /** Index of the first event in memory; [0, firstInMemory) are in the recording only. */
  get firstInMemory(): number {
    return this.first;
  }

  /** Events emitted so far. */
  get total(): number {
    return this.first + this.buffer.length - this.head;
  }

  /** Nanoseconds since t0. */
  now(): number {
    return Number(addon().monotonicNs() - this.t0);
  }

  onEvent(listener: RunListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Bounds an event, stamps the engine's own with `t`, records it and hands it to listeners. */
  emit(event: Record<string, unknown>): void {
    const bounded = boundEvent(event);
    const stamped = ('t' in bounded ? bounded : { t: this.now(), ...bounded }) as RunEvent;
    const line = JSON.stringify(stamped);
    if (this.recorder.record(stamped, line) === 'capped') {
      const bytes = EVENT_BOUNDS.maxRecordingBytes;
      this.emit({ type: 'run.limit', limit: 'recording', bytes, message: `The recording reached ${bytes / (1024 * 1024)} MiB, the bound of one run: later events are shown live but not recorded.` });
    }
    // The window keeps a fresh copy parsed from the line: strings cut from a process's console
    // (String.prototype.slice) would otherwise keep alive the whole text they were cut from.
    this.keep(JSON.parse(line) as RunEvent, line.length);
    for (const listener of this.listeners) listener(stamped, line.length);
  }

  private keep(event: RunEvent, size: number): void {
    this.buffer.push(event);
    this.sizes.push(size);
    this.windowBytes += size;
    while (this.windowBytes > EVENT_BOUNDS.maxMemoryBytes && this.head < this.buffer.length - 1) {
      this.windowBytes -= this.sizes[this.head];
      this.head++;
      this.first++;
    }
    if (this.head > 1024 && this.head * 2 > this.buffer.length) this.compact();
  }

  private compact(): void {
    this.buffer = this.buffer.slice(this.head);
    this.sizes = this.sizes.slice(this.head);
    this.head = 0;
  }

  /** Writes what was recorded since the last flush. */
  flush(): void {
    this.recorder.flush();
  }

  close(): void {
    this.recorder.close();
  }
}
