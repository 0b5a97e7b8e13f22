// Issue 18, "the kernel speaks, not the lab": each example of the issue run as a scenario and as
// the C program the exporter writes for the same scenario (compiled and run here), and both must
// report what Linux does: the same errno for each labelled step, the same ends. Also as an
// ordinary user (uid 65534), where the kernel's limits refuse what root may do.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunEvent } from '../../main/scenario/events';
import { errnoOf, runAsC } from '../helpers/c-export';
import { assertNoLeaks, snapshot, type SystemSnapshot } from '../helpers/leaks';
import { ofType, runToEnd, scenario, testEngine, type TestEngine } from './helpers';

const bin = fileURLToPath(new URL('../../main/bin/process-lab.js', import.meta.url));
const isRoot = process.getuid!() === 0;

let engine: TestEngine;
let before: SystemSnapshot;
let root: string;
beforeAll(() => {
  before = snapshot();
  engine = testEngine();
  root = mkdtempSync(join(tmpdir(), 'plab-fidelity-'));
  chmodSync(root, 0o755);
});
afterAll(async () => {
  await engine.dispose();
  rmSync(root, { recursive: true, force: true });
  assertNoLeaks(before);
});

/** Each labelled step's errno in a lab run ('ok' when it succeeded), by `process/label`. */
function labErrnos(events: RunEvent[]): Record<string, string> {
  return Object.fromEntries(ofType(events, 'step.end').filter((e) => e.label).map((e) => [`${e.process}/${e.label}`, e.errno ?? 'ok']));
}

/** The same for the C program: a labelled step that reported no failure succeeded. */
function cErrnos(reports: Record<string, string[]>, labels: string[]): Record<string, string> {
  return Object.fromEntries(labels.map((key) => [key, errnoOf(reports[key]?.find((line) => errnoOf(line))) ?? 'ok']));
}

/** Runs `doc` in the lab and as C; returns both errno maps and the lab's events. */
async function both(doc: ReturnType<typeof scenario>) {
  const lab = await runToEnd(engine, doc);
  const labels = Object.keys(labErrnos(lab.events));
  const c = runAsC(doc);
  return { lab, labErrno: labErrnos(lab.events), c, cErrno: cErrnos(c.reports, labels) };
}

const exitsOf = (events: RunEvent[]) => Object.fromEntries(ofType(events, 'process.exit').map((e) => [e.process, e.signal ? `signal ${e.signal}` : `code ${e.code}`]));

describe('System V shared memory by the identifier a C program holds', () => {
  // Create, attach, destroy, destroy again (both succeed: the segment is only marked); a process
  // started after the removal attaches by id (works) and by key (ENOENT: the key is gone).
  const doc = scenario([
    { id: 'owner', program: [
      { op: 'shm.create', object: 'M' },
      { op: 'shm.attach', object: 'M' },
      { op: 'shm.write', object: 'M', offset: 0, value: 42 },
      { op: 'spawn', process: 'early' },
      { op: 'wait', process: 'early' },
      { op: 'shm.destroy', object: 'M', label: 'rmid' },
      { op: 'shm.destroy', object: 'M', label: 'rmid again' },
      { op: 'spawn', process: 'late' },
      { op: 'wait', process: 'late' },
      { op: 'shm.detach', object: 'M' },
    ] },
    { id: 'early', parent: 'owner', program: [
      { op: 'shm.attach', object: 'M', size: 8192, label: 'larger size', onError: 'continue' },
      { op: 'shm.attach', object: 'M', size: 100, label: 'smaller size' },
      { op: 'shm.detach', object: 'M' },
    ] },
    { id: 'late', parent: 'owner', program: [
      { op: 'shm.attach', object: 'M', label: 'by key', onError: 'continue' },
      { op: 'shm.attach', object: 'M', by: 'id', label: 'by id' },
      { op: 'shm.read', object: 'M', offset: 0, label: 'read' },
      { op: 'shm.detach', object: 'M' },
    ] },
  ], [{ id: 'M', kind: 'shm', size: 4096 }]);

  it('a second IPC_RMID succeeds, shmat by id works after it, by key is ENOENT, a larger size EINVAL: as in C', async () => {
    const { lab, labErrno, c, cErrno } = await both(doc);
    expect(labErrno).toEqual({
      'owner/rmid': 'ok', 'owner/rmid again': 'ok',
      'early/larger size': 'EINVAL', 'early/smaller size': 'ok',
      'late/by key': 'ENOENT', 'late/by id': 'ok', 'late/read': 'ok',
    });
    expect(cErrno).toEqual(labErrno);
    expect(ofType(lab.events, 'step.end').find((e) => e.label === 'read')?.result).toEqual({ value: 42 });
    expect(c.reports['late/read']).toEqual(['[late] read: value 42']);
    const calls = Object.fromEntries(ofType(lab.events, 'step.begin').filter((e) => e.label).map((e) => [e.label, e.call]));
    expect(calls['by id']).toMatch(/^shmat\(\d+, NULL, 0\)$/);
    expect(calls['larger size']).toBe(`shmget(0x${calls['larger size']!.slice(9, 17)}, 8192, 0); shmat(shmid, NULL, 0)`);
    expect(lab.status).toBe('completed');
    expect(c.status).toBe('completed');
    expect(ofType(lab.events, 'run.end')[0].leaked).toEqual([]);
    expect(c.leaked).toEqual([]);
  });
});

describe('System V queue capacity in the kernel\'s terms (msg_qbytes)', () => {
  const doc = scenario([{ id: 'a', program: [
    { op: 'mailbox.create', object: 'Q', label: 'create' },
    { op: 'send', to: { mailbox: 'Q' }, data: 'one..', blocking: false, label: 'first' },
    { op: 'send', to: { mailbox: 'Q' }, data: 'two..', blocking: false, label: 'second' },
    { op: 'send', to: { mailbox: 'Q' }, data: 'three', blocking: false, label: 'third', onError: 'continue' },
    { op: 'send', to: { mailbox: 'Q' }, data: 'x'.repeat(9000), blocking: false, label: 'over msgmax', onError: 'continue' },
    { op: 'receive', from: { mailbox: 'Q' }, label: 'got' },
    { op: 'mailbox.destroy', object: 'Q' },
  ] }], [{ id: 'Q', kind: 'mailbox', flavor: 'sysv', capacityBytes: 10, maxMessage: 16 }]);

  it('a queue of 10 bytes takes two 5-byte messages; the third is EAGAIN, one over kernel.msgmax EINVAL: as in C', async () => {
    const { lab, labErrno, cErrno } = await both(doc);
    expect(labErrno).toEqual({ 'a/create': 'ok', 'a/first': 'ok', 'a/second': 'ok', 'a/third': 'EAGAIN', 'a/over msgmax': 'EINVAL', 'a/got': 'ok' });
    expect(cErrno).toEqual(labErrno);
    const create = ofType(lab.events, 'step.begin').find((e) => e.label === 'create')!;
    expect(create.call).toMatch(/msgctl\(msqid, IPC_SET, &\(struct msqid_ds\)\{ \.msg_qbytes = 10 \}\)$/);
    expect(lab.status).toBe('completed');
  });
});

describe('O_NONBLOCK is descriptor state', () => {
  const doc = scenario([{ id: 'a', program: [
    { op: 'fifo.create', object: 'F' },
    { op: 'fifo.open', object: 'F', end: 'read', blocking: false },
    { op: 'fifo.open', object: 'F', end: 'write' },
    { op: 'read', object: 'F', blocking: false, label: 'empty', onError: 'continue' },
    { op: 'write', object: 'F', data: 'x' },
    { op: 'read', object: 'F', label: 'plain' },
    { op: 'close', object: 'F', end: 'write' },
    { op: 'close', object: 'F', end: 'read' },
    { op: 'fifo.unlink', object: 'F' },
  ] }], [{ id: 'F', kind: 'fifo' }]);

  it('a read after a non-blocking open is EAGAIN at once; a plain read shows the fcntl that clears the flag: as in C', async () => {
    const { lab, labErrno, cErrno, c } = await both(doc);
    expect(labErrno).toEqual({ 'a/empty': 'EAGAIN', 'a/plain': 'ok' });
    expect(cErrno).toEqual(labErrno);
    expect(c.reports['a/plain']).toEqual(['[a] plain: 1 bytes "x"']);
    const calls = Object.fromEntries(ofType(lab.events, 'step.begin').filter((e) => e.label).map((e) => [e.label, e.call]));
    expect(calls.empty).not.toMatch(/fcntl/); // the open left O_NONBLOCK set: nothing to change
    expect(calls.plain).toMatch(/^fcntl\(\d+, F_SETFL, flags & ~O_NONBLOCK\); read\(/);
  });
});

describe('signals', () => {
  it('a lone pause() is no deadlock: SIGUSR1 from the engine after 1 s ends it, and the run completes', async () => {
    const run = engine.manager.start(scenario([{ id: 'a', program: [
      { op: 'signal.handle', signal: 'SIGUSR1', action: 'handler', steps: [{ op: 'log', message: 'got it' }] },
      { op: 'signal.pause', label: 'pause' },
    ] }]));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(run.events.some((e) => e.type === 'run.end')).toBe(false);
    run.signal('a', 'SIGUSR1');
    expect(await run.finished).toBe('completed');
    expect(ofType(run.events, 'deadlock')).toEqual([]);
    expect(ofType(run.events, 'signal.delivered')).toMatchObject([{ process: 'a', signal: 'SIGUSR1', disposition: 'handler' }]);
  });

  it('a failed kill reports no signal.sent and nothing delivered to the process that had exited', async () => {
    const outcome = await runToEnd(engine, scenario([
      { id: 'a', program: [
        { op: 'spawn', process: 'b' },
        { op: 'wait', process: 'b' },
        { op: 'signal.send', to: 'b', signal: 'SIGTERM', label: 'late kill', onError: 'continue' },
      ] },
      { id: 'b', parent: 'a', program: [{ op: 'log', message: 'bye' }] },
    ]));
    expect(labErrnos(outcome.events)).toEqual({ 'a/late kill': 'ESRCH' });
    expect(ofType(outcome.events, 'signal.sent')).toEqual([]);
    expect(ofType(outcome.events, 'signal.delivered').filter((e) => e.process === 'b')).toEqual([]);
  });

  it('signals the kernel sends are reported: SIGPIPE that kills a writer, SIGCHLD to a parent', async () => {
    const doc = scenario([
      { id: 'parent', program: [
        { op: 'spawn', process: 'child' },
        { op: 'wait', process: 'child' },
        { op: 'sleep', ms: 50 },
        { op: 'pipe.create', object: 'p' },
        { op: 'close', object: 'p', end: 'read' },
        { op: 'write', object: 'p', data: 'nobody reads this' },
      ] },
      { id: 'child', parent: 'parent', program: [{ op: 'log', message: 'done' }] },
    ], [{ id: 'p', kind: 'pipe' }]);
    const outcome = await runToEnd(engine, doc);
    const delivered = ofType(outcome.events, 'signal.delivered').map((e) => `${e.process} ${e.signal} ${e.disposition}`);
    expect(delivered).toEqual(['parent SIGCHLD ignored', 'parent SIGPIPE terminate']);
    const types = outcome.events.filter((e) => 'process' in e && e.process === 'parent').map((e) => e.type);
    expect(types.lastIndexOf('signal.delivered')).toBeLessThan(types.indexOf('process.exit'));
    expect(exitsOf(outcome.events)).toEqual(runAsC(doc).exits);
  });

  it('signal.pending shows a blocked signal while it waits, from the kernel\'s SigPnd, and the empty set once delivered', async () => {
    const outcome = await runToEnd(engine, scenario([{ id: 'a', program: [
      { op: 'signal.handle', signal: 'SIGUSR1', action: 'handler', steps: [{ op: 'log', message: 'delivered' }] },
      { op: 'signal.mask', block: ['SIGUSR1'] },
      { op: 'signal.raise', signal: 'SIGUSR1' },
      { op: 'sleep', ms: 1000 }, // the engine polls /proc several times meanwhile
      { op: 'signal.mask', unblock: ['SIGUSR1'] },
      { op: 'sleep', ms: 500 },
    ] }]));
    expect(outcome.status).toBe('completed');
    expect(ofType(outcome.events, 'signal.pending').map((e) => e.signals)).toEqual([['SIGUSR1'], []]);
  });

  it('sigqueue carries a value to the handler; kill(-pgid) reaches every process of the group: as in C', async () => {
    const doc = scenario([
      { id: 'a', program: [
        { op: 'signal.handle', signal: 'SIGRTMIN+1', action: 'handler', restart: true, steps: [{ op: 'log', message: 'a: a value came' }] },
        { op: 'signal.handle', signal: 'SIGUSR1', action: 'handler', restart: true, steps: [{ op: 'log', message: 'a: group signal' }] },
        { op: 'spawn', process: 'c' },
        { op: 'receive', from: { process: 'c' } },
        { op: 'spawn', process: 'b' },
        { op: 'wait', process: 'b' },
        { op: 'send', to: { process: 'c' }, data: 'bye' },
        { op: 'wait', process: 'c' },
      ] },
      { id: 'b', parent: 'a', program: [
        { op: 'signal.handle', signal: 'SIGUSR1', action: 'handler', steps: [{ op: 'log', message: 'b: group signal' }] },
        { op: 'signal.send', to: 'a', signal: 'SIGRTMIN+1', value: 42, label: 'sigqueue' },
        { op: 'signal.send', to: { group: 'a' }, signal: 'SIGUSR1', label: 'to the group' },
      ] },
      { id: 'c', parent: 'a', program: [
        { op: 'signal.handle', signal: 'SIGUSR1', action: 'handler', restart: true, steps: [{ op: 'log', message: 'c: group signal' }] },
        { op: 'send', to: { process: 'a' }, data: 'ready' },
        { op: 'receive', from: { process: 'a' }, onError: 'continue' },
      ] },
    ]);
    const outcome = await runToEnd(engine, doc);
    expect(outcome.status).toBe('completed');
    const queued = ofType(outcome.events, 'signal.delivered').find((e) => e.signal === 'SIGRTMIN+1');
    expect(queued).toMatchObject({ process: 'a', disposition: 'handler', value: 42 });
    expect(ofType(outcome.events, 'signal.sent').map((e) => ({ to: e.to, signal: e.signal, group: e.group, value: e.value }))).toEqual([
      { to: 'a', signal: 'SIGRTMIN+1', group: undefined, value: 42 },
      { to: 'a', signal: 'SIGUSR1', group: true, value: undefined },
    ]);
    const got = ofType(outcome.events, 'signal.delivered').filter((e) => e.signal === 'SIGUSR1').map((e) => e.process).sort();
    expect(got).toEqual(['a', 'b', 'c']);
    const call = ofType(outcome.events, 'step.begin').find((e) => e.label === 'sigqueue')!.call;
    expect(call).toMatch(/^sigqueue\(\d+, SIGRTMIN\+1, \(union sigval\)\{ \.sival_int = 42 \}\)$/);
    const c = runAsC(doc);
    expect(c.status).toBe('completed');
    expect(Object.values(c.console).join('').split('\n').filter(Boolean).sort()).toEqual(['a: a value came', 'a: group signal', 'b: group signal', 'c: group signal']);
  });
});

describe('limits are the kernel\'s, as an ordinary user (uid 65534)', () => {
  // As root every one of these is allowed (CAP_SYS_RESOURCE); as uid 65534 the kernel refuses.
  const doc = scenario([{ id: 'a', program: [
    { op: 'pipe.create', object: 'big', label: 'pipe over pipe-max-size', onError: 'continue' },
    { op: 'mailbox.create', object: 'Q', label: 'mq over msgsize_max', onError: 'continue' },
    { op: 'mailbox.create', object: 'S', label: 'msg_qbytes over msgmnb', onError: 'continue' },
    { op: 'mailbox.destroy', object: 'S', onError: 'continue' },
  ] }], [
    { id: 'big', kind: 'pipe', capacity: 4 * 1024 * 1024 },
    { id: 'Q', kind: 'mailbox', maxMessage: 1024 * 1024 },
    { id: 'S', kind: 'mailbox', flavor: 'sysv', capacityBytes: 1024 * 1024 },
  ]);
  const expected = { 'a/pipe over pipe-max-size': 'EPERM', 'a/mq over msgsize_max': 'EINVAL', 'a/msg_qbytes over msgmnb': 'EPERM' };

  // Skips unless root: only root can start the CLI as uid 65534, the ordinary user these limits bind.
  it.skipIf(!isRoot)('F_SETPIPE_SZ over pipe-max-size is EPERM, mq_open over msgsize_max EINVAL, msg_qbytes over msgmnb EPERM: as in C', () => {
    const file = join(root, 'limits.lab.json');
    writeFileSync(file, JSON.stringify(doc));
    chmodSync(file, 0o644);
    const home = mkdtempSync(join(tmpdir(), 'plab-nobody-'));
    chmodSync(home, 0o777);
    try {
      const result = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, bin, 'run', file, '--json'], {
        encoding: 'utf8', timeout: 60_000,
        env: { ...process.env, HOME: home, PROCESS_LAB_DATA_DIR: join(home, 'data'), PROCESS_LAB_RUNTIME_DIR: join(home, 'runtime'), XDG_RUNTIME_DIR: '' },
      });
      expect(result.stderr).toBe('');
      const events = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as RunEvent);
      expect(labErrnos(events)).toEqual(expected);
      expect(ofType(events, 'run.end')[0].leaked).toEqual([]);
      const c = runAsC(doc, { asUser: 65534 });
      expect(cErrnos(c.reports, Object.keys(expected))).toEqual(expected);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});

describe('SIGCHLD when a child stops and continues (CLD_STOPPED, CLD_CONTINUED)', () => {
  // The kernel tells the parent at once; the engine sees a child's exit a little later, so the
  // parent's runs are counted (one child exit: every run beyond one is a stop or a continue).
  const parentWith = (handled: boolean, more: unknown[] = []) => ({ id: 'parent', program: [
    ...(handled ? [{ op: 'signal.handle', signal: 'SIGCHLD', action: 'handler', restart: true, steps: [{ op: 'log', message: 'parent: SIGCHLD' }] }] : []),
    { op: 'spawn', process: 'child' },
    ...more,
    { op: 'wait', process: 'child' },
  ] });
  const child = { id: 'child', parent: 'parent', program: [{ op: 'sleep', ms: 1500, label: 'nap' }] };

  /** The parent's SIGCHLD deliveries, by disposition. */
  const sigchlds = (events: RunEvent[]) => ofType(events, 'signal.delivered').filter((e) => e.process === 'parent' && e.signal === 'SIGCHLD').map((e) => e.disposition);

  async function until(run: { events: RunEvent[] }, what: string, test: (events: RunEvent[]) => boolean): Promise<void> {
    for (let i = 0; i < 500 && !test(run.events); i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(test(run.events), what).toBe(true);
  }

  it('another process stops and continues the child: the parent\'s handler runs for each and for both exits, as in C', async () => {
    const doc = scenario([
      parentWith(true, [{ op: 'spawn', process: 'other' }, { op: 'wait', process: 'other' }]),
      child,
      { id: 'other', parent: 'parent', program: [
        { op: 'sleep', ms: 200 },
        { op: 'signal.send', to: 'child', signal: 'SIGSTOP' },
        { op: 'sleep', ms: 300 },
        { op: 'signal.send', to: 'child', signal: 'SIGCONT' },
        { op: 'sleep', ms: 300 },
      ] },
    ]);
    const outcome = await runToEnd(engine, doc);
    expect(outcome.status).toBe('completed');
    // Stop, continue, other's exit, child's exit: 300 ms apart or more, so none merge.
    expect(ofType(outcome.events, 'handler.begin').filter((e) => e.process === 'parent').map((e) => e.signal)).toEqual(['SIGCHLD', 'SIGCHLD', 'SIGCHLD', 'SIGCHLD']);
    const c = runAsC(doc);
    expect(c.status).toBe('completed');
    expect(c.console.parent.split('\n').filter((line) => line === 'parent: SIGCHLD')).toHaveLength(4);
  });

  it('the GUI stops and continues the child (run.pause, run.resume): the handler runs for each; by default the parent discards them', async () => {
    for (const handled of [true, false]) {
      const run = engine.manager.start(scenario([parentWith(handled), child]));
      await until(run, 'the child naps', (events) => events.some((e) => e.type === 'step.begin' && e.process === 'child' && e.label === 'nap'));
      run.pause('child');
      await until(run, 'the child is stopped (T)', (events) => events.some((e) => e.type === 'process.state' && e.process === 'child' && e.state === 'T'));
      if (handled) await until(run, 'the parent handles the stop', (events) => events.some((e) => e.type === 'handler.end' && e.process === 'parent'));
      run.resume('child');
      expect(await run.finished).toBe('completed');
      expect(sigchlds(run.events), handled ? 'handled' : 'default').toEqual(Array(3).fill(handled ? 'handler' : 'ignored'));
      expect(ofType(run.events, 'signal.delivered').filter((e) => e.process === 'child').map((e) => `${e.signal} ${e.disposition}`)).toEqual(['SIGSTOP stop', 'SIGCONT continue']);
    }
  });

  it('a SIGCONT to a child that is not stopped and a second SIGSTOP to a stopped one make no SIGCHLD: the engine counts as the kernel does', async () => {
    // With a handler the kernel itself reports each SIGCHLD; by default the engine infers them.
    // The parent computes between sends: a handler would cut a sleep short (EINTR, never restarted).
    for (const handled of [true, false]) {
      const outcome = await runToEnd(engine, scenario([
        parentWith(handled, [
          { op: 'sleep', ms: 100 },
          { op: 'signal.send', to: 'child', signal: 'SIGCONT' },
          { op: 'compute', ms: 300 },
          { op: 'signal.send', to: 'child', signal: 'SIGSTOP' },
          { op: 'compute', ms: 300 },
          { op: 'signal.send', to: 'child', signal: 'SIGSTOP' },
          { op: 'compute', ms: 300 },
          { op: 'signal.send', to: 'child', signal: 'SIGCONT' },
        ]),
        child,
      ]));
      expect(outcome.status).toBe('completed');
      expect(sigchlds(outcome.events)).toEqual(Array(3).fill(handled ? 'handler' : 'ignored')); // stop, continue, exit
    }
  });
});
