// Time control with real lab processes: step mode (the user is the scheduler: nattch 1 -> 2 ->
// 1 -> 0 and the bytes between steps), a blocked process that cannot be stepped, breakpoints,
// and slow mode measured by the events' own timestamps.
import { describe, expect, it } from 'vitest';
import { presets } from '../../../main/presets';
import type { Run } from '../../../main/engine/run/supervisor';
import { UNWATCHED_GRACE_MS } from '../../../main/engine/run/hold-clock';
import type { RunEvent } from '../../../main/scenario/events';
import { processIds, remainingObjects, survivors } from '../../helpers/run-objects';
import { ofType, scenario } from '../helpers';
import { until } from '../../helpers/until';
import { fileEngine } from '../../helpers/file-engine';

const engine = fileEngine();

/** Gate waits not yet passed, per process: who is held before which step. */
function heldAtGate(events: readonly RunEvent[]): Map<string, number[]> {
  const held = new Map<string, number[]>();
  for (const e of events) {
    if (e.type === 'gate.wait') held.set(e.process, e.index);
    else if (e.type === 'gate.pass' || e.type === 'process.exit') held.delete(e.process);
  }
  return held;
}

/** Steps `process` once and waits for that step's end (`blocks`: it may never end). */
async function stepOnce(run: Run, process: string, blocks = false): Promise<void> {
  const ends = () => ofType(run.events, 'step.end').filter((e) => e.process === process).length;
  const before = ends();
  run.step(process);
  if (!blocks) await until(() => ends() > before, `${process}'s step to end`);
  await new Promise((r) => setTimeout(r, 80)); // an engine tick: the object's figures after the step
}

describe('step mode', () => {
  it('steps master/slave one call at a time: nattch 1 -> 2 -> 1 -> 0, the bytes as each write left them', async () => {
    const preset = presets().find((p) => p.id === 'master-slave')!;
    const run = engine.manager.start(preset.scenario, undefined, undefined, { mode: 'step' });
    const nattch = () => ofType(run.events, 'object.state').filter((e) => e.object === 'M' && e.exists).map((e) => e.nattch).pop();
    const bytes = () => ofType(run.events, 'object.state').filter((e) => e.object === 'M' && typeof e.bytes === 'string').map((e) => e.bytes as string).pop();
    await until(() => heldAtGate(run.events).get('master')?.[0] === 0, 'master at its first gate');
    expect(ofType(run.events, 'step.begin')).toHaveLength(0); // held before its first step
    for (let i = 0; i < 2; i++) await stepOnce(run, 'master'); // shm.create, shm.attach
    expect(nattch()).toBe(1);
    for (let i = 0; i < 4; i++) await stepOnce(run, 'master'); // clear flag, message, log, spawn
    expect(bytes()!.slice(16, 16 + 34)).toBe(Buffer.from('hello from master').toString('hex'));
    await until(() => heldAtGate(run.events).get('slave')?.[0] === 0, 'slave at its first gate');
    await stepOnce(run, 'slave'); // shm.attach
    expect(nattch()).toBe(2);
    await stepOnce(run, 'slave'); // read message
    await stepOnce(run, 'slave'); // sleep: work on it
    const beforeReply = bytes();
    await stepOnce(run, 'slave'); // write reply 42 at offset 4
    expect(bytes()).not.toBe(beforeReply);
    expect(bytes()!.slice(8, 16)).toBe('2a000000');
    await stepOnce(run, 'slave'); // set flag
    await stepOnce(run, 'slave'); // detach
    expect(nattch()).toBe(1);
    await stepOnce(run, 'master'); // the flag is set: the poll ends
    await until(() => heldAtGate(run.events).get('master')?.[0] === 7, 'master before its read');
    for (let i = 0; i < 4; i++) await stepOnce(run, 'master'); // read reply, log, wait, detach
    expect(nattch()).toBe(0);
    run.setTime({ mode: 'run' });
    expect(await run.finished).toBe('completed');
  });

  it('refuses to step a process blocked in the kernel, saying on what and who could release it', async () => {
    const run = engine.manager.start(scenario([
      { id: 'R', program: [{ op: 'pipe.create', object: 'p' }, { op: 'spawn', process: 'W' }, { op: 'close', object: 'p', end: 'write' }, { op: 'read', object: 'p' }, { op: 'wait', process: 'W' }] },
      { id: 'W', parent: 'R', program: [{ op: 'close', object: 'p', end: 'read' }, { op: 'write', object: 'p', data: 'x' }] },
    ], [{ id: 'p', kind: 'pipe' }]), undefined, undefined, { mode: 'step' });
    await until(() => heldAtGate(run.events).has('R'), 'R at its gate');
    for (let i = 0; i < 3; i++) await stepOnce(run, 'R');
    await stepOnce(run, 'R', true); // the read blocks in the kernel: W is held before its first step
    await until(() => ofType(run.events, 'step.begin').some((e) => e.process === 'R' && e.op === 'read'), 'R in its read');
    await new Promise((r) => setTimeout(r, 100));
    expect(() => run.step('R')).toThrow(/R is blocked in the kernel, reading p: it cannot be stepped until W releases it/);
    run.setTime({ mode: 'run' });
    expect(await run.finished).toBe('completed');
  });
});

describe('a held run nobody can step', () => {
  it('is listed as running with its time settings, and ends at its timeout once no page can step it, leaving nothing', async () => {
    const preset = presets().find((p) => p.id === 'master-slave')!;
    engine.manager.unwatchedGraceMs = 1000;
    const run = engine.manager.start(preset.scenario, 1500, undefined, { mode: 'step', breakpoints: [{ process: 'slave', index: [3] }] });
    engine.manager.unwatchedGraceMs = UNWATCHED_GRACE_MS;
    await until(() => heldAtGate(run.events).has('master'), 'master at its gate');
    await stepOnce(run, 'master'); // shm.create: there is an object to clean up
    const pids = processIds(run.events);
    expect((await engine.manager.list()).find((s) => s.runId === run.runId)).toMatchObject({
      status: 'running', time: { mode: 'step', slowMs: 0, breakpoints: [{ process: 'slave', index: [3] }] },
    });
    // The page went away (browser mode: its last socket closed): held time counts again once
    // the grace for a page to come back is over (shortened here from 5 minutes).
    engine.manager.setWatched(false);
    try {
      expect(await run.finished).toBe('timeout');
    } finally {
      engine.manager.setWatched(true);
    }
    expect(survivors(pids)).toEqual([]);
    expect(remainingObjects(run.events)).toEqual([]);
    expect((await engine.manager.list()).find((s) => s.runId === run.runId)).toMatchObject({ status: 'timeout' });
    expect((await engine.manager.list()).find((s) => s.runId === run.runId)?.time).toBeUndefined();
  });

  it('is still there, held, for a page that comes back within the grace, past its timeout', async () => {
    const preset = presets().find((p) => p.id === 'master-slave')!;
    const run = engine.manager.start(preset.scenario, 1000, undefined, { mode: 'step' });
    await until(() => heldAtGate(run.events).has('master'), 'master at its gate');
    engine.manager.setWatched(false); // the tab is closed...
    await new Promise((r) => setTimeout(r, 2500)); // ...for longer than the run's whole timeout
    engine.manager.setWatched(true); // and opened again
    expect(run.status).toBeUndefined();
    run.setTime({ mode: 'run' });
    expect(await run.finished).toBe('completed');
  });
});

describe('breakpoints', () => {
  it('stop the slave before its write until it is let go on', async () => {
    const preset = presets().find((p) => p.id === 'master-slave')!;
    const run = engine.manager.start(preset.scenario, undefined, undefined, { breakpoints: [{ process: 'slave', index: [3] }] });
    await until(() => ofType(run.events, 'breakpoint.hit').length > 0, 'the breakpoint');
    const hit = ofType(run.events, 'breakpoint.hit')[0];
    expect(hit).toMatchObject({ process: 'slave', index: [3] });
    await new Promise((r) => setTimeout(r, 200));
    const slaveSteps = ofType(run.events, 'step.end').filter((e) => e.process === 'slave').map((e) => e.index[0]);
    expect(slaveSteps).toEqual([0, 1, 2]); // the write reply (index 3) has not happened
    expect(run.stoppedAtBreakpoints()).toEqual([{ process: 'slave', index: [3] }]);
    run.step('slave');
    expect(await run.finished).toBe('completed');
    expect(ofType(run.events, 'step.end').filter((e) => e.process === 'slave').map((e) => e.index[0])).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('Continue from a whole-run stop (step mode, step the stopped process, full speed) is not lost before it passes its gate', async () => {
    // The page's Continue: run.step then run.time, the second before the process (on a busy
    // machine) has taken its step at the gate. Changing the mode must keep that step: it once
    // reset the gate, and the engine stopped A at the same breakpoint again, for ever.
    const run = engine.manager.start(scenario([
      { id: 'A', program: [{ op: 'log', message: 'A starts' }, { op: 'log', message: 'A done' }] },
      { id: 'B', program: [{ op: 'repeat', times: 20, steps: [{ op: 'sleep', ms: 20 }] }] },
    ]), undefined, undefined, { breakpoints: [{ process: 'A', index: [1] }] });
    await until(() => ofType(run.events, 'breakpoint.hit').length > 0, 'the breakpoint');
    run.setTime({ mode: 'step' });
    await until(() => heldAtGate(run.events).has('B'), 'B at its gate');
    // SIGSTOP stands for the busy machine: A cannot take its step until the mode has changed.
    run.pause('A');
    expect(run.step('A')).toEqual(['A']);
    run.setTime({ mode: 'run' });
    run.resume('A');
    try {
      await until(() => ofType(run.events, 'process.exit').some((e) => e.process === 'A'), 'A to go on and end');
    } finally {
      if (!ofType(run.events, 'process.exit').some((e) => e.process === 'A')) run.stop(); // held for ever: end the run
    }
    expect(await run.finished).toBe('completed');
    expect(ofType(run.events, 'breakpoint.hit')).toHaveLength(1);
  });
});

describe('slow mode', () => {
  it('holds each step at the gate for the given time (read from the events\' timestamps)', async () => {
    const run = engine.manager.start(scenario([{ id: 'S', program: [{ op: 'log', message: 'a' }, { op: 'log', message: 'b' }, { op: 'log', message: 'c' }] }]), undefined, undefined, { mode: 'slow', slowMs: 200 });
    expect(await run.finished).toBe('completed');
    const waits = ofType(run.events, 'gate.wait');
    const passes = ofType(run.events, 'gate.pass');
    expect(waits).toHaveLength(3);
    expect(passes).toHaveLength(3);
    for (let i = 0; i < 3; i++) expect(passes[i].t - waits[i].t).toBeGreaterThanOrEqual(200e6);
    const begins = ofType(run.events, 'step.begin');
    expect(begins[2].t - begins[0].t).toBeGreaterThanOrEqual(400e6);
  });
});

describe('slow mode and the timeout', () => {
  it('does not turn a preset into a timeout: slow holds are left out of the timeout, as step holds are', async () => {
    const preset = presets().find((p) => p.id === 'master-slave')!;
    // Each step held 400 ms: the holds alone last far longer than the 1 s timeout.
    const run = engine.manager.start(preset.scenario, 1000, undefined, { mode: 'slow', slowMs: 400 });
    expect(await run.finished).toBe('completed');
    expect(ofType(run.events, 'gate.wait').length).toBeGreaterThan(3);
    expect(survivors(processIds(run.events))).toEqual([]);
    expect(remainingObjects(run.events)).toEqual([]);
  });

  it('still times out a scenario stuck in its own time (a step that never ends), and leaves nothing', async () => {
    const stuck = scenario([{ id: 'S', program: [{ op: 'log', message: 'a' }, { op: 'sleep', ms: 60_000 }, { op: 'log', message: 'b' }] }]);
    const run = engine.manager.start(stuck, 800, undefined, { mode: 'slow', slowMs: 200 });
    expect(await run.finished).toBe('timeout');
    expect(ofType(run.events, 'step.end').filter((e) => e.process === 'S').map((e) => e.index[0])).toEqual([0]);
    expect(survivors(processIds(run.events))).toEqual([]);
  });
});

describe('busy waiting, made visible', () => {
  it("master/slave in slow mode: the master's CPU climbs while it spins on the flag, as the lecture's while loop does", async () => {
    const masterSlave = presets().find((p) => p.id === 'master-slave')!.scenario;
    const run = engine.manager.start(masterSlave, undefined, undefined, { mode: 'slow', slowMs: 100 });
    expect(await run.finished).toBe('completed');
    const spin = ofType(run.events, 'step.begin').find((e) => e.process === 'master' && e.op === 'shm.waitUntil')!;
    const spun = ofType(run.events, 'step.end').find((e) => e.process === 'master' && e.op === 'shm.waitUntil')!;
    const cpu = ofType(run.events, 'process.cpu').filter((e) => e.process === 'master' && e.t > spin.t && e.t <= spun.t + 100e6);
    // The slave's steps are held 100 ms each meanwhile: the master burns CPU (R), never sleeps.
    expect(cpu.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < cpu.length; i++) expect(cpu[i].cpuMs).toBeGreaterThan(cpu[i - 1].cpuMs);
    expect((spun.result as { polls: number }).polls).toBeGreaterThan(1000);
  });
});
