// A recorded run read back from the engine (run.events, page by page) for replay.
import type { RunEvent } from '@scenario/events';
import type { ScenarioDoc } from '../../model/doc';
import type { LabClient } from '../../transport/client';

/** Events per run.events call: large pages, few round trips, each well under the wire's limit. */
export const PAGE_EVENTS = 10_000;

/**
 * Every event of run `runId`, in order, and the scenario it ran (recorded in run.start, so a
 * run replays with its own meaning even when another scenario is open in the editor).
 * Rejects with the engine's LabCallError (NOT_FOUND for a run that does not exist).
 */
export async function readRecordedRun(client: LabClient, runId: string): Promise<{ events: RunEvent[]; scenario?: ScenarioDoc }> {
  const events: RunEvent[] = [];
  let from = 0;
  for (;;) {
    const page = await client.call('run.events', { runId, from, limit: PAGE_EVENTS });
    events.push(...page.events);
    if (page.done || page.events.length === 0) break;
    from = page.next;
  }
  const start = events.find((event) => event.type === 'run.start');
  const scenario = start?.type === 'run.start' ? (start.scenario as ScenarioDoc | undefined) : undefined;
  return { events, scenario };
}
