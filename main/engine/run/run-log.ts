// The run's event log: every event in order, stamped with the run's clock (ns since the run's
// t0, CLOCK_MONOTONIC), recorded to disk and handed to listeners.
import { addon } from '../../native/addon';
import type { RunEvent } from '../../scenario/events';
import { RunRecorder, runFile } from './recorder';

export type RunListener = (event: RunEvent) => void;

export class RunLog {
  readonly events: RunEvent[] = [];
  /** The run's clock origin (CLOCK_MONOTONIC, ns); processes stamp their events against it. */
  readonly t0: bigint;
  private readonly listeners = new Set<RunListener>();
  private readonly recorder: RunRecorder;

  constructor(runsDir: string, runId: string) {
    this.recorder = new RunRecorder(runFile(runsDir, runId));
    this.t0 = addon().monotonicNs();
  }

  /** Nanoseconds since t0. */
  now(): number {
    return Number(addon().monotonicNs() - this.t0);
  }

  onEvent(listener: RunListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Records an event (stamping the engine's own with `t`) and hands it to listeners. */
  emit(event: Record<string, unknown>): void {
    const stamped = ('t' in event ? event : { t: this.now(), ...event }) as RunEvent;
    this.events.push(stamped);
    this.recorder.record(stamped);
    for (const listener of this.listeners) listener(stamped);
  }

  /** Writes what was recorded since the last flush. */
  flush(): void {
    this.recorder.flush();
  }

  close(): void {
    this.recorder.close();
  }
}
