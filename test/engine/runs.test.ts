// The runs of one engine: pushes batched per run at display rate, and recorded runs served for
// replay (run.list, run.events paging) from their NDJSON by an engine that did not run them.
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LabFailure, type RunEventsPush } from '../../main/contract';
import { RunManager } from '../../main/engine/runs';
import { runFile } from '../../main/engine/run/recorder';
import { runToEnd, scenario, testEngine } from './helpers';

const engine = testEngine();
afterAll(() => engine.dispose());

const talker = (id: string, lines: number) => scenario([{ id, program: [{ op: 'repeat', times: lines, steps: [{ op: 'log', message: `${id} says hi` }] }] }]);

describe('push batching', () => {
  it('sends two runs side by side as batches of one run each, each run whole and in order', async () => {
    const [a, b] = await Promise.all([runToEnd(engine, talker('a', 40)), runToEnd(engine, talker('b', 40))]);
    await engine.manager.close(); // flushes the last batch
    const batches = engine.pushes.filter((p) => p.event === 'run.events').map((p) => p.payload as RunEventsPush);
    for (const outcome of [a, b]) {
      const mine = batches.filter((batch) => batch.runId === outcome.runId);
      expect(mine.length).toBeGreaterThan(0);
      expect(mine.length).toBeLessThan(outcome.events.length);
      expect(mine.flatMap((batch) => batch.events)).toEqual(outcome.events);
    }
    expect(batches.every((batch) => batch.events.length > 0)).toBe(true);
  });
});

describe('replay of recorded runs', () => {
  it('serves a run recorded by another engine, page by page, and lists it with its status', async () => {
    const outcome = await runToEnd(engine, talker('c', 30));
    await engine.manager.close();
    const paths = { runsDir: join(engine.root, 'runs'), runtimeDir: join(engine.root, 'runtime') };
    const later = new RunManager(paths, () => {});
    const pages = [];
    let from = 0;
    for (;;) {
      const page = await later.events(outcome.runId, from, 25);
      pages.push(page.events.length);
      expect(page.next).toBe(from + page.events.length);
      from = page.next;
      if (page.done) break;
    }
    expect(from).toBe(outcome.events.length);
    expect(pages.slice(0, -1).every((n) => n === 25)).toBe(true);
    expect((await later.events(outcome.runId, 0, 100_000)).events).toEqual(outcome.events);
    expect((await later.list()).find((summary) => summary.runId === outcome.runId)).toMatchObject({ title: 'test', status: 'completed' });
    await later.close();
  });

  it('skips a last line cut by a crash, and refuses a run that does not exist', async () => {
    const outcome = await runToEnd(engine, talker('d', 3));
    await engine.manager.close();
    const paths = { runsDir: join(engine.root, 'runs'), runtimeDir: join(engine.root, 'runtime') };
    appendFileSync(runFile(paths.runsDir, outcome.runId), '{"t": 99, "type": "proc');
    const later = new RunManager(paths, () => {});
    expect((await later.events(outcome.runId)).events).toEqual(outcome.events);
    await expect(later.events('no-such-run')).rejects.toThrow(LabFailure);
    expect(() => later.get(outcome.runId)).toThrow('No live run');
    await later.close();
  });
});

describe('the list of recorded runs', () => {
  it('lists newest first, hides the lab\'s own runs unless asked, renames and deletes', async () => {
    const older = await runToEnd(engine, talker('e', 1));
    const internalRun = engine.manager.start(talker('f', 1), undefined, undefined, undefined, { internal: true });
    await internalRun.finished;
    const newer = await runToEnd(engine, talker('g', 1));
    const paths = { runsDir: join(engine.root, 'runs'), runtimeDir: join(engine.root, 'runtime') };
    const later = new RunManager(paths, () => {});

    const shown = (await later.list()).map((s) => s.runId);
    expect(shown).not.toContain(internalRun.runId);
    expect(shown.indexOf(newer.runId)).toBeLessThan(shown.indexOf(older.runId));
    expect((await later.list(true)).find((s) => s.runId === internalRun.runId)).toMatchObject({ internal: true });
    expect((await engine.manager.list()).map((s) => s.runId)).not.toContain(internalRun.runId);

    expect(await later.rename(older.runId, '  first try  ')).toMatchObject({ runId: older.runId, name: 'first try', title: 'test', status: 'completed' });
    expect((await later.list()).find((s) => s.runId === older.runId)?.name).toBe('first try');
    expect((await engine.manager.list()).find((s) => s.runId === older.runId)?.name).toBe('first try');
    expect((await later.rename(older.runId, '')).name).toBeUndefined();

    await later.delete(older.runId);
    expect((await later.list()).map((s) => s.runId)).not.toContain(older.runId);
    await expect(later.events(older.runId)).rejects.toThrow('No run');
    await expect(later.delete(older.runId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(later.rename('no-such-run', 'x')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await later.close();
  });

  it('refuses to rename or delete a run that is still going', async () => {
    const run = engine.manager.start(scenario([{ id: 'slow', program: [{ op: 'sleep', ms: 400 }] }]));
    await expect(engine.manager.delete(run.runId)).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await expect(engine.manager.rename(run.runId, 'x')).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await run.finished;
    await engine.manager.delete(run.runId);
  });
});
