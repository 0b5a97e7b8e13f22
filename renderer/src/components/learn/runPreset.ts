// Runs a shipped preset for real and collects its events. The 'run.events' pushes only say
// "something new" here: the events themselves come from the run.events method, read from
// `next`, so none is lost or doubled even if a push came before run.start returned.
import type { RunEvent, RunStatus } from '@scenario/events';
import { labClient } from '../../transport/client';

export interface PresetRun {
  runId: string;
  /** Resolves with every event of the run once it has ended. */
  finished: Promise<{ status: RunStatus | undefined; events: RunEvent[] }>;
  stop(): Promise<void>;
}

const POLL_MS = 400;

export async function runPreset(presetId: string, onEvents: (events: RunEvent[]) => void): Promise<PresetRun> {
  const client = labClient();
  const { scenario } = await client.call('presets.get', { id: presetId });
  const { runId } = await client.call('run.start', { scenario });
  let wake: (() => void) | undefined;
  const unsubscribe = client.on('run.events', (push) => {
    if (push.runId === runId) wake?.();
  });
  const pause = () => new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, POLL_MS);
    wake = () => { clearTimeout(timer); resolve(); };
  });

  async function collect() {
    const events: RunEvent[] = [];
    try {
      for (;;) {
        const page = await client.call('run.events', { runId, from: events.length });
        if (page.events.length > 0) {
          events.push(...page.events);
          onEvents(events.slice());
        }
        if (page.done) break;
        if (page.events.length === 0) await pause();
      }
    } finally {
      unsubscribe();
    }
    const end = events.findLast((e) => e.type === 'run.end');
    return { status: end?.type === 'run.end' ? end.status : undefined, events };
  }

  return {
    runId,
    finished: collect(),
    async stop() {
      await client.call('run.stop', { runId });
    },
  };
}
