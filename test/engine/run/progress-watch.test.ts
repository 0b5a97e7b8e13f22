// The confirmation a deadlock verdict needs: the same processes in the same steps, with no event
// read from any of them, STABLE_MS apart. A verdict drawn from events the engine read late (it
// had no CPU for a while) lapses as soon as their next events arrive.
import { describe, expect, it } from 'vitest';
import { STABLE_MS } from '../../../main/engine/run/deadlock';
import { DeadlockConfirmation } from '../../../main/engine/run/progress-watch';
import { RunProcess } from '../../../main/engine/run/run-processes';
import type { ProcessEventSource } from '../../../main/engine/run/runtime';

function waiting(id: string): RunProcess {
  const process = new RunProcess({ id, program: [{ op: 'sem.wait', object: 'S' }] } as never, {} as ProcessEventSource);
  process.beginStep([0]);
  return process;
}

describe('DeadlockConfirmation', () => {
  it('confirms only what stood still for STABLE_MS', () => {
    const live = [waiting('A'), waiting('B')];
    const confirmation = new DeadlockConfirmation();
    expect(confirmation.confirm(live, 1000)).toBe(false);
    expect(confirmation.confirm(live, 1000 + STABLE_MS - 1)).toBe(false);
    expect(confirmation.confirm(live, 1000 + STABLE_MS)).toBe(true);
  });

  it('starts again when any process reported an event in between', () => {
    const live = [waiting('A'), waiting('B')];
    const confirmation = new DeadlockConfirmation();
    expect(confirmation.confirm(live, 1000)).toBe(false);
    live[1].eventsRead++; // B's wait ended and began again: read late, but read
    expect(confirmation.confirm(live, 1000 + STABLE_MS)).toBe(false);
    expect(confirmation.confirm(live, 1000 + 2 * STABLE_MS)).toBe(true);
  });

  it('starts again after a moment without suspicion', () => {
    const live = [waiting('A')];
    const confirmation = new DeadlockConfirmation();
    expect(confirmation.confirm(live, 1000)).toBe(false);
    confirmation.clear();
    expect(confirmation.confirm(live, 1000 + STABLE_MS)).toBe(false);
  });
});
