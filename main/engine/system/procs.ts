// The machine's processes as the inspector needs them, read once per listing from /proc
// (proc(5)): alive or not, command, effective uid, start time; and user names from /etc/passwd.
import { readdirSync, readFileSync } from 'node:fs';
import { readStat } from '../run/proc';

/** USER_HZ: /proc/PID/stat counts start time in these ticks; 100 on every Linux ABI (time(7)). */
const USER_HZ = 100;

export function euid(): number {
  return typeof process.geteuid === 'function' ? process.geteuid() : 0;
}

let passwd: { at: number; names: Map<number, string> } | undefined;

/** uid -> user name from /etc/passwd (passwd(5)), re-read at most every 10 s. */
export function userName(uid: number): string | null {
  if (!passwd || Date.now() - passwd.at > 10_000) {
    const names = new Map<number, string>();
    try {
      for (const line of readFileSync('/etc/passwd', 'utf8').split('\n')) {
        const [name, , id] = line.split(':');
        if (name && id !== undefined && !names.has(Number(id))) names.set(Number(id), name);
      }
    } catch {
      // No passwd file (a container): uids stay numbers.
    }
    passwd = { at: Date.now(), names };
  }
  return passwd.names.get(uid) ?? null;
}

let bootTime: number | undefined;

/** Seconds since the epoch at boot: btime of /proc/stat. */
function bootSeconds(): number {
  if (bootTime === undefined) {
    const match = readFileSync('/proc/stat', 'utf8').match(/^btime\s+(\d+)/m);
    bootTime = match ? Number(match[1]) : 0;
  }
  return bootTime;
}

export function allPids(): number[] {
  return readdirSync('/proc').filter((name) => /^\d+$/.test(name)).map(Number);
}

/** The short command (comm), or undefined when the process is gone. */
export function command(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return undefined;
  }
}

/** The effective uid of a process (second field of Uid: in /proc/PID/status). */
export function processUid(pid: number): number | undefined {
  try {
    const match = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^Uid:\s+\d+\s+(\d+)/m);
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

export interface ProcessFacts {
  alive: boolean;
  command?: string;
  /** Seconds since the epoch when it started. */
  startedAt?: number;
}

/** A memo of what /proc says about PIDs, for one listing. */
export class ProcessTable {
  private readonly facts = new Map<number, ProcessFacts>();

  get(pid: number): ProcessFacts {
    let facts = this.facts.get(pid);
    if (!facts) {
      const stat = pid > 0 ? readStat(pid) : undefined;
      // A zombie has let go of every mapping and descriptor: for IPC it is dead.
      facts = stat && stat.state !== 'Z'
        ? { alive: true, command: command(pid), startedAt: bootSeconds() + stat.startTime / USER_HZ }
        : { alive: false };
      this.facts.set(pid, facts);
    }
    return facts;
  }

  /**
   * The PID as the kernel recorded it for an object. `since` is a time the recorded process
   * must have existed at (the object's last change): a live process started later is a reuse.
   */
  ref(role: string, pid: number, since?: number) {
    const facts = this.get(pid);
    const reused = facts.alive && since !== undefined && since > 0 && facts.startedAt !== undefined && facts.startedAt > since + 1;
    return { role, pid, alive: facts.alive && !reused, command: facts.command, ...(reused ? { reused: true } : {}) };
  }
}
