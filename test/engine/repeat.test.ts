// run.repeat's engine side (main/engine/repeat.ts): N real runs one after another, each one's
// start and outcome pushed, then the distribution of the expectations' values; refusals first.
import { afterAll, describe, expect, it } from 'vitest';
import { LabFailure, type RepeatProgress } from '../../main/contract';
import { RepeatManager } from '../../main/engine/repeat';
import { scenario, testEngine } from './helpers';

const engine = testEngine();
afterAll(() => engine.dispose());

/** One process stores 7 in a segment and loads it back: a value every run reports. */
const sevens = scenario(
  [{ id: 'w', program: [
    { op: 'shm.create', object: 'S' }, { op: 'shm.attach', object: 'S' },
    { op: 'shm.write', object: 'S', offset: 0, value: 7 }, { op: 'shm.read', object: 'S', offset: 0, label: 'load' },
    { op: 'shm.detach', object: 'S' }, { op: 'shm.destroy', object: 'S' },
  ] }],
  [{ id: 'S', kind: 'shm', size: 64 }],
  { expect: { status: 'completed', results: [{ process: 'w', label: 'load', value: { min: 7, max: 7 } }] } },
);

const progressOf = (repeatId: string) => engine.pushes.filter((p) => p.event === 'repeat.progress').map((p) => p.payload as RepeatProgress).filter((p) => p.repeatId === repeatId);

async function finished(repeatId: string): Promise<RepeatProgress> {
  for (;;) {
    const last = progressOf(repeatId).find((p) => p.distribution || p.error);
    if (last) return last;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('run.repeat in the engine', () => {
  const repeats = new RepeatManager(() => engine.manager, (event, payload) => engine.pushes.push({ event, payload }));

  it('runs the scenario N times and pushes each run, then the distribution of its values', async () => {
    const { repeatId } = repeats.start(sevens, 3);
    // One repetition at a time.
    expect(() => repeats.start(sevens, 2)).toThrow(LabFailure);
    const end = await finished(repeatId);
    const pushes = progressOf(repeatId);
    const started = pushes.filter((p) => p.runId);
    expect(started.map((p) => p.index)).toEqual([0, 1, 2]);
    expect(new Set(started.map((p) => p.runId)).size).toBe(3);
    const outcomes = pushes.filter((p) => p.outcome).map((p) => p.outcome!);
    expect(outcomes.map((o) => [o.status, o.asExpected])).toEqual([['completed', true], ['completed', true], ['completed', true]]);
    const load = end.distribution!.entries.find((e) => e.entry === '/expect/results/0')!;
    expect(load).toMatchObject({ held: 3, runs: 3, values: [7, 7, 7], histogram: [{ from: 7, to: 7, count: 3 }] });
    expect(end.distribution).toMatchObject({ runs: 3, statuses: { completed: 3 }, asExpected: 3 });
  });

  it('stops after the run under way, with the distribution of the runs done', async () => {
    const { repeatId } = repeats.start(sevens, 50);
    repeats.stop(repeatId);
    const end = await finished(repeatId);
    expect(end.distribution!.runs).toBe(1);
    expect(() => repeats.stop(repeatId)).toThrow(/No repetition/);
  });

  it('refuses an invalid scenario with its problems, before any run', () => {
    const before = engine.pushes.length;
    let caught: unknown;
    try {
      repeats.start(scenario([{ id: 'x', program: [{ op: 'shm.attach', object: 'nowhere' }] }]), 2);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(LabFailure);
    expect((caught as LabFailure).code).toBe('INVALID_SCENARIO');
    expect(engine.pushes.length).toBe(before);
  });
});
