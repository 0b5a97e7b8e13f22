// Pipes and FIFOs across real processes: data crosses, a blocked read sleeps in the kernel,
// non-blocking calls say EAGAIN, a handled signal gives EINTR, end-of-file comes once every write
// end is closed, and bad descriptors or arguments throw instead of crashing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addon } from '../../main/native/addon';
import { assertNoLeaks, snapshot, type SystemSnapshot } from '../helpers/leaks';
import { expectErrno, expectSleepingInKernel, killAllChildren, startIpcChild } from './fixtures/ipc-child';

const lab = addon();
// The signals binding (posix/signals.cc) installs handlers without SA_RESTART.
let before: SystemSnapshot;
let dir: string;
const text = (s: string) => new TextEncoder().encode(s);
const str = (b: Uint8Array) => new TextDecoder().decode(b);

beforeAll(() => {
  before = snapshot();
  dir = mkdtempSync(join(tmpdir(), 'plab-pipe-'));
});
afterEach(killAllChildren);
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  assertNoLeaks(before);
});

/** A pipe whose ends are closed by the returned cleanup (each at most once). */
function openPipe(options?: { cloexec?: boolean; nonBlocking?: boolean }) {
  const { readFd, writeFd } = lab.pipeCreate(options);
  const open = new Set([readFd, writeFd]);
  const close = (fd: number) => {
    if (open.delete(fd)) lab.fdClose(fd);
  };
  return { readFd, writeFd, close, cleanup: () => [...open].forEach(close) };
}

describe('pipes', () => {
  it('carries data from a child to its parent, then end-of-file once every write end is closed', async () => {
    const p = openPipe();
    try {
      const child = await startIpcChild([p.writeFd]); // the write end is the child's fd 3
      p.close(p.writeFd);
      expect(await child.call('fdWrite', 3, text('hello from the child'))).toBe(20);
      expect(str(lab.fdRead(p.readFd, 100))).toBe('hello from the child');
      await child.call('fdClose', 3);
      expect(lab.fdRead(p.readFd, 100).length).toBe(0); // EOF
    } finally {
      p.cleanup();
    }
  });

  it('blocks a reader in the kernel (state S, no CPU) until data arrives', async () => {
    const p = openPipe();
    try {
      const child = await startIpcChild([p.readFd]);
      const reading = child.call<Uint8Array>('fdRead', 3, 64);
      await expectSleepingInKernel(child.pid);
      expect(lab.fdWrite(p.writeFd, text('wake up'))).toBe(7);
      expect(str(await reading)).toBe('wake up');
    } finally {
      p.cleanup();
    }
  });

  it('returns EAGAIN from non-blocking reads and writes, per call or per descriptor', () => {
    const p = openPipe();
    try {
      expect(lab.fdGetNonBlocking(p.readFd)).toBe(false);
      const e = (() => {
        try {
          lab.fdRead(p.readFd, 10, { nonBlocking: true });
        } catch (error) {
          return error as Record<string, unknown>;
        }
        return undefined;
      })();
      expect(e).toMatchObject({ code: 'EAGAIN', syscall: 'read', fd: p.readFd });
      expect(lab.fdGetNonBlocking(p.readFd)).toBe(false); // restored after the call

      lab.fdSetNonBlocking(p.writeFd, true);
      expect(lab.fdGetNonBlocking(p.writeFd)).toBe(true);
      const chunk = new Uint8Array(65536);
      let written = 0;
      expect(() => {
        for (;;) written += lab.fdWrite(p.writeFd, chunk);
      }).toThrow(expect.objectContaining({ code: 'EAGAIN', syscall: 'write' }));
      expect(written).toBe(lab.pipeGetSize(p.writeFd));
      expect(lab.fdBytesAvailable(p.readFd)).toBe(written);
    } finally {
      p.cleanup();
    }
  });

  // Node's own handler (libuv) uses SA_RESTART, which restarts read(): EINTR needs the addon's.
  it('fails a blocked read with EINTR when a handled signal arrives', async () => {
    const p = openPipe();
    try {
      const child = await startIpcChild([p.readFd]);
      await child.call('handleSignal', 'SIGUSR2');
      const reading = child.call('fdRead', 3, 64);
      await expectSleepingInKernel(child.pid);
      process.kill(child.pid, 'SIGUSR2');
      await expectErrno(reading, 'EINTR', 'read');
    } finally {
      p.cleanup();
    }
  });

  it('restarts a blocked read after a handler with SA_RESTART', async () => {
    const p = openPipe();
    try {
      const child = await startIpcChild([p.readFd]);
      await child.call('handleSignal', 'SIGUSR2', { restart: true });
      const reading = child.call<Uint8Array>('fdRead', 3, 64);
      await expectSleepingInKernel(child.pid);
      process.kill(child.pid, 'SIGUSR2');
      await expectSleepingInKernel(child.pid); // back to sleep in read()
      lab.fdWrite(p.writeFd, text('after'));
      expect(str(await reading)).toBe('after');
    } finally {
      p.cleanup();
    }
  });

  it('reports EPIPE when no reader is left (SIGPIPE is ignored by Node)', () => {
    const p = openPipe();
    try {
      p.close(p.readFd);
      expect(() => lab.fdWrite(p.writeFd, text('x'))).toThrow(
        expect.objectContaining({ code: 'EPIPE', syscall: 'write', fd: p.writeFd }),
      );
    } finally {
      p.cleanup();
    }
  });

  it('reads and changes capacity, close-on-exec and the non-blocking flag', () => {
    const p = openPipe({ cloexec: false });
    const q = openPipe({ nonBlocking: true });
    try {
      expect(lab.fdGetCloexec(p.readFd)).toBe(false);
      lab.fdSetCloexec(p.readFd, true);
      expect(lab.fdGetCloexec(p.readFd)).toBe(true);
      expect(lab.fdGetCloexec(q.readFd)).toBe(true); // the default
      expect(lab.fdGetNonBlocking(q.readFd)).toBe(true);
      expect(lab.pipeGetSize(p.writeFd)).toBe(65536);
      expect(lab.pipeSetSize(p.writeFd, 100000)).toBeGreaterThanOrEqual(100000); // rounded up
      expect(lab.pipeGetSize(p.readFd)).toBeGreaterThanOrEqual(100000);
      lab.fdWrite(p.writeFd, new Uint8Array(100));
      expect(lab.fdBytesAvailable(p.readFd)).toBe(100);
      const shrunk = lab.pipeSetSize(p.writeFd, 1); // rounded up to one page
      expect(shrunk).toBeGreaterThanOrEqual(100);
      expect(shrunk).toBeLessThan(100000);
      expect(() => lab.pipeSetSize(p.writeFd, -1)).toThrow(RangeError);
    } finally {
      p.cleanup();
      q.cleanup();
    }
  });
});

describe('FIFOs', () => {
  it('blocks open until the other end opens, then carries data', async () => {
    const path = join(dir, 'fifo-a');
    lab.fifoCreate(path, 0o600);
    let fd = -1;
    try {
      const child = await startIpcChild();
      const opening = child.call<number>('fifoOpen', path, 'read');
      await expectSleepingInKernel(child.pid); // open(2) waits for a writer (fifo(7))
      fd = lab.fifoOpen(path, 'write');
      const cfd = await opening;
      lab.fdWrite(fd, text('through the fifo'));
      expect(str(await child.call<Uint8Array>('fdRead', cfd, 100))).toBe('through the fifo');
      lab.fdClose(fd);
      fd = -1;
      expect((await child.call<Uint8Array>('fdRead', cfd, 100)).length).toBe(0);
      await child.call('fdClose', cfd);
    } finally {
      if (fd >= 0) lab.fdClose(fd);
      rmSync(path, { force: true });
    }
  });

  it('says ENXIO for a non-blocking write open without reader, EEXIST and ENOENT with the path', () => {
    const path = join(dir, 'fifo-b');
    lab.fifoCreate(path);
    try {
      expect(() => lab.fifoOpen(path, 'write', { nonBlocking: true })).toThrow(
        expect.objectContaining({ code: 'ENXIO', syscall: 'open', path }),
      );
      const rfd = lab.fifoOpen(path, 'read', { nonBlocking: true }); // never blocks
      try {
        expect(lab.fdRead(rfd, 10).length).toBe(0); // no writer has ever opened it: end-of-file
        const wfd = lab.fifoOpen(path, 'write', { nonBlocking: true }); // now a reader exists
        try {
          expect(() => lab.fdRead(rfd, 10)).toThrow(expect.objectContaining({ code: 'EAGAIN' }));
        } finally {
          lab.fdClose(wfd);
        }
      } finally {
        lab.fdClose(rfd);
      }
      expect(() => lab.fifoCreate(path)).toThrow(expect.objectContaining({ code: 'EEXIST', syscall: 'mkfifo' }));
      expect(() => lab.fifoOpen(join(dir, 'missing'), 'read')).toThrow(expect.objectContaining({ code: 'ENOENT' }));
    } finally {
      rmSync(path, { force: true });
    }
  });
});

describe('argument checks', () => {
  it('throws TypeError / RangeError / EBADF, never crashes', () => {
    const p = openPipe();
    p.cleanup();
    expect(() => lab.fdRead(p.readFd, 10)).toThrow(expect.objectContaining({ code: 'EBADF', syscall: 'read', fd: p.readFd }));
    expect(() => lab.fdWrite(p.writeFd, text('x'))).toThrow(expect.objectContaining({ code: 'EBADF' }));
    expect(() => lab.fdClose(p.readFd)).toThrow(expect.objectContaining({ code: 'EBADF', syscall: 'close' }));
    expect(() => lab.fdRead(-1)).toThrow(RangeError);
    expect(() => lab.fdRead(0, 16 * 1024 * 1024 + 1)).toThrow(RangeError);
    expect(() => lab.fdRead(0, -1)).toThrow(RangeError);
    expect(() => lab.fdWrite(1, 'text' as never)).toThrow(TypeError);
    expect(() => lab.fdRead('3' as never)).toThrow(TypeError);
    expect(() => lab.fifoOpen(join(dir, 'x'), 'both' as never)).toThrow(RangeError);
    expect(() => lab.fifoCreate(join(dir, 'y'), 0o1777)).toThrow(RangeError);
    expect(() => lab.pipeCreate({ cloexec: 1 } as never)).toThrow(TypeError);
    expect(() => lab.fdSetNonBlocking(p.readFd, 'on' as never)).toThrow(TypeError);
    expect(() => lab.pipeGetSize(p.readFd)).toThrow(expect.objectContaining({ code: 'EBADF', syscall: 'fcntl' }));
    expect(() => lab.fdBytesAvailable(p.readFd)).toThrow(expect.objectContaining({ code: 'EBADF', syscall: 'ioctl' }));
  });
});
