// The 'run.events' pushes of the live run. A run's first events can arrive before run.start
// has answered with its id: while a start is awaited they are kept by run id, and the run
// that turns out to be ours takes its own; pushes of any other run are dropped.
import type { RunEvent } from '@scenario/events';
import type { LabClient } from '../../transport/client';

export function createLiveEvents(client: () => LabClient, deliver: (events: readonly RunEvent[]) => void) {
  let unsubscribe: (() => void) | undefined;
  let current: string | null = null;
  let awaiting = false;
  const early = new Map<string, RunEvent[]>();

  function listen(): void {
    unsubscribe ??= client().on('run.events', ({ runId, events }) => {
      if (runId === current) deliver(events);
      else if (awaiting) early.set(runId, [...(early.get(runId) ?? []), ...events]);
    });
  }

  return {
    /** A run is being started: keep every run's pushes until adopt() names ours. */
    awaitStart(): void {
      listen();
      current = null;
      awaiting = true;
      early.clear();
    },
    /** Our run is `runId`: its events from now on go to deliver; returns those that came early. */
    adopt(runId: string): RunEvent[] {
      const mine = early.get(runId) ?? [];
      current = runId;
      awaiting = false;
      early.clear();
      return mine;
    },
    /** No live run any more (failed start, replay, cleared). */
    release(): void {
      current = null;
      awaiting = false;
      early.clear();
    },
    dispose(): void {
      unsubscribe?.();
      unsubscribe = undefined;
    },
  };
}
