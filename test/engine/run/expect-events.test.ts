// A scenario's expect is judged on every event it names, even those the run log's memory
// window (the latest 4 MiB of events) dropped long before the end.
import { afterAll, describe, expect, it } from 'vitest';
import type { RunEvent } from '../../../main/scenario/events';
import { ofType, scenario, testEngine } from '../helpers';

const engine = testEngine();
afterAll(() => engine.dispose());

describe('verdicts of a run that outgrew its memory window', () => {
  it('judge a labelled step that left the window, a count and an exit', async () => {
    const steps = 30_000; // 60 000 events of ~150 bytes: over twice the window
    const events: RunEvent[] = [];
    const run = engine.manager.start(scenario([
      { id: 'main', program: [
        { op: 'compute', ms: 0, label: 'early' },
        { op: 'spawn', process: 'busy' },
        { op: 'wait', process: 'busy' },
      ] },
      { id: 'busy', parent: 'main', program: [{ op: 'repeat', times: steps, steps: [{ op: 'compute', ms: 0 }] }] },
    ], [], {
      limits: { timeoutMs: 120_000 },
      expect: {
        status: 'completed',
        processes: { main: { exit: 0 }, busy: { exit: 0 } },
        results: [{ process: 'main', label: 'early', errno: null }],
        counts: [{ event: 'step.end', process: 'busy', op: 'compute', count: { min: steps, max: steps } }],
      },
    }), undefined, (e) => events.push(e));
    expect(await run.finished).toBe('completed');
    // The window no longer holds main's early step: the verdicts were judged on what was kept.
    expect(run.events.some((e) => e.type === 'step.end' && e.label === 'early')).toBe(false);
    const verdicts = ofType(events, 'verdict');
    expect(verdicts.length).toBe(5);
    expect(verdicts.filter((v) => !v.held)).toEqual([]);
    expect(ofType(events, 'run.end')[0].asExpected).toBe(true);
  }, 180_000);
});
