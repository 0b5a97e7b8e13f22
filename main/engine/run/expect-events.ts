// The events a scenario's `expect` is judged on, kept from the start of the run. The run log's
// memory window holds only the latest events (event-bounds.ts), and events come process by
// process: two counters whose rings hold 40 000 adds each are read after their parent's last
// steps, so the parent's labelled read had left the window by the end and the verdict said it
// "never finished". Only the events an expect entry names are kept: its labelled step.ends,
// the events its counts filter on, exits, deadlocks, the named processes' output and states.
// Keep this in step with what check-expect.ts and verdicts.ts read.
import type { RunEvent } from '../../scenario/events';
import type { Expect } from '../../scenario/expect';
import type { RunLog } from './run-log';

/** Whether `expect` is judged on `event` (see checkExpectations). */
function named(expect: Expect, event: RunEvent): boolean {
  const record = event as Record<string, unknown>;
  switch (event.type) {
    case 'run.end':
    case 'process.exit':
    case 'deadlock':
      return true;
    case 'process.output':
      if (expect.logs?.[event.process] !== undefined) return true;
      break;
    case 'process.state':
      if (expect.states?.[event.process] !== undefined) return true;
      break;
    case 'step.end':
      if (expect.results?.some((r) => r.process === event.process && r.label === event.label)) return true;
      break;
  }
  return (expect.counts ?? []).some((c) =>
    c.event === event.type &&
    (c.process === undefined || record.process === c.process) &&
    (c.signal === undefined || record.signal === c.signal) &&
    (c.label === undefined || record.label === c.label) &&
    (c.op === undefined || record.op === c.op) &&
    (c.disposition === undefined || record.disposition === c.disposition) &&
    (c.errno === undefined || record.errno === c.errno));
}

/**
 * Keeps, from now on, every event of `log` that `expect` is judged on. Returns the list (it
 * grows as the run goes on); judge it with the run's run.end appended.
 */
export function keepExpectEvents(log: RunLog, expect: Expect): RunEvent[] {
  const kept: RunEvent[] = [];
  log.onEvent((event) => {
    if (named(expect, event)) kept.push(event);
  });
  return kept;
}
