// Process handles (pidfds) against the real kernel: a signal through a pidfd reaches its process,
// still reaches it as a zombie (as kill(2) does), and fails with ESRCH once it is reaped; a
// start-time check refuses a PID that names another process; waitid(P_PIDFD) reaps only the
// caller's children; the exit status of a reaped process is kept where the kernel keeps it.
import { closeSync } from 'node:fs';
import { release } from 'node:os';
import { describe, expect, it } from 'vitest';
import { addon } from '../../main/native/addon';
import { readStat } from '../../main/engine/run/proc';

const native = addon();
const pidfd = {
  open: native.pidfdOpen!,
  send: native.pidfdSendSignal!,
  exited: native.pidfdHasExited!,
  reap: native.pidfdReap!,
  exitStatus: native.pidfdExitStatus!,
  startTime: native.procStartTime!,
};

const [major, minor] = release().split('.').map(Number);
const keepsExitStatus = major > 6 || (major === 6 && minor >= 15); // PIDFD_INFO_EXIT

function errnoOf(call: () => unknown): string | undefined {
  try {
    call();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe.runIf(native.platform === 'linux')('pidfds', () => {
  it('signals its process, still a zombie, then fails with ESRCH once it is reaped', async () => {
    const pid = native.spawn('/bin/sleep', ['sleep', '30']);
    const fd = pidfd.open(pid, pidfd.startTime(pid));
    try {
      expect(pidfd.exited(fd)).toBe(false);
      expect(pidfd.reap(fd, pid)).toBeNull(); // our child, still running
      pidfd.send(fd, 'SIGTERM');
      await until(() => pidfd.exited(fd));
      expect(readStat(pid)?.state).toBe('Z'); // exited, not reaped: the PID is still held
      pidfd.send(fd, 0); // a zombie still takes a signal, as with kill(2)
      expect(pidfd.reap(fd, pid)).toMatchObject({ pid, signaled: true, signal: 'SIGTERM' });
      expect(readStat(pid)).toBeUndefined();
      expect(errnoOf(() => pidfd.send(fd, 'SIGKILL'))).toBe('ESRCH');
      expect(errnoOf(() => pidfd.open(pid))).toBe('ESRCH');
      const status = pidfd.exitStatus(fd, pid);
      if (keepsExitStatus) expect(status).toMatchObject({ pid, signaled: true, signal: 'SIGTERM' });
      else expect(status).toBeNull();
    } finally {
      closeSync(fd);
    }
  });

  it('refuses a PID whose process has another start time (a reused PID)', () => {
    const pid = native.spawn('/bin/sleep', ['sleep', '30']);
    try {
      expect(errnoOf(() => pidfd.open(pid, pidfd.startTime(pid) + 1))).toBe('ESRCH');
      const fd = pidfd.open(pid, pidfd.startTime(pid));
      closeSync(fd);
    } finally {
      native.kill(pid, 'SIGKILL');
      native.waitpid(pid);
    }
  });

  it('reaps only the caller’s children (ECHILD for another process)', () => {
    const parent = process.ppid;
    const fd = pidfd.open(parent);
    try {
      expect(errnoOf(() => pidfd.reap(fd, parent))).toBe('ECHILD');
      expect(pidfd.exited(fd)).toBe(false);
    } finally {
      closeSync(fd);
    }
  });

  it('refuses bad arguments before any system call', () => {
    expect(() => pidfd.open(0)).toThrow(RangeError);
    expect(() => pidfd.open(-5)).toThrow(RangeError);
    expect(() => pidfd.send(0, 'SIGBOGUS' as never)).toThrow(RangeError);
    expect(errnoOf(() => pidfd.send(999_999, 'SIGTERM'))).toBe('EBADF');
    expect(errnoOf(() => pidfd.startTime(2 ** 22 + 1))).toBe('ESRCH');
  });
});
