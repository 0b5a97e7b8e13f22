// The deadlock finder's verdicts from what each process is doing (its step, the kernel's state,
// the pipe ends it holds), case by case, without starting processes: the real runs are in
// test/engine/run.test.ts and the presets.
import { describe, expect, it } from 'vitest';
import { findDeadlock, STABLE_MS, type ProcessView } from '../../../main/engine/run/deadlock';
import type { Step } from '../../../main/scenario/schema';

let nextPid = 100;
/** A process `id` sleeping (S) in `step` for long enough to count, holding `ends` ([fd, inode, end, object]). */
function view(id: string, step: Partial<Step> | undefined, ends: Array<[number, number, 'read' | 'write' | 'both', string]> = [], extra: Partial<ProcessView> = {}): ProcessView {
  return {
    id,
    pid: nextPid++,
    kernelState: 'S',
    step: step as Step | undefined,
    inStepMs: STABLE_MS + 1,
    pipeEnds: ends.map(([fd, inode, end]) => ({ fd, inode, end })),
    fdObjects: new Map(ends.map(([fd, , , object]) => [fd, object])),
    ...extra,
  };
}
const whys = (views: ProcessView[]) => findDeadlock(views)?.processes.map((p) => p.why);

describe('pipes', () => {
  it('a reader holding the only write end of its own pipe is deadlocked', () => {
    expect(whys([view('B', { op: 'read', object: 'p1' }, [[3, 77, 'read', 'p1'], [4, 77, 'write', 'p1']])])).toEqual([
      "B is reading p1; the only write end of p1 still open is B's own",
    ]);
  });

  it('two readers each holding the write end the other needs are deadlocked, and each is explained', () => {
    const a = view('A', { op: 'read', object: 'p' }, [[3, 1, 'read', 'p'], [6, 2, 'write', 'q']]);
    const b = view('B', { op: 'read', object: 'q' }, [[3, 2, 'read', 'q'], [5, 1, 'write', 'p']]);
    const verdict = findDeadlock([a, b]);
    expect(verdict?.processes).toEqual([
      { process: 'A', pid: a.pid, waitingOn: 'reading p', why: 'A is reading p; the write ends of p are held by B, all waiting' },
      { process: 'B', pid: b.pid, waitingOn: 'reading q', why: 'B is reading q; the write ends of q are held by A, all waiting' },
    ]);
  });

  it('a writer of a full pipe whose reader waits elsewhere is deadlocked', () => {
    const w = view('W', { op: 'write', object: 'p', data: 'x' }, [[4, 9, 'write', 'p']]);
    const r = view('R', { op: 'receive', from: { mailbox: 'Q' } }, [[3, 9, 'read', 'p']]);
    expect(whys([w, r])).toEqual([
      'W is writing to p; the read ends of p are held by R, all waiting',
      'R is receiving from Q; every process that could answer is waiting too',
    ]);
  });

  it('is no deadlock while another process that holds the write end still runs', () => {
    const reader = view('R', { op: 'read', object: 'p' }, [[3, 5, 'read', 'p']]);
    const writer = view('W', { op: 'compute', ms: 100 }, [[4, 5, 'write', 'p']], { kernelState: 'R' });
    expect(findDeadlock([reader, writer])).toBeUndefined();
  });
});

describe('mailboxes and semaphores', () => {
  it('two processes each receiving what only the other would send are deadlocked', () => {
    expect(whys([view('A', { op: 'receive', from: { process: 'B' } }), view('B', { op: 'receive', from: 'any' })])).toEqual([
      'A is receiving from B; every process that could answer is waiting too',
      'B is receiving from its inbox; every process that could answer is waiting too',
    ]);
  });

  it('a sender blocked on a full mailbox with every receiver waiting is deadlocked', () => {
    expect(findDeadlock([view('A', { op: 'send', to: { mailbox: 'Q' }, data: 'x' }), view('B', { op: 'sem.wait', object: 'S' })])?.processes.map((p) => p.waitingOn)).toEqual([
      'sending to Q',
      'waiting on S',
    ]);
  });

  it('two processes each waiting on a semaphore are deadlocked', () => {
    expect(whys([view('A', { op: 'sem.wait', object: 'S' }), view('B', { op: 'sem.wait', object: 'T' })])).toEqual([
      'A is waiting on S; every process that could answer is waiting too',
      'B is waiting on T; every process that could answer is waiting too',
    ]);
  });

  it('non-blocking calls and receives with a timeout wake by themselves: no deadlock', () => {
    expect(findDeadlock([view('A', { op: 'sem.wait', object: 'S', blocking: false })])).toBeUndefined();
    expect(findDeadlock([view('A', { op: 'receive', from: { mailbox: 'Q' }, timeoutMs: 500 })])).toBeUndefined();
  });
});

describe('waits on children', () => {
  it('a parent waiting for a child that is itself waiting is deadlocked', () => {
    const parent = view('P', { op: 'wait', process: 'C' }, [[4, 3, 'write', 'p']]);
    const child = view('C', { op: 'read', object: 'p' }, [[3, 3, 'read', 'p'], [4, 3, 'write', 'p']]);
    expect(whys([parent, child])).toEqual([
      'P is waiting for its child C, which is itself waiting',
      'C is reading p; the write ends of p are held by P and C, all waiting',
    ]);
  });
});

describe('what is never a deadlock', () => {
  it('a process waiting only for a signal (pause): the user can send one, the run waits until its timeout', () => {
    expect(findDeadlock([view('A', { op: 'signal.pause' })])).toBeUndefined();
    expect(findDeadlock([view('A', { op: 'signal.pause' }), view('B', { op: 'sem.wait', object: 'S' })])).toBeUndefined();
  });

  it('a stopped process (T): the user is exploring', () => {
    expect(findDeadlock([view('A', { op: 'sem.wait', object: 'S' }), view('B', { op: 'sem.wait', object: 'T' }, [], { kernelState: 'T' })])).toBeUndefined();
  });

  it('a call entered just now, or one the kernel does not show asleep', () => {
    expect(findDeadlock([view('A', { op: 'sem.wait', object: 'S' }, [], { inStepMs: STABLE_MS - 1 })])).toBeUndefined();
    expect(findDeadlock([view('A', { op: 'sem.wait', object: 'S' }, [], { kernelState: 'R' })])).toBeUndefined();
    expect(findDeadlock([view('A', undefined)])).toBeUndefined();
    expect(findDeadlock([])).toBeUndefined();
  });

  it('except a poll of shared memory, which waits running (R) or napping (S)', () => {
    const poll = { op: 'shm.waitUntil', object: 'M', offset: 0, equals: 1 } as const;
    expect(whys([view('A', poll, [], { kernelState: 'R' })])).toEqual(['A is polling M[0] for 1; no running process is left to write it']);
    expect(findDeadlock([view('A', poll, [], { kernelState: 'D' })])).toBeUndefined();
  });
});

describe('sockets', () => {
  /** A process in `op` on socket P holding P's descriptors `ends` ([fd, inode, role]) from socket.pair (or not). */
  const onSocket = (id: string, op: 'socket.recv' | 'socket.send', ends: Array<[number, number, 'socket' | 'connection']>, pair = true) =>
    view(id, { op, object: 'P', ...(op === 'socket.send' ? { data: 'x' } : {}) } as Partial<Step>, [], {
      fdObjects: new Map(ends.map(([fd]) => [fd, 'P'])),
      socketEnds: ends.map(([fd, inode, role]) => ({ fd, inode, role, pair })),
    });

  it('names the socketpair end two waiting processes both use (the connection, sv[1], while they hold it)', () => {
    const parent = onSocket('parent', 'socket.recv', [[3, 501, 'socket'], [4, 502, 'connection']]);
    const child = onSocket('child', 'socket.recv', [[3, 501, 'socket'], [4, 502, 'connection']]);
    expect(whys([parent, child])).toEqual([
      'parent is receiving on P; parent and child both use sv[1] of socketpair P (socket inode 502): what they send arrives at sv[0], which none of them reads',
      'child is receiving on P; child and parent both use sv[1] of socketpair P (socket inode 502): what they send arrives at sv[0], which none of them reads',
    ]);
  });

  it('says nothing of ends when each uses its own', () => {
    const parent = onSocket('parent', 'socket.recv', [[3, 501, 'socket']]);
    const child = onSocket('child', 'socket.recv', [[4, 502, 'connection']]);
    expect(whys([parent, child])).toEqual([
      'parent is receiving on P; every process that could answer is waiting too',
      'child is receiving on P; every process that could answer is waiting too',
    ]);
  });
});
