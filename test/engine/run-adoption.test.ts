// What a page that takes over a live run learns beyond its events: the document as sent and its
// file name (run.document), and what the user paused (run.list's time.paused), as a real run.
import { afterAll, describe, expect, it } from 'vitest';
import { RunAdoption } from '../../main/engine/run-adoption';
import { scenario, testEngine } from './helpers';

describe('RunAdoption', () => {
  it('mirrors what the page that pauses shows: the whole run, then process by process', () => {
    const state = new RunAdoption({}, undefined);
    expect(state.pausedState()).toBeUndefined();
    state.paused(undefined, ['A', 'B']);
    expect(state.pausedState()).toEqual({ run: true, processes: ['A', 'B'] });
    state.resumed('A');
    expect(state.pausedState()).toEqual({ run: true, processes: ['B'] });
    state.resumed('B'); // the last one resumed: the run is no longer paused
    expect(state.pausedState()).toBeUndefined();
    state.paused('B', []);
    expect(state.pausedState()).toEqual({ run: false, processes: ['B'] });
    state.paused(undefined, ['A', 'B']);
    state.resumed(undefined);
    expect(state.pausedState()).toBeUndefined();
  });
});

const engine = testEngine();
afterAll(() => engine.dispose());

describe('a live run for a page that adopts it', () => {
  it('gives the document as sent with its file name, and lists what run.pause paused', async () => {
    // No onError, no flavor: the fields validation fills in must not appear in the document.
    const doc = scenario([{ id: 'A', program: [{ op: 'log', message: 'one' }] }, { id: 'B', program: [{ op: 'log', message: 'two' }] }]);
    const run = engine.manager.start(structuredClone(doc), 30_000, undefined, { mode: 'step' }, { fileName: 'mine.lab.json' });
    try {
      expect(engine.manager.document(run.runId)).toEqual({ scenario: doc, fileName: 'mine.lab.json' });
      const summary = async () => (await engine.manager.list()).find((s) => s.runId === run.runId);
      expect(await summary()).toMatchObject({ status: 'running', fileName: 'mine.lab.json' });
      expect((await summary())?.time?.paused).toBeUndefined();
      for (let i = 0; i < 200 && run.processFigures().filter((p) => p.pid !== undefined).length < 2; i++) await new Promise((r) => setTimeout(r, 25));
      engine.manager.pause(run.runId);
      expect((await summary())?.time?.paused).toEqual({ run: true, processes: ['A', 'B'] });
      engine.manager.resume(run.runId, 'A');
      expect((await summary())?.time?.paused).toEqual({ run: true, processes: ['B'] });
      engine.manager.resume(run.runId);
      expect((await summary())?.time?.paused).toBeUndefined();
    } finally {
      run.stop();
      await run.finished;
    }
    // Ended: its recording holds the scenario as run; the document is no longer kept.
    expect(() => engine.manager.document(run.runId)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect((await engine.manager.list()).find((s) => s.runId === run.runId)?.fileName).toBeUndefined();
  });
});
