// Real faults in real processes: a NULL write (SIGSEGV) and an integer division by zero
// (SIGFPE on x86), with the lecture's write-and-_exit handler and without any handler.
// Fixtures run under `ulimit -c 0` so a default-action fault leaves no core file behind.
import { arch } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { assertNoLeaks, snapshot, type SystemSnapshot } from '../helpers/leaks';
import { FIXTURES, NodeChild, fixtureEnv, lab, labSpawn, reapSpawned, waitExit } from './fixtures/process-harness';

let before: SystemSnapshot;
beforeAll(() => {
  before = snapshot();
});
afterEach(async () => {
  await NodeChild.killAll();
  reapSpawned();
});
afterAll(() => assertNoLeaks(before));

const NO_CORE = 'ulimit -c 0';
const run = (mode: string, ...extra: string[]) => new NodeChild('fault-child.cjs', [mode, ...extra], NO_CORE);
const trapsOnDivide = arch() === 'x64' || arch() === 'ia32';

describe('SIGSEGV from a NULL write', () => {
  it('the crash handler writes its message and exits with its code', async () => {
    const child = run('segv-handler');
    expect(await child.exited).toEqual({ code: 42, signal: null });
    expect(child.out).toBe('caught SIGSEGV\n');
  });

  it('the crash handler can write to another descriptor (2)', async () => {
    const child = run('segv-handler', '2');
    expect(await child.exited).toEqual({ code: 42, signal: null });
    expect(child.err).toBe('caught SIGSEGV\n');
    expect(child.out).toBe('');
  });

  it('without a handler the kernel kills the process with SIGSEGV', async () => {
    const child = run('segv-default');
    expect(await child.exited).toEqual({ code: null, signal: 'SIGSEGV' });
    expect(child.out).toBe('');
  });

  it('a recording handler does not loop on a real fault: the retry dies with SIGSEGV', async () => {
    const child = run('segv-recorded');
    expect(await child.exited).toEqual({ code: null, signal: 'SIGSEGV' });
  });

  it('waitpid decodes the fault of a process started by the addon spawn', async () => {
    const script = `${NO_CORE}; exec "$0" "$@"`;
    const pid = labSpawn('/bin/sh', ['sh', '-c', script, process.execPath, join(FIXTURES, 'fault-child.cjs'), 'segv-default'], {
      env: fixtureEnv(),
    });
    expect(await waitExit(pid)).toMatchObject({ signaled: true, signal: 'SIGSEGV', exited: false });
  });
});

describe.runIf(trapsOnDivide)('SIGFPE from an integer division by zero (x86)', () => {
  it('the crash handler writes its message and exits with its code', async () => {
    const child = run('fpe-handler');
    expect(await child.exited).toEqual({ code: 43, signal: null });
    expect(child.out).toBe('caught SIGFPE\n');
  });

  it('without a handler the kernel kills the process with SIGFPE', async () => {
    const child = run('fpe-default');
    expect(await child.exited).toEqual({ code: null, signal: 'SIGFPE' });
  });
});

describe('installCrashHandler arguments', () => {
  it('refuses other signals, long messages and bad exit codes without touching dispositions', () => {
    const before = lab.signalDisposition('SIGSEGV');
    expect(() => lab.installCrashHandler('SIGUSR1' as never, 'x', 1)).toThrow(RangeError);
    expect(() => lab.installCrashHandler('SIGSEGV', 'x'.repeat(2000), 1)).toThrow(RangeError);
    expect(() => lab.installCrashHandler('SIGSEGV', 'x', 256)).toThrow(RangeError);
    expect(() => lab.installCrashHandler('SIGSEGV', 'x', -1)).toThrow(RangeError);
    expect(() => lab.installCrashHandler('SIGSEGV', 5 as never, 1)).toThrow(TypeError);
    expect(() => lab.installCrashHandler('SIGSEGV', 'x', 1, -3)).toThrow(RangeError);
    expect(() => lab.installCrashHandler('SIGNOPE' as never, 'x', 1)).toThrow(RangeError);
    expect(lab.signalDisposition('SIGSEGV')).toEqual(before);
  });
});
