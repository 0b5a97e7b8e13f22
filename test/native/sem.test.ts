// POSIX named semaphores across real processes: a post in one process wakes a wait in another,
// a blocked wait sleeps in the kernel, trywait says EAGAIN, timedwait ETIMEDOUT, a handled signal
// gives EINTR, and closed or unknown handles throw EINVAL instead of crashing.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addon } from '../../main/native/addon';
import { assertNoLeaks, snapshot, type SystemSnapshot } from '../helpers/leaks';
import { expectErrno, expectSleepingInKernel, killAllChildren, startIpcChild, uniqueName } from './fixtures/ipc-child';

const lab = addon();
// The signals binding (posix/signals.cc) installs handlers without SA_RESTART.
let before: SystemSnapshot;

beforeAll(() => {
  before = snapshot();
});
afterEach(killAllChildren);
afterAll(() => assertNoLeaks(before));

/** A new semaphore opened here; closed and unlinked by the returned cleanup. */
function createSem(value = 0) {
  const name = uniqueName('sem');
  const handle = lab.semOpen(name, { create: true, exclusive: true, mode: 0o600, value });
  const cleanup = () => {
    try { lab.semClose(handle); } catch { /* closed by the test */ }
    try { lab.semUnlink(name); } catch { /* unlinked by the test */ }
  };
  return { name, handle, cleanup };
}

describe('POSIX named semaphores', () => {
  it('blocks a waiter in the kernel (state S, no CPU) until another process posts', async () => {
    const s = createSem(0);
    try {
      const child = await startIpcChild();
      const ch = await child.call<number>('semOpen', s.name);
      const waiting = child.call('semWait', ch);
      await expectSleepingInKernel(child.pid);
      lab.semPost(s.handle);
      await waiting;
      expect(lab.semGetValue(s.handle)).toBe(0);
      await child.call('semClose', ch);
    } finally {
      s.cleanup();
    }
  });

  it('shares its value between processes', async () => {
    const s = createSem(2);
    try {
      const child = await startIpcChild();
      const ch = await child.call<number>('semOpen', s.name);
      expect(await child.call('semGetValue', ch)).toBe(2);
      await child.call('repeat', 'semPost', [ch], 3);
      expect(lab.semGetValue(s.handle)).toBe(5);
      lab.semWait(s.handle);
      lab.semTryWait(s.handle);
      expect(await child.call('semGetValue', ch)).toBe(3);
      await child.call('semClose', ch);
    } finally {
      s.cleanup();
    }
  });

  it('says EAGAIN from trywait and ETIMEDOUT from timedwait at zero', () => {
    const s = createSem(0);
    try {
      expect(() => lab.semTryWait(s.handle)).toThrow(
        expect.objectContaining({ code: 'EAGAIN', syscall: 'sem_trywait', handle: s.handle, name: s.name }),
      );
      const start = Date.now();
      expect(() => lab.semTimedWait(s.handle, 200)).toThrow(expect.objectContaining({ code: 'ETIMEDOUT', syscall: 'sem_timedwait' }));
      expect(Date.now() - start).toBeGreaterThanOrEqual(150);
      lab.semPost(s.handle);
      lab.semTimedWait(s.handle, 1000);
      expect(lab.semGetValue(s.handle)).toBe(0);
    } finally {
      s.cleanup();
    }
  });

  // Node's own handler (libuv) uses SA_RESTART, which restarts sem_wait: EINTR needs the addon's.
  it('fails a blocked wait with EINTR when a handled signal arrives', async () => {
    const s = createSem(0);
    try {
      const child = await startIpcChild();
      await child.call('handleSignal', 'SIGUSR2');
      const ch = await child.call<number>('semOpen', s.name);
      const waiting = child.call('semWait', ch);
      await expectSleepingInKernel(child.pid);
      process.kill(child.pid, 'SIGUSR2');
      await expectErrno(waiting, 'EINTR', 'sem_wait');
      await child.call('semClose', ch);
    } finally {
      s.cleanup();
    }
  });

  it('throws EINVAL for a closed or unknown handle and reports open errors with the name', () => {
    const s = createSem(1);
    try {
      lab.semClose(s.handle);
      for (const call of [
        () => lab.semWait(s.handle),
        () => lab.semTryWait(s.handle),
        () => lab.semTimedWait(s.handle, 10),
        () => lab.semPost(s.handle),
        () => lab.semGetValue(s.handle),
        () => lab.semClose(s.handle),
        () => lab.semPost(424242),
      ]) {
        expect(call).toThrow(expect.objectContaining({ code: 'EINVAL' }));
      }
      expect(() => lab.semOpen(s.name, { create: true, exclusive: true })).toThrow(
        expect.objectContaining({ code: 'EEXIST', syscall: 'sem_open', name: s.name }),
      );
      expect(() => lab.semOpen(uniqueName('missing'))).toThrow(expect.objectContaining({ code: 'ENOENT' }));
      expect(() => lab.semOpen(uniqueName('big'), { create: true, value: 2 ** 32 - 1 })).toThrow(
        expect.objectContaining({ code: 'EINVAL' }), // above SEM_VALUE_MAX
      );
      expect(() => lab.semOpen(uniqueName('neg'), { create: true, value: -1 })).toThrow(RangeError);
      expect(() => lab.semOpen(42 as never)).toThrow(TypeError);
      expect(() => lab.semWait('1' as never)).toThrow(TypeError);
      expect(() => lab.semTimedWait(s.handle, -1)).toThrow(RangeError);
      lab.semUnlink(s.name);
      expect(() => lab.semUnlink(s.name)).toThrow(expect.objectContaining({ code: 'ENOENT', syscall: 'sem_unlink' }));
    } finally {
      s.cleanup();
    }
  });
});
