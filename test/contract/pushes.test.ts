// Every push is in the contract: its name in channels.ts, its payload's schema in pushes.ts.
// The engine's pushes during a real run are checked against it, and the names that cross a
// process boundary are written nowhere but main/contract.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL, LAB_ERROR_CODES, PUSH_NAMES, TOKEN_COOKIE, WS_PATH,
  labErrorSchema, parsePush, pushSchemas, type RunEventsPush,
} from '../../main/contract';
import { errorToLabError } from '../../main/engine/dispatch';
import { presetById } from '../../main/presets';
import { runToEnd, testEngine } from '../engine/helpers';

describe('the pushes of the contract', () => {
  it('gives every push name a payload schema, and nothing else', () => {
    expect(Object.keys(pushSchemas).sort()).toEqual([...PUSH_NAMES].sort());
  });

  it('refuses an unknown push and a payload that does not match its name', () => {
    expect(parsePush('run.output', {})).toEqual({ ok: false, reason: expect.stringMatching(/^unknown push "run.output"/) });
    expect(parsePush('bench.progress', { benchId: 'b1', done: 'one', total: 2 })).toEqual({
      ok: false,
      reason: expect.stringMatching(/^push bench.progress breaks the contract: at \/done/),
    });
    expect(parsePush('menu.command', { command: 'file.openPath' })).toMatchObject({ ok: false });
    expect(parsePush('menu.command', { command: 'file.open' })).toEqual({ ok: true, push: { event: 'menu.command', payload: { command: 'file.open' } } });
  });
});

describe('error codes', () => {
  it('are the lab codes or errno names; anything else the engine meets becomes INTERNAL', () => {
    for (const code of [...LAB_ERROR_CODES, 'EAGAIN', 'EINTR']) expect(labErrorSchema.safeParse({ code, message: 'm' }).success).toBe(true);
    expect(labErrorSchema.safeParse({ code: 'ERR_INVALID_ARG_TYPE', message: 'm' }).success).toBe(false);
    const nodeError = Object.assign(new TypeError('bad'), { code: 'ERR_INVALID_ARG_TYPE' });
    expect(errorToLabError(nodeError)).toEqual({ code: 'INTERNAL', message: 'ERR_INVALID_ARG_TYPE: bad' });
    const errno = Object.assign(new Error('No such file'), { code: 'ENOENT', syscall: 'open' });
    expect(errorToLabError(errno)).toEqual({ code: 'ENOENT', message: 'No such file', syscall: 'open' });
  });
});

describe('the engine pushes what the contract defines', () => {
  const engine = testEngine();
  afterAll(() => engine.dispose());

  it('sends a real run as run.events batches that parse, in order, with nothing dropped or doubled', async () => {
    const preset = presetById('parent-child-pipe');
    expect(preset).toBeDefined();
    const outcome = await runToEnd(engine, preset!.scenario);
    expect(outcome.status).toBe('completed');
    await new Promise((resolve) => setTimeout(resolve, 100)); // the last batch leaves 33 ms after the run ends
    expect(engine.pushes.length).toBeGreaterThan(0);
    for (const { event, payload } of engine.pushes) expect(parsePush(event, payload)).toMatchObject({ ok: true });
    const batches = engine.pushes.map((p) => p.payload as RunEventsPush).filter((p) => p.runId === outcome.runId);
    // Batched at display rate: fewer pushes than events.
    expect(batches.length).toBeLessThan(outcome.events.length);
    expect(batches.flatMap((b) => b.events)).toEqual(outcome.events);
  });
});

describe('names that cross a process boundary', () => {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const files = (dir: string): string[] =>
    readdirSync(join(root, dir)).flatMap((name) => {
      const path = join(dir, name);
      return statSync(join(root, path)).isDirectory() ? files(path) : /\.(ts|vue)$/.test(name) ? [path] : [];
    });
  const sources = ['main', 'preload', 'renderer/src'].flatMap(files).filter((path) => !path.startsWith('main/contract/'));

  it('are written only in main/contract: channels, the WebSocket path, the token parameter and cookie', () => {
    const literals = [IPC_INVOKE_CHANNEL, IPC_EVENT_CHANNEL, WS_PATH, TOKEN_COOKIE].map((name) => new RegExp(`['"\`]${name}['"\`?]`));
    literals.push(/[?&]token=/, /\.get\(['"]token['"]\)/);
    const offenders = sources.flatMap((path) => {
      const text = readFileSync(join(root, path), 'utf8');
      return literals.filter((pattern) => pattern.test(text)).map((pattern) => `${path}: ${pattern}`);
    });
    expect(offenders).toEqual([]);
  });

  it('reach the transports only through the typed client (no onEvent with a push name, no untyped call)', () => {
    const offenders = sources
      .filter((path) => path.startsWith('renderer/src/') && !path.startsWith('renderer/src/transport/'))
      .filter((path) => /onEvent\(|as unknown as LooseCall|call as unknown/.test(readFileSync(join(root, path), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
