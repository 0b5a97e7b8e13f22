// The engine's own figures (issue 4): worker start to first step (p50, p95), resident memory
// of an idle worker, events per second from workers to a subscriber with nothing dropped, and
// the cost of an interpreted step over the bare addon call. Prints; asserts only correctness.
import { readFileSync } from 'node:fs';
import { afterAll, expect, it } from 'vitest';
import { addon } from '../../main/native/addon';
import type { RunEvent } from '../../main/scenario/events';
import { runToEnd, scenario, testEngine } from '../engine/helpers';

const engine = testEngine();
afterAll(() => engine.dispose());

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const ms = (ns: number) => (ns / 1e6).toFixed(1);
const figures: string[] = [];

it('worker start to first step', async () => {
  const samples: number[] = [];
  for (let i = 0; i < 25; i++) {
    const outcome = await runToEnd(engine, scenario([{ id: 'a', program: [{ op: 'log', message: 'x' }] }]));
    const start = outcome.events.find((e) => e.type === 'run.start')!.t;
    const first = outcome.events.find((e) => e.type === 'step.begin')!.t;
    samples.push(first - start);
  }
  figures.push(`worker start -> first step: p50 ${ms(percentile(samples, 50))} ms, p95 ${ms(percentile(samples, 95))} ms (25 runs; target p50 <= 60 ms)`);
});

it('resident memory of an idle worker', async () => {
  const run = engine.manager.start(scenario([{ id: 'a', program: [{ op: 'sleep', ms: 1500 }] }]));
  while (!run.events.some((e) => e.type === 'step.begin')) await new Promise((r) => setTimeout(r, 20));
  await new Promise((r) => setTimeout(r, 300));
  const pid = run.events.find((e) => e.type === 'process.start')!.pid as number;
  const rss = Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)![1]) / 1024;
  await run.finished;
  figures.push(`idle worker resident memory: ${rss.toFixed(1)} MB (target <= 40 MB)`);
});

it('events per second from a worker to a subscriber, none dropped', async () => {
  const n = 50_000;
  const received: RunEvent[] = [];
  const run = engine.manager.start(scenario([{ id: 'a', program: [{ op: 'repeat', times: n, steps: [{ op: 'compute', ms: 0 }] }] }], [], { limits: { timeoutMs: 600_000 } }), undefined, (e) => received.push(e));
  await run.finished;
  const steps = received.filter((e) => e.type === 'step.begin' || e.type === 'step.end');
  expect(steps.length).toBe(2 * (n + 1)); // every begin and end of every step, repeat included
  const first = steps[0].t;
  const last = steps[steps.length - 1].t;
  figures.push(`events to a subscriber: ${Math.round(steps.length / ((last - first) / 1e9)).toLocaleString('en')} events/s, ${steps.length} of ${2 * (n + 1)} received (target >= 100 000/s)`);
});

it('an interpreted step against the bare addon call', async () => {
  const n = 20_000;
  const outcome = await runToEnd(engine, scenario(
    [{ id: 'a', program: [{ op: 'shm.create', object: 'M' }, { op: 'shm.attach', object: 'M' }, { op: 'repeat', times: n, steps: [{ op: 'shm.read', object: 'M', offset: 0 }] }, { op: 'shm.detach', object: 'M' }, { op: 'shm.destroy', object: 'M' }] }],
    [{ id: 'M', kind: 'shm', size: 64 }],
    { limits: { timeoutMs: 600_000 } },
  ));
  const reads = outcome.events.filter((e) => e.type === 'step.begin' && e.op === 'shm.read');
  const perStep = (reads[reads.length - 1].t - reads[0].t) / (reads.length - 1);
  const native = addon();
  const shmid = native.shmGet(0, 64, { create: true, mode: 0o600 });
  const handle = native.shmAttach(shmid);
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) native.memLoad(handle, 0);
  const bare = Number(process.hrtime.bigint() - t0) / n;
  native.shmDetach(handle);
  native.shmRemove(shmid);
  figures.push(`one interpreted shm.read step: ${(perStep / 1000).toFixed(2)} us; the bare addon call: ${(bare / 1000).toFixed(3)} us (x${(perStep / bare).toFixed(0)})`);
  console.log(`\nProcess Lab engine benchmark (${new Date().toISOString()}):\n  ${figures.join('\n  ')}\n`);
});
