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
