// Signals against real processes: sigaction with C handlers, EINTR and SA_RESTART on a blocking
// read, pause, the sender's pid, SIGKILL/SIGSTOP refused by the kernel, the C baseline undoing
// Node's dispositions, SIGPIPE killing once SIGPIPE is SIG_DFL again.
import { execFileSync } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { constants as osConstants } from 'node:os';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { assertNoLeaks, snapshot, type SystemSnapshot } from '../helpers/leaks';
import {
  FIXTURES, GLIBC_RESERVED, NodeChild, bit, fixtureEnv, inPipeRead, lab, labSpawn, pollUntil,
  reapSpawned, sleep, sleeping, statusMask, waitExit,
} from './fixtures/process-harness';

let before: SystemSnapshot;
let dir: string;
beforeAll(() => {
  lab.signalWakeFd(); // the self-pipe lives as long as the process: create it before the snapshot
  before = snapshot();
  dir = mkdtempSync(join(tmpdir(), 'plab-signals-'));
});
afterEach(async () => {
  await NodeChild.killAll();
  reapSpawned();
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  assertNoLeaks(before);
});

let fifoCount = 0;
function makeFifo(): string {
  const path = join(dir, `fifo-${fifoCount++}`);
  execFileSync('mkfifo', [path]);
  return path;
}

/** Sends `signal` to pid every 300 ms until `done()`: a signal sent before the child blocked is
 * simply handled early, the next one then interrupts the call. */
async function keepSignalling(pid: number, signal: 'SIGUSR1' | 'SIGUSR2', done: () => boolean) {
  for (let i = 0; i < 60 && !done(); i++) {
    try {
      lab.kill(pid, signal);
    } catch {
      return;
    }
    await sleep(300);
  }
}

describe('signal table and names', () => {
  it('lists the platform signals with numbers from <signal.h> and default actions', () => {
    const table = lab.signalTable();
    const byName = new Map(table.map((e) => [e.name, e]));
    for (const name of ['SIGHUP', 'SIGINT', 'SIGQUIT', 'SIGILL', 'SIGTRAP', 'SIGABRT', 'SIGBUS', 'SIGFPE',
      'SIGKILL', 'SIGUSR1', 'SIGSEGV', 'SIGUSR2', 'SIGPIPE', 'SIGALRM', 'SIGTERM', 'SIGCHLD', 'SIGCONT',
      'SIGSTOP', 'SIGTSTP', 'SIGTTIN', 'SIGTTOU', 'SIGURG', 'SIGXCPU', 'SIGXFSZ', 'SIGVTALRM', 'SIGPROF',
      'SIGWINCH', 'SIGIO', 'SIGSYS'] as const) {
      const entry = byName.get(name);
      expect(entry, name).toBeDefined();
      expect(entry!.number).toBe(osConstants.signals[name]);
      expect(lab.signalNumber(name)).toBe(entry!.number);
      expect(lab.signalName(entry!.number)).toBe(name);
    }
    expect(byName.get('SIGKILL')).toMatchObject({ catchable: false, defaultAction: 'terminate' });
    expect(byName.get('SIGSTOP')).toMatchObject({ catchable: false, defaultAction: 'stop' });
    expect(byName.get('SIGSEGV')).toMatchObject({ catchable: true, defaultAction: 'core' });
    expect(byName.get('SIGCHLD')!.defaultAction).toBe('ignore');
    expect(byName.get('SIGCONT')!.defaultAction).toBe('continue');
    expect(lab.signalName(lab.signalNumber('SIGRTMIN+2'))).toBe('SIGRTMIN+2');
  });

  it('refuses unknown names and numbers with RangeError, wrong types with TypeError', () => {
    expect(() => lab.signalNumber('SIGNOPE' as never)).toThrow(RangeError);
    expect(() => lab.signalNumber('sigusr1' as never)).toThrow(RangeError);
    expect(() => lab.signalName(0)).toThrow(RangeError);
    expect(() => lab.signalName(1000)).toThrow(RangeError);
    expect(() => lab.signalName(1.5)).toThrow(RangeError);
    expect(() => lab.signalName({} as never)).toThrow(TypeError);
    expect(() => lab.sigaction('SIGUSR2', 'catch' as never)).toThrow(RangeError);
    expect(() => lab.sigaction('SIGUSR2', 'handler', { restart: 'yes' as never })).toThrow(TypeError);
    expect(() => lab.sigaction('SIGUSR2', 'handler', { mask: ['SIGWHAT' as never] })).toThrow(RangeError);
    expect(() => lab.sigprocmask('add' as never, [])).toThrow(RangeError);
    expect(() => lab.sigprocmask('setmask')).toThrow(TypeError);
    expect(() => lab.sigsuspend('some' as never)).toThrow(TypeError);
    expect(() => lab.kill(-1, 'SIGTERM')).toThrow(RangeError);
    expect(() => lab.kill(2 ** 40, 'SIGTERM')).toThrow(RangeError);
    expect(() => lab.kill('1' as never, 'SIGTERM')).toThrow(TypeError);
    expect(() => lab.raise(0 as never)).toThrow(RangeError);
    expect(() => (lab.sigaction as (...a: unknown[]) => unknown)()).toThrow(TypeError);
  });
});

describe('sigaction in this process', () => {
  it('refuses SIGKILL and SIGSTOP with the kernel EINVAL', () => {
    for (const signal of ['SIGKILL', 'SIGSTOP'] as const) {
      for (const action of ['handler', 'ignore', 'default'] as const) {
        expect(() => lab.sigaction(signal, action)).toThrow(
          expect.objectContaining({ code: 'EINVAL', errno: osConstants.errno.EINVAL, syscall: 'sigaction', signal }),
        );
      }
    }
  });

  it('records raise() and kill() deliveries with the sender pid, masks and pending sets', () => {
    const previous = lab.sigaction('SIGUSR2', 'handler');
    try {
      expect(lab.signalDisposition('SIGUSR2')).toEqual({ action: 'handler', restart: false });
      const handledBefore = lab.signalStats().handled;
      lab.raise('SIGUSR2'); // delivered to this thread before raise returns
      lab.kill(process.pid, 'SIGUSR2');
      lab.kill(process.pid, 0); // existence check only
      const got = lab.takeSignals();
      expect(got.length).toBe(2);
      for (const d of got) expect(d).toMatchObject({ signal: 'SIGUSR2', number: osConstants.signals.SIGUSR2, pid: process.pid });
      expect(lab.signalStats().handled).toBe(handledBefore + 2);
      expect(lab.takeSignals()).toEqual([]);

      const oldMask = lab.sigprocmask('block', ['SIGUSR2']);
      try {
        lab.raise('SIGUSR2');
        expect(lab.sigpending()).toContain('SIGUSR2');
        expect(lab.takeSignals()).toEqual([]);
      } finally {
        lab.sigprocmask('setmask', oldMask); // unblocking delivers the pending one
      }
      expect(lab.sigpending()).not.toContain('SIGUSR2');
      expect(lab.takeSignals().map((d) => d.signal)).toEqual(['SIGUSR2']);
    } finally {
      lab.sigaction('SIGUSR2', previous.action === 'handler' ? 'handler' : previous.action === 'ignore' ? 'ignore' : 'default');
    }
  });

  it('kill reports ESRCH for a pid that does not exist', () => {
    const pid = labSpawn('/bin/true');
    lab.waitpid(pid);
    expect(() => lab.kill(pid, 'SIGTERM')).toThrow(expect.objectContaining({ code: 'ESRCH', syscall: 'kill', pid, signal: 'SIGTERM' }));
  });
});

describe('the C baseline in a Node child', () => {
  it('resets what Node ignores and catches: SigIgn and SigCgt empty but for installed handlers', async () => {
    const child = new NodeChild('signals-child.cjs', ['status', 'reset', 'SIGUSR1']);
    const line = await child.line('after');
    const beforeIgn = BigInt(`0x${line.before.SigIgn}`);
    expect(beforeIgn & bit(osConstants.signals.SIGPIPE)).not.toBe(0n); // Node ignores SIGPIPE
    expect(BigInt(`0x${line.after.SigIgn}`)).toBe(0n);
    expect(BigInt(`0x${line.after.SigCgt}`) & ~GLIBC_RESERVED).toBe(bit(osConstants.signals.SIGUSR1));
    expect(BigInt(`0x${line.after.SigBlk}`)).toBe(0n);
    expect(line.reset.skipped.every((n: number) => n === 32 || n === 33)).toBe(true);
  });

  it('a program started by the addon spawn starts with no ignored signal though this process ignores SIGPIPE', async () => {
    expect(statusMask('self', 'SigIgn') & bit(osConstants.signals.SIGPIPE)).not.toBe(0n);
    const pid = await sleeping(labSpawn('/bin/sleep', ['sleep', '30']));
    expect(statusMask(pid, 'SigIgn')).toBe(0n);
    expect(statusMask(pid, 'SigCgt')).toBe(0n);
  });
});

describe('a handled signal and a blocking read', () => {
  it('interrupts read() on a FIFO with EINTR and reports the sender pid', async () => {
    const fifo = makeFifo();
    const keepOpen = openSync(fifo, constants.O_RDWR); // a writer, so the child's open() returns
    try {
      const child = new NodeChild('signals-child.cjs', ['read', fifo, '0']);
      const { pid } = await child.line('ready');
      await pollUntil('the child blocked in read()', () => inPipeRead(pid)).catch(() => undefined);
      await keepSignalling(pid, 'SIGUSR1', () => child.lines().length > 1);
      const result = await child.line('signals');
      expect(result.error).toBe('EINTR');
      expect(result.signals.length).toBeGreaterThanOrEqual(1);
      expect(result.signals[0]).toMatchObject({ signal: 'SIGUSR1', pid: process.pid, uid: process.getuid!() });
      expect((await child.exited).code).toBe(0);
    } finally {
      closeSync(keepOpen);
    }
  });

  it('with SA_RESTART the read continues and returns data written later', async () => {
    const fifo = makeFifo();
    const writer = openSync(fifo, constants.O_RDWR);
    try {
      const child = new NodeChild('signals-child.cjs', ['read', fifo, '1']);
      const { pid } = await child.line('ready');
      await pollUntil('the child blocked in read()', () => inPipeRead(pid));
      lab.kill(pid, 'SIGUSR1');
      await sleep(300);
      await pollUntil('the child back in read() after its handler', () => inPipeRead(pid));
      expect(child.lines().length).toBe(1); // still reading: the signal did not end the read
      writeSync(writer, 'later');
      const result = await child.line('signals');
      expect(result.error).toBeUndefined();
      expect(result.data).toBe('later');
      expect(result.signals).toEqual([expect.objectContaining({ signal: 'SIGUSR1', pid: process.pid })]);
    } finally {
      closeSync(writer);
    }
  });

  it('interrupts a read on a blocking descriptor the addon spawn passed in (fd 3)', async () => {
    const fifo = makeFifo();
    const pipeEnd = openSync(fifo, constants.O_RDWR); // blocking: no O_NONBLOCK
    const outFile = join(dir, 'read-fd3.out');
    const outFd = openSync(outFile, 'w');
    const devNull = openSync('/dev/null', 'r');
    try {
      const pid = labSpawn(process.execPath, [process.execPath, join(FIXTURES, 'signals-child.cjs'), 'read', '3', '0'], {
        env: fixtureEnv(),
        fds: [[0, devNull], [1, outFd], [2, outFd], [3, pipeEnd]],
      });
      const lines = () => readFileSync(outFile, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
      await pollUntil('ready', () => lines().length > 0);
      await pollUntil('the child blocked in read()', () => inPipeRead(pid)).catch(() => undefined);
      await keepSignalling(pid, 'SIGUSR1', () => lines().length > 1);
      const status = await waitExit(pid);
      expect(status).toMatchObject({ exited: true, code: 0 });
      const result = lines()[1];
      expect(result.error).toBe('EINTR');
      expect(result.signals[0]).toMatchObject({ signal: 'SIGUSR1', pid: process.pid });
    } finally {
      for (const fd of [pipeEnd, outFd, devNull]) closeSync(fd);
    }
  });
});

describe('pause', () => {
  it('throws EINTR after a handled signal, as pause(2) returns -1/EINTR', async () => {
    const child = new NodeChild('signals-child.cjs', ['pause']);
    const { pid } = await child.line('ready');
    await keepSignalling(pid, 'SIGUSR2', () => child.lines().length > 1);
    const result = await child.line('error');
    expect(result).toMatchObject({ error: 'EINTR', syscall: 'pause' });
    expect(result.signals[0]).toMatchObject({ signal: 'SIGUSR2', pid: process.pid });
  });
});

describe('SIGPIPE after the baseline', () => {
  it('writing to a FIFO with no reader kills the child with SIGPIPE (waitpid says so)', async () => {
    const fifo = makeFifo();
    const pid = labSpawn(process.execPath, [process.execPath, join(FIXTURES, 'signals-child.cjs'), 'sigpipe', fifo, '1'], {
      env: fixtureEnv(),
    });
    const status = await waitExit(pid);
    expect(status).toMatchObject({ signaled: true, signal: 'SIGPIPE', exited: false, code: null });
  });

  it('without the baseline Node ignores SIGPIPE and the write fails with EPIPE', async () => {
    const child = new NodeChild('signals-child.cjs', ['sigpipe', makeFifo(), '0']);
    expect((await child.line('error')).error).toBe('EPIPE');
    expect((await child.exited).code).toBe(0);
  });
});
