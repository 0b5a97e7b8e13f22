// Two lab processes racing through non-atomic adds on one shared counter lose updates without
// any injected yield, as two C processes doing `t = *p; *p = t + 1` on two CPUs do: the add is a
// plain load and store (native/src/lab/op_shm.cc), and each process's whole burst of quick steps
// fits its event ring (core/ring.h: 40-byte kQuickStep records in 2 MiB), so neither waits for
// the engine to drain it and the two loops run side by side. Every add is still reported: none
// of the 80 000 step.begin/step.end pairs is dropped.
import { afterAll, describe, expect, it } from 'vitest';
import type { RunEvent } from '../../../main/scenario/events';
import { ofType, scenario, testEngine } from '../../engine/helpers';

const engine = testEngine();
// dispose() checks every push the runs made against the contract: up to 24 races of 160 000
// events each, which takes longer than vitest's default 20 s hook timeout on a loaded machine.
afterAll(() => engine.dispose(), 300_000);

const ADDS = 40_000;

/** A counter: checks in (atomic add on `ready`), spins until both did, then adds ADDS times. */
function counter(id: string) {
  return {
    id, parent: 'main', program: [
      { op: 'shm.attach', object: 'C' },
      { op: 'shm.add', object: 'C', offset: 8, delta: 1, atomic: true, label: 'ready' },
      // The second to check in releases both at once: no third process has to be scheduled.
      { op: 'shm.waitUntil', object: 'C', offset: 8, equals: 2, pollMs: 0, label: 'both ready' },
      { op: 'repeat', times: ADDS, steps: [{ op: 'shm.add', object: 'C', offset: 0, delta: 1, label: 'count' }] },
      { op: 'shm.detach', object: 'C' },
    ],
  };
}

const race = scenario([
  { id: 'main', program: [
    { op: 'shm.create', object: 'C' },
    { op: 'shm.attach', object: 'C' },
    { op: 'spawn', process: 'A' },
    { op: 'spawn', process: 'B' },
    { op: 'wait', process: 'A' },
    { op: 'wait', process: 'B' },
    { op: 'shm.read', object: 'C', offset: 0, label: 'total' },
    { op: 'shm.detach', object: 'C' },
    { op: 'shm.destroy', object: 'C' },
  ] },
  counter('A'),
  counter('B'),
], [{ id: 'C', kind: 'shm', size: 64 }], { limits: { timeoutMs: 120_000 } });

/** How often the adds' step.end alternate between A and B in time: 0 or 1 when one ran after the other. */
function interleavings(events: RunEvent[]): number {
  const ends = ofType(events, 'step.end').filter((e) => e.label === 'count').sort((a, b) => a.t - b.t);
  let switches = 0;
  for (let i = 1; i < ends.length; i++) if (ends[i].process !== ends[i - 1].process) switches++;
  return switches;
}

describe('a race on a shared counter without yield', () => {
  it('loses updates in at least one of a bounded number of runs, and reports every add', async () => {
    // Updates are lost only while both loops run at the same moment on the two CPUs (as in C):
    // on this loaded machine (load 10-16 on 2 CPUs) the two are mostly time-sliced, one after the
    // other (their adds then alternate a handful of times, and none is lost), so the test runs the
    // race until a run loses an update, at most `bound` times. Seen here: a loss in 1 of 11 runs at
    // load 15, 2 of 11 at load 10; unloaded, both loops run side by side in most runs.
    const bound = 24;
    const totals: number[] = [];
    let lossWithInterleaving = false;
    while (totals.length < bound && !totals.some((t) => t < 2 * ADDS)) {
      const events: RunEvent[] = []; // all of them: a run keeps only its latest in memory
      const run = engine.manager.start(race, undefined, (e) => events.push(e));
      expect(await run.finished).toBe('completed');
      const adds = ofType(events, 'step.begin').filter((e) => e.label === 'count');
      expect(adds[0].call).toBe('int32_t t = *(volatile int32_t *)(C); *(volatile int32_t *)(C) = t + 1'); // no sched_yield()
      for (const id of ['A', 'B']) {
        expect(adds.filter((e) => e.process === id)).toHaveLength(ADDS);
        expect(ofType(events, 'step.end').filter((e) => e.label === 'count' && e.process === id)).toHaveLength(ADDS);
      }
      const total = ofType(events, 'step.end').find((e) => e.label === 'total')!.result!.value as number;
      expect(total).toBeLessThanOrEqual(2 * ADDS);
      totals.push(total);
      // A lost update means A and B were adding at the same time: their adds interleave.
      if (total < 2 * ADDS) lossWithInterleaving = interleavings(events) > 1;
    }
    expect(totals.some((t) => t < 2 * ADDS), `totals of ${totals.length} runs: ${totals.join(', ')}`).toBe(true);
    expect(lossWithInterleaving).toBe(true);
  }, 600_000);
});
