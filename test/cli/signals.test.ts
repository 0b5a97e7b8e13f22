// SIGINT and SIGTERM to `process-lab run` mid-run: the CLI stops the run at once, cleans up and
// exits, even when the run's processes ignore SIGTERM and SIGINT and one of them is in a wait
// restarted by SA_RESTART. Nothing of the run is left: its PIDs, its objects, its directory.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunEvent } from '../../main/scenario/events';
import { processIds, remainingObjects, survivors } from '../helpers/run-objects';

const bin = fileURLToPath(new URL('../../main/bin/process-lab.js', import.meta.url));
let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'plab-cli-signals-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const ignore = (signal: string) => ({ op: 'signal.handle', signal, action: 'ignore' });

/** Objects of every kind, processes that ignore SIGTERM and SIGINT, a parent in a restarted wait. */
const stubborn = {
  format: 'process-lab/scenario@1',
  title: 'stubborn',
  objects: [{ id: 'M', kind: 'shm', size: 64 }, { id: 'Q', kind: 'mailbox' }, { id: 'S', kind: 'semaphore' }, { id: 'F', kind: 'fifo' }],
  processes: [
    {
      id: 'a',
      program: [
        ignore('SIGTERM'), ignore('SIGINT'),
        { op: 'signal.handle', signal: 'SIGUSR1', action: 'handler', restart: true, steps: [{ op: 'log', message: 'a: SIGUSR1' }] },
        { op: 'shm.create', object: 'M' }, { op: 'mailbox.create', object: 'Q' }, { op: 'sem.create', object: 'S' }, { op: 'fifo.create', object: 'F' },
        { op: 'spawn', process: 'c' },
        { op: 'wait', process: 'c' }, // restarted by c's SIGUSR1, then reaps c
        { op: 'spawn', process: 'b' },
        { op: 'wait', process: 'b' },
      ],
    },
    // The field case: it signals its parent, which is waiting for it, and exits.
    { id: 'c', parent: 'a', program: [{ op: 'sleep', ms: 100 }, { op: 'signal.send', to: 'a', signal: 'SIGUSR1' }] },
    {
      id: 'b',
      parent: 'a',
      program: [ignore('SIGTERM'), ignore('SIGINT'), { op: 'log', message: 'b is up' }, { op: 'sleep', ms: 120_000 }],
    },
  ],
  limits: { timeoutMs: 300_000 },
};

async function interrupt(signal: 'SIGINT' | 'SIGTERM') {
  const file = join(root, `stubborn-${signal}.lab.json`);
  writeFileSync(file, JSON.stringify(stubborn));
  const env = { ...process.env, PROCESS_LAB_DATA_DIR: join(root, signal, 'data'), PROCESS_LAB_RUNTIME_DIR: join(root, signal, 'runtime'), NO_COLOR: '1' };
  const cli = spawn(process.execPath, [bin, 'run', file, '--json'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  const events: RunEvent[] = [];
  let buffer = '';
  const exited = new Promise<number | null>((resolve) => cli.once('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    cli.once('exit', () => reject(new Error('the CLI ended before the run got going')));
    cli.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop()!;
      for (const line of lines) events.push(JSON.parse(line) as RunEvent);
      if (events.some((e) => e.type === 'process.output' && e.text.includes('b is up'))) resolve();
    });
  });
  const ids = processIds(events);
  expect(ids.length).toBeGreaterThanOrEqual(2); // a and b (c may be gone already)
  cli.kill(signal);
  // The test's own timeout is the bound: without the fix the CLI never exits.
  const code = await exited;
  return { code, events, ids, runtimeDir: join(root, signal, 'runtime', `process-lab-${process.getuid!()}`) };
}

describe('process-lab run and the signals of its terminal', () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`stops the run on ${signal}, cleans up and exits; nothing of the run is left`, async () => {
      const { code, events, ids, runtimeDir } = await interrupt(signal);
      expect(code).toBe(1); // stopped
      expect(events.at(-1)).toMatchObject({ type: 'run.end', status: 'stopped' });
      expect(survivors(ids)).toEqual([]);
      expect(remainingObjects(events)).toEqual([]);
      expect(events.filter((e) => e.type === 'object.created').length).toBe(7); // 4 objects, 3 inboxes
      expect(readdirSync(runtimeDir).filter((d) => d.startsWith('run-'))).toEqual([]);
      // Every end was recorded: c's exit during a's restarted wait, then a and b killed
      // (SIGKILL after the grace: they ignore SIGTERM).
      const exits = Object.fromEntries(events.flatMap((e) => (e.type === 'process.exit' ? [[e.process, e.signal ?? e.code]] : [])));
      expect(exits).toEqual({ a: 'SIGKILL', b: 'SIGKILL', c: 0 });
      expect(existsSync(join(root, signal, 'data', 'runs'))).toBe(true);
    }, 30_000);
  }
});
