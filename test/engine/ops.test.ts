// Ops the presets do not already exercise, each in a real run with its observable effect. The
// scenarios are constants, so the coverage check reads them, not whichever tests ran before it.
import { describe, expect, it } from 'vitest';
import { presets } from '../../main/presets';
import { OPS, type Step } from '../../main/scenario/schema';
import { walkSteps } from '../../main/scenario/walk';
import { ofType, runToEnd, scenario } from './helpers';
import { fileEngine } from '../helpers/file-engine';

/** Integer division by zero traps on x86 (#DE: SIGFPE); arm64 has no such trap and yields 0. */
const DIVISION_TRAPS = process.arch === 'x64' || process.arch === 'ia32';

const POSIX_SHM = scenario(
  [{ id: 'a', program: [
    { op: 'shm.create', object: 'P' },
    { op: 'shm.attach', object: 'P' },
    { op: 'shm.write', object: 'P', offset: 8, value: 'hi', label: 'write text' },
    { op: 'shm.write', object: 'P', offset: 0, value: 2.5, type: 'f64' },
    { op: 'shm.read', object: 'P', offset: 0, type: 'f64', label: 'f64' },
    { op: 'shm.read', object: 'P', offset: 8, length: 2, label: 'text' },
    { op: 'shm.add', object: 'P', offset: 16, delta: 5, atomic: true, label: 'add' },
    { op: 'shm.read', object: 'P', offset: 16, label: 'sum' },
    { op: 'shm.detach', object: 'P' },
    { op: 'shm.read', object: 'P', offset: 0, label: 'after detach', onError: 'continue' },
    { op: 'shm.destroy', object: 'P' },
  ] }],
  [{ id: 'P', kind: 'shm', size: 64, flavor: 'posix' }],
);

const MAILBOX_SEM_STREAM = scenario(
  [{ id: 'a', program: [
    { op: 'mailbox.create', object: 'Q' },
    { op: 'send', to: { mailbox: 'Q' }, data: [1, 2, 255] },
    { op: 'receive', from: { mailbox: 'Q' }, label: 'bytes' },
    { op: 'receive', from: { mailbox: 'Q' }, blocking: false, label: 'empty', onError: 'continue' },
    { op: 'mailbox.destroy', object: 'Q' },
    { op: 'sem.create', object: 'S' },
    { op: 'sem.wait', object: 'S' },
    { op: 'sem.wait', object: 'S', blocking: false, label: 'trywait', onError: 'continue' },
    { op: 'sem.post', object: 'S' },
    { op: 'sem.destroy', object: 'S' },
    { op: 'pipe.create', object: 'p' },
    { op: 'read', object: 'p', blocking: false, label: 'nothing yet', onError: 'continue' },
    { op: 'fifo.create', object: 'F' },
    { op: 'fifo.open', object: 'F', end: 'write', blocking: false, label: 'no reader', onError: 'continue' },
  ] }],
  [{ id: 'Q', kind: 'mailbox', flavor: 'sysv' }, { id: 'S', kind: 'semaphore', initial: 1 }, { id: 'p', kind: 'pipe' }, { id: 'F', kind: 'fifo' }],
);

// unlink(2) on a FIFO: the name goes at once (a second unlink: ENOENT, as in C), the ends already
// open keep carrying data, and nothing is left for the run's leak check.
const FIFO_UNLINK = scenario(
  [{ id: 'a', program: [
    { op: 'fifo.create', object: 'F' },
    { op: 'fifo.open', object: 'F', end: 'read', blocking: false },
    { op: 'fifo.open', object: 'F', end: 'write', blocking: false },
    { op: 'fifo.unlink', object: 'F', label: 'unlink' },
    { op: 'fifo.unlink', object: 'F', label: 'again', onError: 'continue' },
    { op: 'write', object: 'F', data: 'still here', blocking: false },
    { op: 'read', object: 'F', blocking: false, label: 'after unlink' },
    { op: 'close', object: 'F', end: 'write' },
    { op: 'read', object: 'F', blocking: false, label: 'eof' },
    { op: 'close', object: 'F', end: 'read' },
  ] }],
  [{ id: 'F', kind: 'fifo' }],
);

const MASK_RAISE_REPEAT_FAULT = scenario(
  [{ id: 'a', program: [
    { op: 'signal.handle', signal: 'SIGUSR1', action: 'handler', steps: [{ op: 'log', message: 'handled' }] },
    { op: 'signal.mask', block: ['SIGUSR1'] },
    { op: 'signal.raise', signal: 'SIGUSR1' },
    { op: 'log', message: 'still blocked' },
    { op: 'signal.mask', unblock: ['SIGUSR1'], label: 'unblock' },
    { op: 'repeat', times: 3, steps: [{ op: 'compute', ms: 5, label: 'work' }] },
    { op: 'fault', kind: 'fpe', label: 'divide' },
  ] }],
);

/** Every scenario this file runs. */
/** socketpair(2) between parent and child; shutdown(SHUT_WR) gives the reader end-of-file. */
const SOCKETPAIR_SHUTDOWN = scenario(
  [
    { id: 'parent', program: [
      { op: 'socket.pair', object: 'P' },
      { op: 'spawn', process: 'child' },
      { op: 'socket.close', object: 'P', end: 'connection' },
      { op: 'socket.send', object: 'P', data: 'hi' },
      { op: 'socket.shutdown', object: 'P', how: 'write', label: 'shut' },
      { op: 'wait', process: 'child' },
      { op: 'socket.close', object: 'P' },
    ] },
    { id: 'child', parent: 'parent', program: [
      { op: 'socket.close', object: 'P', end: 'socket' },
      { op: 'socket.recv', object: 'P', label: 'data' },
      { op: 'socket.recv', object: 'P', label: 'eof' },
      { op: 'socket.close', object: 'P' },
    ] },
  ],
  [{ id: 'P', kind: 'socket', type: 'stream' }],
);

const SCENARIOS = [POSIX_SHM, MAILBOX_SEM_STREAM, FIFO_UNLINK, MASK_RAISE_REPEAT_FAULT, SOCKETPAIR_SHUTDOWN];

const engine = fileEngine();

const ends = (events: Awaited<ReturnType<typeof runToEnd>>['events']) =>
  Object.fromEntries(ofType(events, 'step.end').filter((e) => e.label).map((e) => [e.label!, e]));

describe('ops in real runs', () => {
  it('POSIX shared memory: create, attach, write, read, add, detach, destroy', async () => {
    const outcome = await runToEnd(engine, POSIX_SHM);
    expect(outcome.status).toBe('completed');
    const e = ends(outcome.events);
    expect(e.f64.result).toEqual({ value: 2.5 });
    expect(e.text.result).toEqual({ bytes: 2, data: 'hi' });
    expect(e.sum.result).toEqual({ value: 5 });
    expect(e['after detach'].errno).toBe('EFAULT');
    expect(ofType(outcome.events, 'run.end')[0].leaked).toEqual([]);
  });

  it('System V mailbox, semaphore destroy, non-blocking read and FIFO open', async () => {
    const outcome = await runToEnd(engine, MAILBOX_SEM_STREAM);
    const e = ends(outcome.events);
    expect(e.bytes.result).toMatchObject({ bytes: 3, data: [1, 2, 255] });
    expect(e.empty.errno).toBe('ENOMSG'); // System V's own answer to IPC_NOWAIT on an empty queue
    expect(e.trywait.errno).toBe('EAGAIN');
    expect(e['nothing yet'].errno).toBe('EAGAIN');
    expect(e['no reader'].errno).toBe('ENXIO');
    expect(outcome.status).toBe('completed');
    expect(ofType(outcome.events, 'run.end')[0].leaked.map((l) => l.object)).toEqual(['F']);
  });

  it('fifo.unlink removes the name; the open ends keep working and nothing leaks', async () => {
    const outcome = await runToEnd(engine, FIFO_UNLINK);
    expect(outcome.status).toBe('completed');
    const e = ends(outcome.events);
    expect(e.unlink.errno).toBeUndefined();
    expect(e.unlink.result).toEqual({ path: expect.stringMatching(/\/F\.fifo$/) });
    expect(e.again.errno).toBe('ENOENT');
    expect(e['after unlink'].result).toMatchObject({ bytes: 10, data: 'still here' });
    expect(e.eof.result).toMatchObject({ bytes: 0 });
    const removed = ofType(outcome.events, 'object.removed').filter((r) => r.object === 'F');
    expect(removed).toHaveLength(1); // by the step, not by the leak sweep
    const callText = ofType(outcome.events, 'step.begin').find((b) => b.label === 'unlink')?.call;
    expect(callText).toMatch(/^unlink\(".*\/F\.fifo"\)$/);
    expect(ofType(outcome.events, 'run.end')[0].leaked).toEqual([]);
  });

  it('signal.mask keeps a signal pending; signal.raise, repeat, compute and fault fpe', async () => {
    const outcome = await runToEnd(engine, MASK_RAISE_REPEAT_FAULT);
    const output = ofType(outcome.events, 'process.output').map((e) => e.text).join('');
    expect(output.indexOf('still blocked')).toBeGreaterThanOrEqual(0);
    expect(output.indexOf('still blocked')).toBeLessThan(output.indexOf('handled'));
    expect(ofType(outcome.events, 'handler.begin')).toHaveLength(1);
    expect(ofType(outcome.events, 'step.end').filter((e) => e.label === 'work')).toHaveLength(3);
    expect(ofType(outcome.events, 'step.begin').find((e) => e.label === 'work')!.index).toEqual([5, 0]);
    expect(ofType(outcome.events, 'step.begin').find((e) => e.label === 'divide')).toBeDefined();
    if (DIVISION_TRAPS) {
      expect(outcome.status).toBe('failed');
      expect(ofType(outcome.events, 'process.exit')[0]).toMatchObject({ signal: 'SIGFPE' });
    } else {
      expect(outcome.status).toBe('completed');
      expect(ofType(outcome.events, 'process.exit')[0]).toMatchObject({ code: 0 });
      expect(ends(outcome.events).divide.errno).toBeUndefined();
    }
  });
});

describe('sockets', () => {
  it("socket.pair and socket.shutdown: the child reads 'hi', then end-of-file once the parent shut its writing down", async () => {
    const outcome = await runToEnd(engine, SOCKETPAIR_SHUTDOWN);
    expect(outcome.status).toBe('completed');
    const labelled = ends(outcome.events);
    expect(labelled.data.result).toMatchObject({ bytes: 2, data: 'hi' });
    expect(labelled.eof.result).toMatchObject({ bytes: 0 });
    expect(labelled.shut.errno).toBeUndefined();
    expect(ofType(outcome.events, 'step.begin').find((b) => b.label === 'shut')?.call).toMatch(/^shutdown\(fd=\d+, SHUT_WR\)$/);
  });
});

describe('coverage', () => {
  it('every op of the spec runs for real in a preset or in this file', () => {
    const ran = new Set<string>();
    const programs = [
      ...SCENARIOS.flatMap((s) => s.processes as Array<{ program: Step[] }>),
      ...presets().flatMap((p) => p.scenario.processes as Array<{ program: Step[] }>),
    ];
    for (const process of programs) for (const visit of walkSteps(process.program)) ran.add(visit.step.op);
    expect(OPS.filter((op) => !ran.has(op))).toEqual([]);
  });
});
