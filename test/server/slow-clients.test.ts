// A browser-mode page that does not read its socket while a run of very many steps is pushed
// (real engine, real server, real sockets on loopback): the server queues a bounded amount for
// it (main/server/slow-clients.ts), tells it what it missed once it reads again, even when no
// later batch of that run comes, and run.events has every event it missed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { RunEventsPush } from '../../main/contract';
import type { RunEvent } from '../../main/scenario/events';
import { createLab, type Lab } from '../../main/engine/lab';
import { serve, type RunningServer } from '../../main/server/server';
import { trackRun } from '../helpers/leaks';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const staticDir = fileURLToPath(new URL('../../out/renderer', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'plab-slow-client-'));
let lab: Lab;
let server: RunningServer;

beforeAll(async () => {
  lab = createLab({ frontDoor: 'browser', paths: { runsDir: join(root, 'runs'), runtimeDir: join(root, 'runtime') } });
  server = await serve({ lab, staticDir, port: 0 });
});
afterAll(async () => {
  await server.close();
  await lab.close();
  rmSync(root, { recursive: true, force: true });
});

/**
 * What a page that stops reading can hold the engine to: its 4 MiB bound, or one frame of at most
 * 8 MiB (WIRE_MAX_BYTES), plus the kernel's socket buffers on loopback (tcp_wmem and tcp_rmem, a
 * few MiB each); the frames after it reads again are small.
 */
const RECEIVED_CEILING = 16 * 1024 * 1024;

function connect(): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/lab?token=${server.token}`, { maxPayload: 64 * 1024 * 1024 });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

describe('a page that does not read during a run of very many steps', () => {
  it('costs the engine a bounded queue, is told what it missed once it reads again, and run.events has it all', async () => {
    // A real run of many steps; its events are then pushed through the real server, batch by
    // batch as the engine pushes them (the engine's own pacing is not what is tested here).
    const run = lab.runs().start({
      format: 'process-lab/scenario@1', title: 'many steps', objects: [],
      processes: [{ id: 'a', program: [{ op: 'repeat', times: 20, steps: [{ op: 'repeat', times: 1000, steps: [{ op: 'log', message: 'm'.repeat(2000) }] }] }] }],
    });
    trackRun(run.names);
    expect(await run.finished).toBe('completed');
    const events: RunEvent[] = [];
    for (let from = 0, done = false; !done; ) {
      const page = await lab.runs().events(run.runId, from, 10_000);
      events.push(...page.events);
      ({ next: from, done } = page);
    }
    expect(events.at(-1)!.type).toBe('run.end');

    const slow = await connect();
    const frames: Array<{ bytes: number; push?: RunEventsPush }> = [];
    slow.on('message', (data: Buffer) => {
      const frame = JSON.parse(data.toString()) as { event?: string; payload?: RunEventsPush };
      frames.push({ bytes: data.length, push: frame.event === 'run.events' ? frame.payload : undefined });
    });
    slow.pause(); // reads nothing from its TCP socket from now on
    let pushedBytes = 0;
    for (let from = 0; from < events.length; from += 200) {
      const batch: RunEventsPush = { runId: run.runId, events: events.slice(from, from + 200), from };
      pushedBytes += JSON.stringify(batch).length;
      server.push('run.events', batch);
      await new Promise((resolve) => setImmediate(resolve)); // the socket writes what it can
    }
    slow.resume();
    const mine = () => frames.filter((f) => f.push?.runId === run.runId);
    const last = () => mine().at(-1)?.push;
    for (let i = 0; i < 600 && !(last() && last()!.from! + last()!.events.length === events.length); i++) await new Promise((resolve) => setTimeout(resolve, 50));
    const received = frames.reduce((sum, f) => sum + f.bytes, 0);
    console.log(`slow page: received ${(received / 1048576).toFixed(1)} MiB of ${(pushedBytes / 1048576).toFixed(1)} MiB pushed (ceiling ${RECEIVED_CEILING / 1048576} MiB), ${events.length} events`);
    expect(pushedBytes).toBeGreaterThan(2 * RECEIVED_CEILING);
    expect(received).toBeLessThan(RECEIVED_CEILING);
    // Told what it missed, including the run's end, with no later batch of the run to carry it.
    const notices = mine().filter((f) => f.push!.missed);
    expect(notices.length).toBeGreaterThan(0);
    let expected = 0;
    for (const { push } of mine()) {
      expect(push!.from).toBe(expected + (push!.missed ?? 0));
      expected = push!.from! + push!.events.length;
    }
    expect(expected).toBe(events.length);
    // What it missed is there, run.end included, with run.events.
    const missedFrom = notices.at(-1)!.push!.from! - notices.at(-1)!.push!.missed!;
    const rest: RunEvent[] = [];
    for (let from = missedFrom, done = false; !done; ) {
      const page = await lab.runs().events(run.runId, from, 10_000);
      rest.push(...page.events);
      ({ next: from, done } = page);
    }
    expect(rest).toEqual(events.slice(missedFrom));
    slow.close();
  }, 120_000);
});
