// Shared memory across real processes: System V (shmget/shmat/shmdt/shmctl) and POSIX
// (shm_open/ftruncate/mmap/munmap/shm_unlink), typed access, atomics versus a non-atomic race,
// the shm.waitUntil poll, deferred IPC_RMID, and argument errors that must never crash.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addon } from '../../main/native/addon';
import { assertNoLeaks, snapshot, type SystemSnapshot } from '../helpers/leaks';
import {
  expectErrno,
  expectSleepingInKernel,
  killAllChildren,
  mainThreadStat,
  sleep,
  startIpcChild,
  uniqueKey,
  uniqueName,
  waitForState,
} from './fixtures/ipc-child';

const lab = addon();
// The signals binding (posix/signals.cc) installs handlers without SA_RESTART.
let before: SystemSnapshot;
const text = (s: string) => new TextEncoder().encode(s);

beforeAll(() => {
  before = snapshot();
});
afterEach(killAllChildren);
afterAll(() => assertNoLeaks(before));

/** A fresh System V segment attached in this process; removed and detached by the returned cleanup. */
function sysvSegment(size = 4096) {
  const key = uniqueKey();
  const shmid = lab.shmGet(key, size, { create: true, exclusive: true, mode: 0o600 });
  let handle = -1;
  try {
    handle = lab.shmAttach(shmid);
  } catch (error) {
    lab.shmRemove(shmid);
    throw error;
  }
  const cleanup = () => {
    try { lab.shmRemove(shmid); } catch { /* already removed */ }
    try { lab.shmDetach(handle); } catch { /* already detached */ }
  };
  return { key, shmid, handle, cleanup };
}

describe('System V shared memory', () => {
  it('carries data between two processes and reports attachments in IPC_STAT', async () => {
    const seg = sysvSegment();
    try {
      lab.memWrite(seg.handle, 0, text('hello'));
      const child = await startIpcChild();
      const shmid = await child.call<number>('shmGet', seg.key, 0);
      expect(shmid).toBe(seg.shmid);
      const h = await child.call<number>('shmAttach', shmid);
      expect(await child.call('memRead', h, 0, 5)).toEqual(text('hello'));
      await child.call('memStore', h, 8, -123456, 'i32');
      expect(lab.memLoad(seg.handle, 8, 'i32')).toBe(-123456);

      const stat = lab.shmStat(seg.shmid);
      expect(stat).toMatchObject({ key: seg.key, shmid: seg.shmid, size: 4096, nattch: 2, mode: 0o600 });
      expect(stat.cpid).toBe(process.pid);
      expect(stat.lpid).toBe(child.pid);
      expect(stat.uid).toBe(process.getuid!());
      expect(stat.markedForDestruction).toBe(false);
      expect(stat.atime).toBeGreaterThan(0);

      await child.call('shmDetach', h);
      expect(lab.shmStat(seg.shmid).nattch).toBe(1);
      expect(lab.shmStat(seg.shmid).dtime).toBeGreaterThan(0);
    } finally {
      seg.cleanup();
    }
  });

  it('defers IPC_RMID while attached: marked for destruction, key IPC_PRIVATE, gone after the last detach', async () => {
    const seg = sysvSegment();
    try {
      const child = await startIpcChild();
      const h = await child.call<number>('shmAttach', seg.shmid);
      lab.shmRemove(seg.shmid);
      const stat = lab.shmStat(seg.shmid);
      expect(stat.markedForDestruction).toBe(true);
      expect(stat.key).toBe(0);
      expect(stat.nattch).toBe(2);
      // The key no longer finds it, but both attachments still work.
      expect(() => lab.shmGet(seg.key, 0)).toThrow(expect.objectContaining({ code: 'ENOENT', syscall: 'shmget' }));
      await child.call('memStore', h, 0, 99);
      expect(lab.memLoad(seg.handle, 0)).toBe(99);

      lab.shmDetach(seg.handle);
      expect(lab.shmStat(seg.shmid).nattch).toBe(1);
      await child.call('shmDetach', h);
      expect(() => lab.shmStat(seg.shmid)).toThrow(expect.objectContaining({ syscall: 'shmctl', shmid: seg.shmid }));
    } finally {
      seg.cleanup();
    }
  });

  it('makes every access after detach an EFAULT error, never a crash', () => {
    const seg = sysvSegment();
    seg.cleanup();
    for (const access of [
      () => lab.memLoad(seg.handle, 0),
      () => lab.memStore(seg.handle, 0, 1),
      () => lab.memRead(seg.handle, 0, 1),
      () => lab.memWrite(seg.handle, 0, text('x')),
      () => lab.memFetchAdd(seg.handle, 0, 1),
      () => lab.memNonAtomicAdd(seg.handle, 0, 1),
      () => lab.memWaitUntil(seg.handle, 0, 1),
      () => lab.memInfo(seg.handle),
      () => lab.memLoad(987654, 0),
    ]) {
      expect(access).toThrow(expect.objectContaining({ code: 'EFAULT' }));
    }
    expect(() => lab.shmDetach(seg.handle)).toThrow(expect.objectContaining({ code: 'EINVAL', syscall: 'shmdt' }));
  });

  it('reports EEXIST and ENOENT with the key', () => {
    const seg = sysvSegment();
    try {
      expect(() => lab.shmGet(seg.key, 4096, { create: true, exclusive: true })).toThrow(
        expect.objectContaining({ code: 'EEXIST', errno: 17, syscall: 'shmget', key: seg.key }),
      );
      expect(() => lab.shmGet(uniqueKey(), 0)).toThrow(expect.objectContaining({ code: 'ENOENT' }));
    } finally {
      seg.cleanup();
    }
  });

  it('refuses stores through a read-only attachment', () => {
    const seg = sysvSegment();
    const ro = lab.shmAttach(seg.shmid, { readOnly: true });
    try {
      lab.memStore(seg.handle, 0, 5);
      expect(lab.memLoad(ro, 0)).toBe(5);
      expect(() => lab.memStore(ro, 0, 1)).toThrow(expect.objectContaining({ code: 'EACCES' }));
      expect(lab.memInfo(ro)).toMatchObject({ kind: 'sysv', readOnly: true, size: 4096, shmid: seg.shmid });
    } finally {
      lab.shmDetach(ro);
      seg.cleanup();
    }
  });
});

describe('POSIX shared memory', () => {
  it('carries data between two processes through shm_open + mmap', async () => {
    const name = uniqueName('shm');
    const fd = lab.shmOpen(name, { create: true, exclusive: true, mode: 0o600 });
    let handle = -1;
    try {
      lab.shmTruncate(fd, 8192);
      expect(lab.shmFstat(fd)).toMatchObject({ size: 8192, mode: 0o600, nlink: 1 });
      handle = lab.shmMap(fd, 8192, { name });
      lab.memStore(handle, 4096, 2.5, 'f64');
      const child = await startIpcChild();
      const cfd = await child.call<number>('shmOpen', name);
      expect(await child.call('shmFstat', cfd)).toMatchObject({ size: 8192 });
      const ch = await child.call<number>('shmMap', cfd, 8192);
      await child.call('fdClose', cfd);
      expect(await child.call('memLoad', ch, 4096, 'f64')).toBe(2.5);
      await child.call('memStore', ch, 16, 2n ** 40n + 1n, 'i64');
      expect(lab.memLoad(handle, 16, 'i64')).toBe(2n ** 40n + 1n);
      await child.call('shmUnmap', ch);
      await expectErrno(child.call('memLoad', ch, 0), 'EFAULT');

      lab.shmUnlink(name);
      expect(lab.shmFstat(fd).nlink).toBe(0);
      expect(() => lab.shmOpen(name)).toThrow(expect.objectContaining({ code: 'ENOENT', syscall: 'shm_open', name }));
      expect(lab.memLoad(handle, 4096, 'f64')).toBe(2.5); // the mapping outlives the name
    } finally {
      if (handle > 0) lab.shmUnmap(handle);
      lab.fdClose(fd);
      try { lab.shmUnlink(name); } catch { /* unlinked above */ }
    }
  });

  it('refuses to map past the end of the object (SIGBUS) and reports mmap errors', () => {
    const name = uniqueName('shm');
    const fd = lab.shmOpen(name, { create: true, exclusive: true });
    try {
      expect(() => lab.shmMap(fd, 4096)).toThrow(RangeError);
      lab.shmTruncate(fd, 4096);
      expect(() => lab.shmMap(fd, 0)).toThrow(expect.objectContaining({ code: 'EINVAL', syscall: 'mmap' }));
      expect(() => lab.shmTruncate(fd, -1)).toThrow(RangeError);
      const h = lab.shmMap(fd, 4096);
      expect(() => lab.shmDetach(h)).toThrow(expect.objectContaining({ code: 'EINVAL' })); // not System V
      lab.shmUnmap(h);
      expect(() => lab.shmUnmap(h)).toThrow(expect.objectContaining({ code: 'EINVAL', syscall: 'munmap' }));
    } finally {
      lab.fdClose(fd);
      lab.shmUnlink(name);
    }
  });
});

describe('typed access and argument checks', () => {
  it('loads and stores every type little-endian, bounds-checked', () => {
    const seg = sysvSegment(64);
    try {
      const h = seg.handle;
      lab.memStore(h, 0, 0x01020304, 'u32');
      expect(lab.memRead(h, 0, 4)).toEqual(Uint8Array.from([4, 3, 2, 1]));
      lab.memStore(h, 5, 255, 'u8');
      expect(lab.memLoad(h, 5, 'u8')).toBe(255);
      lab.memStore(h, 9, -2, 'i32'); // misaligned plain access is fine
      expect(lab.memLoad(h, 9, 'i32')).toBe(-2);
      expect(lab.memLoad(h, 9, 'u32')).toBe(0xfffffffe);
      lab.memStore(h, 16, -5, 'i64');
      expect(lab.memLoad(h, 16, 'i64')).toBe(-5n);
      lab.memStore(h, 56, 2n ** 63n - 1n, 'i64');
      expect(lab.memLoad(h, 56, 'i64')).toBe(2n ** 63n - 1n);
      expect(lab.memWrite(h, 60, text('abcd'))).toBe(4);

      expect(() => lab.memLoad(h, 61, 'i32')).toThrow(RangeError);
      expect(() => lab.memRead(h, 60, 5)).toThrow(RangeError);
      expect(() => lab.memWrite(h, 64, text('a'))).toThrow(RangeError);
      expect(() => lab.memLoad(h, -1)).toThrow(RangeError);
      expect(() => lab.memStore(h, 0, 256, 'u8')).toThrow(RangeError);
      expect(() => lab.memStore(h, 0, 1.5, 'i32')).toThrow(TypeError);
      expect(() => lab.memStore(h, 0, 2 ** 60, 'i64')).toThrow(RangeError);
      expect(() => lab.memLoad(h, 0, 'i16' as never)).toThrow(RangeError);
      expect(() => lab.memLoad('1' as never, 0)).toThrow(TypeError);
      expect(() => lab.memWrite(h, 0, [1, 2] as never)).toThrow(TypeError);
      expect(() => (lab.memLoad as (...a: unknown[]) => unknown)()).toThrow(TypeError);
      expect(() => lab.shmGet(uniqueKey(), -1, { create: true })).toThrow(RangeError);
      expect(() => lab.shmGet(uniqueKey(), 10, { create: 'yes' } as never)).toThrow(TypeError);
      expect(() => lab.shmAttach(-1)).toThrow(RangeError);
    } finally {
      seg.cleanup();
    }
  });

  it('does atomic fetch-add and compare-exchange, refusing misaligned and f64 atomics', () => {
    const seg = sysvSegment(64);
    try {
      const h = seg.handle;
      lab.memStore(h, 0, 10);
      expect(lab.memFetchAdd(h, 0, 5)).toBe(10);
      expect(lab.memLoad(h, 0)).toBe(15);
      expect(lab.memFetchAdd(h, 8, -1, 'u32')).toBe(0);
      expect(lab.memLoad(h, 8, 'u32')).toBe(0xffffffff); // wraps like C
      expect(lab.memFetchAdd(h, 16, 3n, 'i64')).toBe(0n);
      expect(lab.memCompareExchange(h, 0, 15, 20)).toEqual({ exchanged: true, previous: 15 });
      expect(lab.memCompareExchange(h, 0, 15, 30)).toEqual({ exchanged: false, previous: 20 });
      expect(() => lab.memFetchAdd(h, 2, 1, 'i32')).toThrow(RangeError);
      expect(() => lab.memCompareExchange(h, 4, 0, 1, 'i64')).toThrow(RangeError);
      expect(() => lab.memFetchAdd(h, 24, 1, 'f64' as never)).toThrow(RangeError);
      expect(lab.memNonAtomicAdd(h, 24, 0.5, 'f64')).toBe(0.5);
    } finally {
      seg.cleanup();
    }
  });
});

describe('a race between two processes', () => {
  const ADDS = 20000;

  async function race(fn: 'memNonAtomicAdd' | 'memFetchAdd'): Promise<number> {
    const seg = sysvSegment();
    try {
      const children = await Promise.all([startIpcChild(), startIpcChild()]);
      const handles = await Promise.all(children.map((c) => c.call<number>('shmAttach', seg.shmid)));
      // Both spin on a start flag at offset 64, then add to the counter at offset 0.
      const runs = children.map(async (c, i) => {
        const args = fn === 'memNonAtomicAdd' ? [handles[i], 0, 1, 'i32', { spins: 2000 }] : [handles[i], 0, 1, 'i32'];
        await c.call('repeatAfterFlag', handles[i], 64, fn, args, ADDS);
        await c.call('shmDetach', handles[i]);
      });
      await Promise.all(children.map((c) => waitForState(c.pid, 'R'))); // both spin on the flag
      lab.memStore(seg.handle, 64, 1);
      await Promise.all(runs);
      return lab.memLoad(seg.handle, 0) as number;
    } finally {
      seg.cleanup();
    }
  }

  it('loses updates with a non-atomic add (load, gap, store)', async () => {
    const total = await race('memNonAtomicAdd');
    expect(total).toBeGreaterThan(0);
    expect(total).toBeLessThan(2 * ADDS);
  });

  it('loses none with an atomic fetch-add', async () => {
    expect(await race('memFetchAdd')).toBe(2 * ADDS);
  });
});

describe('shm.waitUntil', () => {
  it('sleeps between polls, then returns when another process stores the value', async () => {
    const seg = sysvSegment();
    try {
      const child = await startIpcChild();
      const h = await child.call<number>('shmAttach', seg.shmid);
      const waiting = child.call<{ status: string; value: number; polls: number }>('memWaitUntil', h, 0, 7, { pollMs: 20 });
      await expectSleepingInKernel(child.pid); // nanosleep between polls
      lab.memStore(seg.handle, 0, 7);
      const result = await waiting;
      expect(result.status).toBe('equal');
      expect(result.value).toBe(7);
      expect(result.polls).toBeGreaterThan(1);
      await child.call('shmDetach', h);
    } finally {
      seg.cleanup();
    }
  });

  it('burns CPU when spinning (pollMs 0) and times out', async () => {
    const seg = sysvSegment();
    try {
      const child = await startIpcChild();
      const h = await child.call<number>('shmAttach', seg.shmid);
      const waiting = child.call<{ status: string; elapsedMs: number }>('memWaitUntil', h, 0, 1, { pollMs: 0, timeoutMs: 1500 });
      await waitForState(child.pid, 'R');
      const start = mainThreadStat(child.pid).ticks;
      await sleep(400);
      expect(mainThreadStat(child.pid).ticks - start).toBeGreaterThan(5); // a real core, not a sleep
      const result = await waiting;
      expect(result.status).toBe('timeout');
      expect(result.elapsedMs).toBeGreaterThanOrEqual(1400);
      await child.call('shmDetach', h);
    } finally {
      seg.cleanup();
    }
  });

  // Sleeping polls see nanosleep's EINTR with any handler; spinning sees only the addon's counter.
  it.each([
    ['sleeping', 50],
    ['spinning', 0] as [string, number],
  ])('returns "interrupted" when a handled signal arrives while %s', async (_how, pollMs) => {
    const seg = sysvSegment();
    try {
      const child = await startIpcChild();
      await child.call('handleSignal', 'SIGUSR2');
      const h = await child.call<number>('shmAttach', seg.shmid);
      const waiting = child.call<{ status: string }>('memWaitUntil', h, 0, 1, { pollMs, timeoutMs: 10000 });
      await waitForState(child.pid, pollMs === 0 ? 'R' : 'S');
      await sleep(100);
      process.kill(child.pid, 'SIGUSR2');
      expect((await waiting).status).toBe('interrupted');
      await child.call('shmDetach', h);
    } finally {
      seg.cleanup();
    }
  });
});
