// Object history with real processes and a real segment: object.state follows nattch and the
// bytes as the steps happen (sleeps between steps let the engine see each one at full speed),
// and a run with `expect` ends with its verdicts.
import { describe, expect, it } from 'vitest';
import { changedRanges } from '../../../main/engine/run/object-history';
import { presets } from '../../../main/presets';
import { ofType, runToEnd, scenario } from '../helpers';
import { fileEngine } from '../../helpers/file-engine';

const engine = fileEngine();

const pause = { op: 'sleep', ms: 150 };

describe('object.state', () => {
  it('records nattch 1 -> 2 -> 1 -> 0 and the bytes each write changed', async () => {
    const outcome = await runToEnd(engine, scenario(
      [
        { id: 'A', program: [{ op: 'shm.create', object: 'M' }, pause, { op: 'shm.attach', object: 'M' }, pause, { op: 'shm.write', object: 'M', offset: 0, value: 'hi' }, pause, { op: 'spawn', process: 'B' }, { op: 'wait', process: 'B' }, pause, { op: 'shm.detach', object: 'M' }, pause, { op: 'shm.destroy', object: 'M' }] },
        { id: 'B', parent: 'A', program: [{ op: 'shm.attach', object: 'M' }, pause, { op: 'shm.write', object: 'M', offset: 4, value: 42 }, pause, { op: 'shm.detach', object: 'M' }] },
      ],
      [{ id: 'M', kind: 'shm', size: 64 }],
    ));
    expect(outcome.status).toBe('completed');
    const states = ofType(outcome.events, 'object.state').filter((e) => e.object === 'M');
    const nattch = states.filter((e) => e.exists).map((e) => e.nattch);
    const distinct = nattch.filter((n, i) => i === 0 || n !== nattch[i - 1]);
    expect(distinct).toEqual([0, 1, 2, 1, 0]);
    const bytes = states.map((e) => e.bytes).filter((b): b is string => typeof b === 'string');
    expect(bytes[0]).toBe('00'.repeat(64));
    expect(bytes).toContain('6869' + '00'.repeat(62));
    expect(bytes).toContain('6869' + '0000' + '2a000000' + '00'.repeat(56));
    expect(states[states.length - 1].exists).toBe(false);
    // The creator's and the last attacher's PIDs are the run's own, never the engine's.
    const pids = new Set(ofType(outcome.events, 'process.start').map((e) => e.pid));
    for (const state of states.filter((e) => e.lpid)) expect(pids.has(state.lpid!)).toBe(true);
  });

  it('a segment IPC_RMID marks while attached stays, marked and attached, until its last detach removes it (issue 17, item 6)', async () => {
    // The destroy-while-attached preset's steps: Linux defers the removal (shmctl(2), SHM_DEST).
    const outcome = await runToEnd(engine, scenario([
      { id: 'A', program: [
        { op: 'shm.create', object: 'M' }, { op: 'shm.attach', object: 'M' }, { op: 'shm.destroy', object: 'M' }, pause,
        { op: 'shm.read', object: 'M', offset: 0 }, pause, { op: 'shm.detach', object: 'M' }, pause,
      ] },
    ], [{ id: 'M', kind: 'shm', size: 64 }]));
    expect(outcome.status).toBe('completed');
    const ofM = outcome.events.filter((e) => 'object' in e && e.object === 'M' && e.type.startsWith('object.'));
    const destroyEnd = ofType(outcome.events, 'step.end').find((e) => e.process === 'A' && e.op === 'shm.destroy')!;
    const detachEnd = ofType(outcome.events, 'step.end').find((e) => e.process === 'A' && e.op === 'shm.detach')!;
    expect(destroyEnd.result).toMatchObject({ nattch: 1, deferred: true });
    // Between the destroy and the detach the kernel still has it: marked, attached once.
    const between = ofM.filter((e) => e.t > destroyEnd.t && e.t < detachEnd.t);
    expect(between.map((e) => e.type)).not.toContain('object.removed');
    expect(between.some((e) => e.type === 'object.state' && e.exists && e.dest === true && e.nattch === 1)).toBe(true);
    // Removed once, after the last detach.
    const removed = ofM.filter((e) => e.type === 'object.removed');
    expect(removed).toHaveLength(1);
    expect(removed[0].t).toBeGreaterThanOrEqual(detachEnd.t);
    expect(removed[0]).toMatchObject({ kind: 'shm', shmid: destroyEnd.result!.shmid });
    // Nothing leaked: the kernel freed it at the detach.
    expect(ofType(outcome.events, 'run.end')[0].leaked).toEqual([]);
  });

  it('a segment destroyed with nobody attached is removed at the destroy', async () => {
    const outcome = await runToEnd(engine, scenario([
      { id: 'A', program: [{ op: 'shm.create', object: 'M' }, pause, { op: 'shm.destroy', object: 'M' }, pause] },
    ], [{ id: 'M', kind: 'shm', size: 64 }]));
    const destroyEnd = ofType(outcome.events, 'step.end').find((e) => e.op === 'shm.destroy')!;
    const removed = ofType(outcome.events, 'object.removed').filter((e) => e.object === 'M');
    expect(destroyEnd.result).toMatchObject({ nattch: 0, deferred: false });
    expect(removed).toHaveLength(1);
    expect(removed[0].t).toBeLessThanOrEqual(destroyEnd.t);
  });

  it('records who holds which end of a pipe, and the bytes queued', async () => {
    const outcome = await runToEnd(engine, scenario([
      { id: 'P', program: [{ op: 'pipe.create', object: 'p' }, pause, { op: 'write', object: 'p', data: 'hello' }, pause, { op: 'close', object: 'p', end: 'write' }, pause, { op: 'read', object: 'p' }, pause] },
    ], [{ id: 'p', kind: 'pipe' }]));
    expect(outcome.status).toBe('completed');
    const states = ofType(outcome.events, 'object.state').filter((e) => e.object === 'p' && e.exists);
    expect(states.some((e) => e.queued === 5 && e.holders!.length === 2)).toBe(true);
    expect(states.some((e) => e.queued === 5 && e.holders!.length === 1 && e.holders![0].end === 'read')).toBe(true);
    expect(states.some((e) => e.queued === 0 && e.holders!.length === 1)).toBe(true);
  });

  it('records CPU time climbing while a process polls', async () => {
    const outcome = await runToEnd(engine, scenario([{ id: 'spin', program: [{ op: 'compute', ms: 300 }] }]));
    const cpu = ofType(outcome.events, 'process.cpu').map((e) => e.cpuMs);
    expect(cpu.length).toBeGreaterThan(1);
    expect(cpu).toEqual([...cpu].sort((a, b) => a - b));
  });
});

describe('verdicts', () => {
  it('ends the SIGSEGV preset "as expected", with a verdict per expect entry', async () => {
    const preset = presets().find((p) => p.id === 'sigsegv-handler')!;
    const outcome = await runToEnd(engine, preset.scenario);
    expect(outcome.status).toBe('failed');
    const verdicts = ofType(outcome.events, 'verdict');
    expect(verdicts.map((v) => v.entry)).toEqual(['/expect/status', '/expect/processes/crasher', '/expect/logs/crasher', '/expect/counts/0']);
    expect(verdicts.every((v) => v.held)).toBe(true);
    const end = outcome.events[outcome.events.length - 1];
    expect(end).toMatchObject({ type: 'run.end', status: 'failed', asExpected: true });
  });
});

describe('changedRanges', () => {
  it('merges near changes and keeps far ones apart', () => {
    const a = new Uint8Array(256);
    const b = a.slice();
    b[3] = 1; b[10] = 2; b[200] = 3;
    expect(changedRanges(a, b)).toEqual([{ offset: 3, bytes: '01000000000000' + '02' }, { offset: 200, bytes: '03' }]);
    expect(changedRanges(a, a)).toEqual([]);
  });
});
