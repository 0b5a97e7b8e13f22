// Processes against the real kernel: spawn (fork + execve in C) with descriptors at chosen
// numbers, signal mask, process group, cwd, env, exec failures; waitpid decoding exit, signal,
// stop and continue; zombies; a child subreaper adopting an orphan; the parent-death signal.
import { chmodSync, closeSync, mkdtempSync, openSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { constants as osConstants, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { assertNoLeaks, snapshot, type SystemSnapshot } from '../helpers/leaks';
import {
  FIXTURES, NodeChild, bit, exists, sleeping, fixtureEnv, lab, labSpawn, pollUntil, procStat, reapSpawned,
  spawned, statusMask, waitExit,
} from './fixtures/process-harness';

let before: SystemSnapshot;
let dir: string;
beforeAll(() => {
  before = snapshot();
  dir = mkdtempSync(join(tmpdir(), 'plab-process-'));
});
afterEach(async () => {
  await NodeChild.killAll();
  reapSpawned();
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  assertNoLeaks(before);
});

const sig = osConstants.signals;

describe('spawn', () => {
  it('passes descriptors at the requested numbers, swaps overlapping ones, closes the rest', async () => {
    const a = openSync(join(dir, 'a'), 'w');
    const b = openSync(join(dir, 'b'), 'w');
    const devNull = openSync('/dev/null', 'r');
    try {
      // a and b swap numbers in the child; 7 is a third copy of a; 1 and 2 go to b.
      const pid = await sleeping(labSpawn('/bin/sleep', ['sleep', '30'], {
        fds: [[0, devNull], [1, b], [2, b], [a, b], [b, a], [7, a]],
      }));
      const fds = readdirSync(`/proc/${pid}/fd`).map(Number).sort((x, y) => x - y);
      expect(fds).toEqual([...new Set([0, 1, 2, a, b, 7])].sort((x, y) => x - y));
      const target = (fd: number) => readlinkSync(`/proc/${pid}/fd/${fd}`);
      expect(target(a)).toBe(join(dir, 'b'));
      expect(target(b)).toBe(join(dir, 'a'));
      expect(target(7)).toBe(join(dir, 'a'));
      expect(target(1)).toBe(join(dir, 'b'));
      expect(target(0)).toBe('/dev/null');
    } finally {
      for (const fd of [a, b, devNull]) closeSync(fd);
    }
  });

  it('blocks the requested signals in the child and resets every disposition', async () => {
    const pid = await sleeping(labSpawn('/bin/sleep', ['sleep', '30'], { signalMask: ['SIGUSR1', 'SIGTERM', 'SIGKILL'] }));
    expect(statusMask(pid, 'SigBlk')).toBe(bit(sig.SIGUSR1) | bit(sig.SIGTERM)); // SIGKILL cannot be blocked
    expect(statusMask(pid, 'SigIgn')).toBe(0n);
    const all = await sleeping(labSpawn('/bin/sleep', ['sleep', '30'], { signalMask: 'all' }));
    const mask = statusMask(all, 'SigBlk');
    expect(mask & bit(sig.SIGTERM)).not.toBe(0n);
    expect(mask & (bit(sig.SIGKILL) | bit(sig.SIGSTOP))).toBe(0n);
  });

  it('puts the child in a new process group on request', async () => {
    const own = await sleeping(labSpawn('/bin/sleep', ['sleep', '30'], { newProcessGroup: true }));
    expect(procStat(own)!.pgrp).toBe(own);
    expect(lab.getpgid(own)).toBe(own);
    const shared = await sleeping(labSpawn('/bin/sleep', ['sleep', '30']));
    expect(procStat(shared)!.pgrp).toBe(lab.getpgid());
  });

  it('sets cwd, env and argv, and searches PATH for a bare name', async () => {
    const pid = await sleeping(labSpawn('sleep', ['my-sleep', '30'], { cwd: dir, env: { PLAB_X: 'one', PATH: '/usr/bin:/bin' } }));
    expect(readlinkSync(`/proc/${pid}/cwd`)).toBe(dir);
    expect(readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').filter(Boolean)).toEqual(['PLAB_X=one', 'PATH=/usr/bin:/bin']);
    expect(readFileSync(`/proc/${pid}/cmdline`, 'utf8')).toBe('my-sleep\x0030\x00');
  });

  it('reports exec failure as ENOENT / EACCES from execve, leaving no child behind', () => {
    const childrenBefore = readFileSync(`/proc/self/task/${process.pid}/children`, 'utf8');
    expect(() => lab.spawn('/nonexistent/program')).toThrow(
      expect.objectContaining({ code: 'ENOENT', errno: osConstants.errno.ENOENT, syscall: 'execve', file: '/nonexistent/program' }),
    );
    expect(() => lab.spawn('plab-no-such-command', [], { env: ['PATH=/usr/bin:/bin'] })).toThrow(
      expect.objectContaining({ code: 'ENOENT', syscall: 'execve' }),
    );
    const notExecutable = join(dir, 'script');
    writeFileSync(notExecutable, '#!/bin/sh\nexit 0\n');
    chmodSync(notExecutable, 0o644);
    expect(() => lab.spawn(notExecutable)).toThrow(expect.objectContaining({ code: 'EACCES', syscall: 'execve' }));
    expect(() => lab.spawn('/bin/true', [], { cwd: join(dir, 'missing') })).toThrow(
      expect.objectContaining({ code: 'ENOENT', syscall: 'chdir' }),
    );
    expect(readFileSync(`/proc/self/task/${process.pid}/children`, 'utf8')).toBe(childrenBefore);
  });

  it('refuses bad arguments without crashing', () => {
    const closed = openSync('/dev/null', 'r');
    closeSync(closed);
    expect(() => lab.spawn('/bin/true', [], { fds: [[3, closed]] })).toThrow(expect.objectContaining({ code: 'EBADF', fd: closed }));
    expect(() => lab.spawn(42 as never)).toThrow(TypeError);
    expect(() => lab.spawn('')).toThrow(RangeError);
    expect(() => lab.spawn('/bin/true', ['a\0b'])).toThrow(RangeError);
    expect(() => lab.spawn('/bin/true', 'x' as never)).toThrow(TypeError);
    expect(() => lab.spawn('/bin/true', [], { fds: [[-1, 0]] })).toThrow(RangeError);
    expect(() => lab.spawn('/bin/true', [], { fds: [[3, 0], [3, 1]] })).toThrow(RangeError);
    expect(() => lab.spawn('/bin/true', [], { fds: [3] as never })).toThrow(TypeError);
    expect(() => lab.spawn('/bin/true', [], { env: 5 as never })).toThrow(TypeError);
    expect(() => lab.spawn('/bin/true', [], { env: { 'A=B': 'x' } })).toThrow(RangeError);
    expect(() => lab.spawn('/bin/true', [], { signalMask: ['SIGNOPE' as never] })).toThrow(RangeError);
    expect(() => lab.spawn('/bin/true', [], { newProcessGroup: 1 as never })).toThrow(TypeError);
    expect(() => lab.spawn('/bin/true', [], { parentDeathSignal: 'SIGWHAT' as never })).toThrow(RangeError);
    expect(() => lab.waitpid(1.5)).toThrow(TypeError);
    expect(() => lab.waitpid(1, { nohang: 'yes' as never })).toThrow(TypeError);
    expect(() => lab.waitpid(1)).toThrow(expect.objectContaining({ code: 'ECHILD', syscall: 'waitpid', pid: 1 }));
    expect(lab.getpid()).toBe(process.pid);
    expect(lab.getppid()).toBe(process.ppid);
  });
});

describe('waitpid', () => {
  it('decodes an exit code', async () => {
    const pid = labSpawn('/bin/sh', ['sh', '-c', 'exit 7']);
    expect(await waitExit(pid)).toMatchObject({ pid, exited: true, code: 7, signaled: false, signal: null, stopped: false });
  });

  it('decodes death by signal, a stop (WUNTRACED) and a continue (WCONTINUED)', async () => {
    const pid = await sleeping(labSpawn('/bin/sleep', ['sleep', '30']));
    expect(lab.waitpid(pid, { nohang: true })).toBeNull();
    lab.kill(pid, 'SIGSTOP');
    const stopped = lab.waitpid(pid, { untraced: true });
    expect(stopped).toMatchObject({ pid, stopped: true, stopSignal: 'SIGSTOP', exited: false, signaled: false });
    expect(procStat(pid)!.state).toBe('T');
    lab.kill(pid, 'SIGCONT');
    expect(lab.waitpid(pid, { continued: true })).toMatchObject({ pid, continued: true, stopped: false });
    lab.kill(pid, 'SIGTERM');
    const ended = lab.waitpid(pid);
    spawned.delete(pid);
    expect(ended).toMatchObject({ pid, signaled: true, signal: 'SIGTERM', exited: false, code: null, coreDumped: false });
  });

  it('leaves an exited child a zombie (state Z) until waitpid reaps it', async () => {
    const pid = labSpawn('/bin/true');
    await pollUntil('the child to become a zombie', () => procStat(pid)?.state === 'Z');
    expect(procStat(pid)!.state).toBe('Z');
    expect(await waitExit(pid)).toMatchObject({ exited: true, code: 0 });
    expect(exists(pid)).toBe(false);
  });
});

describe('child subreaper and parent-death signal (Linux)', () => {
  it('adopts a grandchild orphaned by its parent (inside a fixture process)', async () => {
    const child = new NodeChild('process-child.cjs', ['subreaper', dir]);
    const result = await child.line('reaped', 15_000);
    expect(result.subreaper).toBe(true);
    expect(result.shellStatus).toMatchObject({ exited: true, code: 0 });
    expect(result.ppid).toBe(result.self);
    expect(result.reaped).toMatchObject({ pid: result.grandchild, signaled: true, signal: 'SIGKILL' });
    expect(lab.isChildSubreaper!()).toBe(false); // this worker was never changed
  });

  it('kills a spawned child when its parent dies (PR_SET_PDEATHSIG)', async () => {
    const child = new NodeChild('process-child.cjs', ['pdeath']);
    const { pid } = await child.line('pid');
    await child.exited;
    await pollUntil('the orphan to die', () => !exists(pid) || procStat(pid)?.state === 'Z');
  });

  it('sets the death signal the spawned program sees', async () => {
    const outFile = join(dir, 'pdeath.out');
    const outFd = openSync(outFile, 'w');
    try {
      const pid = labSpawn(process.execPath, [process.execPath, join(FIXTURES, 'process-child.cjs'), 'pdeath-get'], {
        env: fixtureEnv(),
        fds: [[1, outFd]],
        parentDeathSignal: 'SIGUSR2',
      });
      expect(await waitExit(pid)).toMatchObject({ exited: true, code: 0 });
      expect(JSON.parse(readFileSync(outFile, 'utf8'))).toEqual({ parentDeathSignal: 'SIGUSR2', ppid: process.pid });
    } finally {
      closeSync(outFd);
    }
    expect(lab.parentDeathSignal!()).toBeNull();
  });
});
