// What the kernel says about a process, read from /proc as htop does (proc(5)). Where there is no
// /proc (macOS) state, wait channel and signal masks come from ps(1) instead (proc-ps.ts), and a
// process's pipe ends are not known (an empty list).
import { existsSync, readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { readPsProcess } from './proc-ps';

const HAS_PROC = existsSync('/proc/self/stat');

export type KernelState = 'R' | 'S' | 'D' | 'T' | 'Z' | 't' | 'X' | 'I' | 'P' | 'W';

export interface ProcStat {
  pid: number;
  state: KernelState;
  ppid: number;
  /** CPU time in clock ticks (user + system). */
  cpuTicks: number;
  /** Start time in clock ticks after boot: with the pid, names a process uniquely. */
  startTime: number;
}

/** /proc/PID/stat, or undefined when the process is gone (or was never ours to see). */
export function readStat(pid: number): ProcStat | undefined {
  if (!HAS_PROC) return readPsProcess(pid)?.stat;
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name is in parentheses and may itself contain ") ": split after the last one.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return {
    pid,
    state: fields[0] as KernelState,
    ppid: Number(fields[1]),
    cpuTicks: Number(fields[11]) + Number(fields[12]),
    startTime: Number(fields[19]),
  };
}

/** The kernel function a sleeping process waits in (pipe_read, do_msgrcv, ...), if any. */
export function readWchan(pid: number): string | undefined {
  if (!HAS_PROC) return readPsProcess(pid)?.wchan;
  try {
    const wchan = readFileSync(`/proc/${pid}/wchan`, 'utf8').trim();
    return wchan && wchan !== '0' ? wchan : undefined;
  } catch {
    return undefined;
  }
}

export interface SignalMasks {
  pending: bigint;
  blocked: bigint;
  ignored: bigint;
  caught: bigint;
}

/** SigPnd/ShdPnd, SigBlk, SigIgn, SigCgt of /proc/PID/status (bit n-1 is signal n). */
export function readSignalMasks(pid: number): SignalMasks | undefined {
  if (!HAS_PROC) return readPsProcess(pid)?.masks;
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const field = (name: string) => BigInt('0x' + (text.match(new RegExp(`^${name}:\\s*([0-9a-f]+)`, 'm'))?.[1] ?? '0'));
  return {
    pending: field('SigPnd') | field('ShdPnd'),
    blocked: field('SigBlk'),
    ignored: field('SigIgn'),
    caught: field('SigCgt'),
  };
}

export function hasSignal(mask: bigint, signalNumber: number): boolean {
  return ((mask >> BigInt(signalNumber - 1)) & 1n) === 1n;
}

export interface OpenPipeEnd {
  fd: number;
  /** The pipe's inode: two descriptors with the same inode are ends of one pipe or FIFO. */
  inode: number;
  end: 'read' | 'write' | 'both';
  /** The FIFO's path, for named pipes. */
  path?: string;
}

/** The inode of the socket behind descriptor `fd` of `pid` (its link reads `socket:[INODE]`, proc(5)); undefined if none. */
export function socketInode(pid: number, fd: number): number | undefined {
  try {
    const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined; // closed meanwhile, or the process is gone
  }
}

/** The pipes and FIFOs a process holds, from /proc/PID/fd and fdinfo's flags. */
export function readPipeEnds(pid: number): OpenPipeEnd[] {
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return [];
  }
  const ends: OpenPipeEnd[] = [];
  for (const name of fds) {
    const fd = Number(name);
    let target: string;
    let info: string;
    let inode: number;
    try {
      target = readlinkSync(`/proc/${pid}/fd/${fd}`);
      const stat = statSync(`/proc/${pid}/fd/${fd}`); // follows the link to the pipe itself
      if (!stat.isFIFO()) continue;
      inode = stat.ino;
      info = readFileSync(`/proc/${pid}/fdinfo/${fd}`, 'utf8');
    } catch {
      continue; // closed while we looked
    }
    const flags = parseInt(info.match(/^flags:\s*([0-7]+)/m)?.[1] ?? '0', 8);
    const access = flags & 3; // O_RDONLY 0, O_WRONLY 1, O_RDWR 2
    const end = access === 0 ? 'read' : access === 1 ? 'write' : 'both';
    ends.push({ fd, inode, end, path: target.startsWith('pipe:') ? undefined : target });
  }
  return ends;
}
