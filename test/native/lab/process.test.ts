// The lab process as the kernel sees it: one thread, named after the scenario's process id in
// /proc/PID/comm and in its argv (what `ps` shows), a C program's signal baseline, console output
// of any size without blocking, and the gate (held, stepped, slowed, released) reported as
// gate.wait/gate.pass and never taken for a deadlock.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { ofType, runToEnd, scenario, testEngine } from '../../engine/helpers';

const engine = testEngine();
afterAll(() => engine.dispose());

const until = async (condition: () => boolean, ms = 60_000) => {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('the lab process', () => {
  it('is one thread named after its process id, with a C program\'s signal baseline', async () => {
    const run = engine.manager.start(scenario([{ id: 'master', program: [{ op: 'sleep', ms: 1500 }] }]));
    await until(() => run.events.some((e) => e.type === 'step.begin'));
    const pid = ofType(run.events, 'process.start')[0].pid;
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const comm = readFileSync(`/proc/${pid}/comm`, 'utf8');
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    const exe = readFileSync(`/proc/${pid}/stat`, 'utf8');
    run.stop();
    await run.finished;
    expect(status).toMatch(/^Threads:\s+1$/m);
    expect(comm).toBe('master\n');
    expect(cmdline).toBe('master\0');
    expect(exe).toContain('(master)');
    for (const field of ['SigBlk', 'SigIgn', 'SigCgt', 'SigPnd', 'ShdPnd']) expect(status, field).toMatch(new RegExp(`^${field}:\\s+0+$`, 'm'));
  });

  it('logs 100 000 bytes in one step without blocking, all of it on the console', async () => {
    const message = 'x'.repeat(99_999);
    const outcome = await runToEnd(engine, scenario([{ id: 'a', program: [{ op: 'log', message }, { op: 'log', message: 'after' }] }]));
    expect(outcome.status).toBe('completed');
    // The whole line reached the console; the event carries a prefix, its length and its digest
    // (the per-event bound, README "Per-run bounds").
    const outputs = ofType(outcome.events, 'process.output');
    expect(outputs.map((e) => (e.textLength as number | undefined) ?? Buffer.byteLength(e.text as string))).toEqual([100_000, 6]);
    expect(outputs[0].textDigest).toBe(`sha256:${createHash('sha256').update(`${message}\n`).digest('hex')}`);
    expect(`${message}\n`.startsWith(outputs[0].text as string)).toBe(true);
    expect(outputs[1].text).toBe('after\n');
  });

  it('waits at its gate when the lab holds it: one step per step(), slow motion, then full speed', async () => {
    const run = engine.manager.start(scenario([
      { id: 'a', program: [{ op: 'sleep', ms: 200 }, { op: 'pipe.create', object: 'p' }, { op: 'log', message: 'one' }, { op: 'log', message: 'two' }, { op: 'log', message: 'three' }, { op: 'log', message: 'four' }] },
    ], [{ id: 'p', kind: 'pipe' }], { limits: { timeoutMs: 120_000 } }));
    // Held from now on: the process stops before its next step (the first, or the one after a
    // step it had begun already).
    run.holdAll();
    await until(() => ofType(run.events, 'gate.wait').length === 1);
    const held = ofType(run.events, 'gate.wait')[0].index;
    const endsBefore = ofType(run.events, 'step.end').length;
    expect(run.atGates()).toEqual({ a: held });
    // Held long past the deadlock check's patience: a process at the gate is never deadlocked.
    await new Promise((r) => setTimeout(r, 1500));
    expect(run.status).toBeUndefined();
    expect(run.events.some((e) => e.type === 'deadlock')).toBe(false);
    expect(ofType(run.events, 'step.end')).toHaveLength(endsBefore);
    run.step('a');
    await until(() => ofType(run.events, 'gate.wait').length === 2);
    expect(ofType(run.events, 'step.end')).toHaveLength(endsBefore + 1);
    expect(ofType(run.events, 'gate.pass')[0]).toMatchObject({ process: 'a', index: held });
    run.slow(50);
    await until(() => ofType(run.events, 'step.end').length === endsBefore + 3);
    run.release();
    expect(await run.finished).toBe('completed');
    const order = run.events.filter((e) => 'process' in e && e.process === 'a' && (e.type === 'gate.wait' || e.type === 'gate.pass' || e.type === 'step.begin')).map((e) => e.type);
    const first = order.indexOf('gate.wait');
    expect(order.slice(first, first + 4)).toEqual(['gate.wait', 'gate.pass', 'step.begin', 'gate.wait']);
    expect(ofType(run.events, 'step.end')).toHaveLength(6);
  }, 120_000);
});
