// What the kernel says about a process where there is no /proc (macOS): ps(1), which reads it
// through sysctl(KERN_PROC) and libproc. The keywords used are common to BSD ps and procps, so
// this reader is tested on Linux against /proc (test/engine/run/proc-ps.test.ts); on macOS its
// output formats (state letters, CPU time as M:SS.hh, masks as hex without padding) are parsed the
// same way. Each read runs ps once (a few ms): the lab polls a handful of processes.
import { spawnSync } from 'node:child_process';
import type { KernelState, ProcStat, SignalMasks } from './proc';

export interface PsProcess {
  stat: ProcStat;
  /** The wait channel ps names (BSD: a short symbol such as "pipe_r"), when the process sleeps in one. */
  wchan?: string;
  masks: SignalMasks;
}

/** Clock ticks per second in ProcStat.cpuTicks, as on Linux (USER_HZ). */
const TICKS_PER_SECOND = 100;

/** "[[DD-]HH:]MM:SS[.hh]" → seconds. */
export function parseCpuTime(text: string): number {
  const [days, rest] = text.includes('-') ? text.split('-') : ['0', text];
  return Number(days) * 86_400 + rest!.split(':').reduce((total, part) => total * 60 + Number(part), 0);
}

/**
 * BSD and procps state letters as /proc's: U (uninterruptible wait, BSD) is D; I (BSD: idle,
 * sleeping more than 20 s) is S. Modifier characters after the first (s, +, <, N, L) are dropped.
 */
export function kernelState(stat: string, platform: NodeJS.Platform = process.platform): KernelState {
  const letter = stat.charAt(0);
  if (letter === 'U') return 'D';
  if (letter === 'I' && platform !== 'linux') return 'S';
  return letter as KernelState;
}

// wchan last: ps truncates every column to its width but the last (procps "do_wai" otherwise).
// lstart is five words ("Mon Nov 30 01:50:19 2026").
const FIELDS = ['pid', 'ppid', 'stat', 'time', 'sig', 'sigmask', 'sigignore', 'sigcatch', 'lstart', 'wchan'];

/** One process as ps reports it, or undefined when it is gone (ps exits 1 for an unknown PID). */
export function readPsProcess(pid: number, platform: NodeJS.Platform = process.platform): PsProcess | undefined {
  const result = spawnSync('ps', ['-o', FIELDS.map((f) => `${f}=`).join(','), '-p', String(pid)], { encoding: 'utf8' });
  const line = result.status === 0 ? result.stdout.trim() : '';
  if (!line) return undefined;
  const words = line.split(/\s+/);
  const [, ppid, stat, time, pending, blocked, ignored, caught] = words;
  const started = words.slice(8, 13).join(' ');
  const wchan = words[13];
  const hex = (value: string | undefined) => (value && /^[0-9a-f]+$/i.test(value) ? BigInt(`0x${value}`) : 0n);
  const startedAt = Date.parse(started);
  return {
    stat: {
      pid,
      state: kernelState(stat!, platform),
      ppid: Number(ppid),
      cpuTicks: Math.round(parseCpuTime(time!) * TICKS_PER_SECOND),
      // Seconds since the epoch (lstart): with the PID, names the process as /proc's start time does.
      startTime: Number.isFinite(startedAt) ? startedAt / 1000 : 0,
    },
    wchan: wchan && wchan !== '-' && wchan !== '0' ? wchan : undefined,
    masks: { pending: hex(pending), blocked: hex(blocked), ignored: hex(ignored), caught: hex(caught) },
  };
}
