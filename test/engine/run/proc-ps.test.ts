// The ps(1) reader used where there is no /proc (macOS), checked here against /proc itself on a
// real process: the same state, parent, wait channel, signal masks and a stable start time.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSignalMasks, readStat, readWchan } from '../../../main/engine/run/proc';
import { kernelState, parseCpuTime, readPsProcess } from '../../../main/engine/run/proc-ps';

describe('proc-ps (the macOS process-state reader), against /proc', () => {
  let child: ChildProcess;
  beforeAll(async () => {
    // A shell that ignores SIGUSR1 and waits for its child: asleep in the kernel, with a mask to read.
    child = spawn('sh', ['-c', 'trap "" USR1; sleep 30; :'], { stdio: 'ignore' });
    const pid = child.pid!;
    for (let i = 0; i < 200 && readStat(pid)?.state !== 'S'; i++) await new Promise((r) => setTimeout(r, 10));
    for (let i = 0; i < 200 && !(readSignalMasks(pid)!.ignored & (1n << 9n)); i++) await new Promise((r) => setTimeout(r, 10));
  });
  afterAll(() => {
    child.kill('SIGKILL');
  });

  it('reads the same state, parent, wait channel and masks as /proc', () => {
    const pid = child.pid!;
    const ps = readPsProcess(pid)!;
    expect(ps.stat).toMatchObject({ pid, state: readStat(pid)!.state, ppid: process.pid });
    expect(ps.stat.state).toBe('S');
    expect(ps.wchan).toBe(readWchan(pid));
    expect(ps.masks).toEqual(readSignalMasks(pid));
    expect(ps.masks.ignored & (1n << 9n)).toBe(1n << 9n); // SIGUSR1 is signal 10: bit 9
  });

  it('gives a start time that names the process (stable across reads) and CPU time in ticks', () => {
    const pid = child.pid!;
    const first = readPsProcess(pid)!.stat;
    const second = readPsProcess(pid)!.stat;
    expect(first.startTime).toBeGreaterThan(0);
    expect(second.startTime).toBe(first.startTime);
    expect(first.cpuTicks).toBeGreaterThanOrEqual(0);
  });

  it('answers undefined for a process that is gone', async () => {
    const gone = spawn('true');
    await new Promise((r) => gone.once('exit', r));
    expect(readPsProcess(gone.pid!)).toBeUndefined();
  });

  it('parses BSD and procps formats', () => {
    expect(parseCpuTime('0:00.01')).toBeCloseTo(0.01); // BSD: M:SS.hh
    expect(parseCpuTime('00:01:05')).toBe(65); // procps: HH:MM:SS
    expect(parseCpuTime('2-01:00:00')).toBe(2 * 86_400 + 3600);
    expect(kernelState('Ss+', 'darwin')).toBe('S');
    expect(kernelState('U', 'darwin')).toBe('D'); // BSD's uninterruptible wait
    expect(kernelState('I', 'darwin')).toBe('S'); // BSD's idle: asleep for more than 20 s
    expect(kernelState('Z', 'darwin')).toBe('Z');
    expect(kernelState('T', 'linux')).toBe('T');
  });
});
