// The supervisor with real processes: kernel states, stop, pause, timeout, deadlock reasons,
// kill -9 of a worker, refused input, and signals only to the run's own processes.
import { describe, expect, it } from 'vitest';
import { addon } from '../../main/native/addon';
import { createLab } from '../../main/engine/lab';
import { LabFailure } from '../../main/contract';
import { ofType, runToEnd, scenario } from './helpers';
import { fileEngine } from '../helpers/file-engine';

const engine = fileEngine();

const until = async (condition: () => boolean, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('kernel states', () => {
  it('shows a blocked reader sleeping (S) on its pipe, then the data that crossed', async () => {
    const outcome = await runToEnd(engine, scenario(
      [
        // The child says it is ready first: a worker's start takes its time on a busy machine.
        { id: 'parent', program: [{ op: 'pipe.create', object: 'p' }, { op: 'spawn', process: 'child' }, { op: 'close', object: 'p', end: 'read' }, { op: 'receive', from: { process: 'child' } }, { op: 'sleep', ms: 600 }, { op: 'write', object: 'p', data: 'late' }, { op: 'close', object: 'p', end: 'write' }, { op: 'wait', process: 'child' }] },
        { id: 'child', parent: 'parent', program: [{ op: 'close', object: 'p', end: 'write' }, { op: 'send', to: { process: 'parent' }, data: 'ready' }, { op: 'read', object: 'p', label: 'blocked read' }] },
      ],
      [{ id: 'p', kind: 'pipe' }],
    ));
    expect(outcome.status).toBe('completed');
    const states = ofType(outcome.events, 'process.state').filter((e) => e.process === 'child');
    expect(states.some((e) => e.state === 'S' && e.waitingOn === 'reading p')).toBe(true);
    const read = ofType(outcome.events, 'step.end').find((e) => e.label === 'blocked read')!;
    expect(read.result).toEqual({ bytes: 4, data: 'late' });
    // Causal, not timed: the read ends only after the parent's write began.
    const write = ofType(outcome.events, 'step.begin').find((e) => e.process === 'parent' && e.op === 'write')!;
    expect(read.t).toBeGreaterThan(write.t);
    const begin = ofType(outcome.events, 'step.begin').find((e) => e.label === 'blocked read')!;
    expect(begin.call).toMatch(/^read\(/);
  });

  it('shows a zombie (Z) until its parent waits', async () => {
    const outcome = await runToEnd(engine, scenario([
      { id: 'parent', program: [{ op: 'spawn', process: 'child' }, { op: 'sleep', ms: 800 }, { op: 'wait', process: 'child' }] },
      { id: 'child', parent: 'parent', program: [{ op: 'exit', code: 7 }] },
    ]));
    const zombie = ofType(outcome.events, 'process.state').findIndex((e) => e.process === 'child' && e.state === 'Z');
    const waited = outcome.events.findIndex((e) => e.type === 'step.end' && e.op === 'wait');
    expect(zombie).toBeGreaterThanOrEqual(0);
    expect(outcome.events.indexOf(ofType(outcome.events, 'process.state').filter((e) => e.process === 'child' && e.state === 'Z')[0])).toBeLessThan(waited);
    expect(ofType(outcome.events, 'process.exit').find((e) => e.process === 'child')).toMatchObject({ code: 7 });
    expect(outcome.status).toBe('failed'); // a process exited non-zero
  });

  it('stops (T) and continues a process, and pauses the whole run', async () => {
    const run = engine.manager.start(scenario([{ id: 'a', program: [{ op: 'sleep', ms: 1500 }] }]));
    await until(() => ofType(run.events, 'process.state').some((e) => e.state === 'S'));
    run.pause('a');
    await until(() => ofType(run.events, 'process.state').some((e) => e.state === 'T'));
    expect(ofType(run.events, 'signal.delivered')).toContainEqual(expect.objectContaining({ signal: 'SIGSTOP', disposition: 'stop' }));
    run.resume();
    expect(await run.finished).toBe('completed');
    expect(ofType(run.events, 'signal.sent').map((e) => `${e.from}>${e.signal}`)).toEqual(['lab>SIGSTOP', 'lab>SIGCONT']);
  });
});

describe('the end of a run', () => {
  it('times out, killing what is left', async () => {
    const outcome = await runToEnd(engine, scenario([{ id: 'a', program: [{ op: 'sleep', ms: 20_000 }] }]), 700);
    expect(outcome.status).toBe('timeout');
    expect(ofType(outcome.events, 'process.exit')[0]).toMatchObject({ process: 'a', signal: 'SIGKILL' });
  });

  it('stops on request (SIGTERM first)', async () => {
    const run = engine.manager.start(scenario([{ id: 'a', program: [{ op: 'sleep', ms: 20_000 }] }]));
    await until(() => ofType(run.events, 'process.start').length === 1);
    run.stop();
    expect(await run.finished).toBe('stopped');
    expect(ofType(run.events, 'process.exit')[0]).toMatchObject({ signal: 'SIGTERM' });
  });

  it('explains a deadlock, for each process', async () => {
    const outcome = await runToEnd(engine, scenario(
      [{ id: 'B', program: [{ op: 'pipe.create', object: 'p1' }, { op: 'read', object: 'p1' }] }],
      [{ id: 'p1', kind: 'pipe' }],
    ));
    expect(outcome.status).toBe('deadlock');
    const deadlock = ofType(outcome.events, 'deadlock')[0];
    expect(deadlock.processes[0].why).toBe("B is reading p1; the only write end of p1 still open is B's own");
  });

  it('survives a kill -9 of a worker: the run fails and its objects are removed and reported', async () => {
    const run = engine.manager.start(scenario(
      [{ id: 'victim', program: [{ op: 'shm.create', object: 'M' }, { op: 'sleep', ms: 20_000 }] }],
      [{ id: 'M', kind: 'shm', size: 64 }],
    ));
    await until(() => ofType(run.events, 'object.created').some((e) => e.object === 'M'));
    const pid = ofType(run.events, 'process.start')[0].pid;
    addon().kill(pid, 'SIGKILL');
    expect(await run.finished).toBe('failed');
    const end = ofType(run.events, 'run.end')[0];
    expect(end.leaked).toEqual([expect.objectContaining({ object: 'M', kind: 'shm' })]);
    expect(ofType(run.events, 'process.exit')[0]).toMatchObject({ signal: 'SIGKILL' });
  });
});

describe('refusals', () => {
  it('refuses a malformed scenario with every problem as a pointer', () => {
    let failure: unknown;
    try {
      engine.manager.start(scenario([{ id: 'a', program: [{ op: 'shm.write', object: 'nope', offset: 0, value: 1 }, { op: 'frobnicate' }] }]));
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(LabFailure);
    expect((failure as LabFailure).code).toBe('INVALID_SCENARIO');
    const pointers = ((failure as LabFailure).details as Array<{ pointer: string }>).map((p) => p.pointer);
    expect(pointers).toContain('/processes/0/program/1/op');
    expect(pointers.some((p) => p.startsWith('/processes/0/program/0'))).toBe(true);
  });

  it('sends signals only to processes of the run', async () => {
    const lab = createLab({ frontDoor: 'cli', paths: { runsDir: `${engine.root}/lab-runs`, runtimeDir: `${engine.root}/lab-runtime` } });
    try {
      const started = await lab.call('run.start', { scenario: scenario([{ id: 'a', program: [{ op: 'sleep', ms: 1500 }] }]) });
      expect(started.ok).toBe(true);
      const runId = (started as { value: { runId: string } }).value.runId;
      const run = lab.runs().get(runId);
      await until(() => ofType(run.events, 'process.start').length === 1);
      for (const pid of [1, process.pid, 999_999]) {
        const refused = await lab.call('run.signal', { runId, pid, signal: 'SIGTERM' });
        expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      }
      expect(await lab.call('run.signal', { runId, process: 'ghost', signal: 'SIGTERM' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      expect(await lab.call('run.signal', { runId, process: 'a', signal: 'SIGBOGUS' })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
      const pid = ofType(run.events, 'process.start')[0].pid;
      expect(await lab.call('run.signal', { runId, pid, signal: 'SIGUSR1' })).toMatchObject({ ok: true, value: { pid } });
      expect(await run.finished).toBe('failed'); // SIGUSR1's default action terminates
    } finally {
      await lab.close();
    }
  });
});
