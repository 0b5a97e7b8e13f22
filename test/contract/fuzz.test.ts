// Bounded fuzzing (fast-check) of what crosses the engine's front doors: contract messages, as
// values through the dispatcher and as raw text through browser mode's WebSocket, and scenario
// files through `validate`'s checks. Whatever comes in: no crash, no hang, only error replies
// (BAD_MESSAGE, UNKNOWN_METHOD, INVALID_ARGUMENT, NOT_FOUND, ...) or problems (exit 2).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { fileURLToPath } from 'node:url';
import { METHOD_NAMES } from '../../main/contract';
import { createLab } from '../../main/engine/lab';
import { serve, type RunningServer } from '../../main/server/server';
import { validateScenarioBytes } from '../../main/scenario/validate';

// Methods that start or change something real are left out: the fuzzer must not run scenarios.
const SAFE = METHOD_NAMES.filter((m) => !['run.start', 'bench.run', 'system.remove'].includes(m));
const lab = createLab({ frontDoor: 'cli' });
let server: RunningServer;
beforeAll(async () => {
  server = await serve({ lab, staticDir: fileURLToPath(new URL('../../out/renderer', import.meta.url)), port: 0 });
});
afterAll(async () => {
  await server.close();
  await lab.close();
});

const json = fc.jsonValue({ maxDepth: 4 });

describe('contract messages', () => {
  it('any method name and arguments: an envelope, never a throw', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.constantFrom(...SAFE), fc.string()), fc.oneof(json, fc.object()), async (method, args) => {
        const reply = await lab.call(method, args);
        expect(typeof reply.ok).toBe('boolean');
        if (!reply.ok) expect(reply.error.code).toMatch(/^[A-Z_0-9]+$/);
      }),
      { numRuns: 300 },
    );
  });

  it('raw text over the WebSocket: a reply to each, the server still answers', async () => {
    const ws = await new Promise<WebSocket>((resolve, reject) => {
      const socket = new WebSocket(`ws://127.0.0.1:${server.port}/lab?token=${server.token}`);
      socket.once('open', () => resolve(socket));
      socket.once('error', reject);
    });
    const ask = (text: string) => new Promise<{ result: { ok: boolean } }>((resolve) => {
      ws.once('message', (data) => resolve(JSON.parse(data.toString()) as { result: { ok: boolean } }));
      ws.send(text);
    });
    const message = fc.oneof(
      fc.string(),
      json.map((v) => JSON.stringify(v)),
      fc.record({ id: fc.nat(), method: fc.constantFrom(...SAFE), args: json }).map((v) => JSON.stringify(v)),
    );
    await fc.assert(
      fc.asyncProperty(message, async (text) => {
        const reply = await ask(text);
        expect(typeof reply.result.ok).toBe('boolean');
      }),
      { numRuns: 300 },
    );
    expect((await ask(JSON.stringify({ id: 1, method: 'app.info', args: {} }))).result.ok).toBe(true);
    ws.close();
  });
});

describe('scenario files', () => {
  const step = fc.record({ op: fc.constantFrom('log', 'sleep', 'shm.read', 'repeat', 'pipe.write', 'signal.send', 'exit'), message: fc.string(), ms: fc.integer(), times: fc.integer(), object: fc.string() }, { requiredKeys: ['op'] });
  const scenario = fc.record({
    format: fc.oneof(fc.constant('process-lab/scenario@1'), fc.string()),
    title: fc.string(),
    objects: fc.array(fc.record({ id: fc.string(), kind: fc.constantFrom('shm', 'pipe', 'fifo', 'mailbox', 'semaphore', 'x'), size: fc.integer() }), { maxLength: 4 }),
    processes: fc.array(fc.record({ id: fc.string(), parent: fc.string(), program: fc.array(step, { maxLength: 6 }) }, { requiredKeys: ['id', 'program'] }), { maxLength: 4 }),
  }, { requiredKeys: [] });
  const bytes = fc.oneof(
    scenario.map((v) => new TextEncoder().encode(JSON.stringify(v))),
    json.map((v) => new TextEncoder().encode(JSON.stringify(v))),
    fc.uint8Array({ maxLength: 512 }),
    fc.string().map((s) => new TextEncoder().encode(s)),
  );

  it('any bytes: valid, or problems each at a pointer with a sentence; never a throw', () => {
    fc.assert(
      fc.property(bytes, (input) => {
        const result = validateScenarioBytes(input);
        if (!result.ok) {
          expect(result.problems.length).toBeGreaterThan(0);
          for (const problem of result.problems) {
            expect(typeof problem.pointer).toBe('string');
            expect(problem.message.length).toBeGreaterThan(0);
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});
