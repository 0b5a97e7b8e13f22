// Who a PID is, beyond its number: its real uid and start time (with the boot, a process's
// identity; proc(5)), and which processes belong to a run by their environment. Cleanup uses
// these so that it never acts on a reused PID or on another user's process.
import { readdirSync, readFileSync } from 'node:fs';
import { LAB_ENV } from './run-files';

/** The real uid of a process (Uid: field 1 of /proc/PID/status), or undefined when it is gone. */
export function readUid(pid: number): number | undefined {
  try {
    const line = /^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return line ? Number(line[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** This boot's id (/proc/sys/kernel/random/boot_id); start times compare only within one boot. */
export function bootId(): string | undefined {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return undefined;
  }
}

/**
 * PIDs of processes with real uid `uid` whose initial environment names `runDir` as their run
 * directory (LAB_ENV.runDir): every process of that run, whether or not its PID was journalled.
 * Another user's /proc/PID/environ is unreadable (EACCES) and skipped.
 */
export function findRunProcesses(runDir: string, uid: number): number[] {
  const marker = Buffer.from(`\0${LAB_ENV.runDir}=${runDir}\0`);
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (pid === process.pid || readUid(pid) !== uid) continue;
    try {
      const environ = Buffer.concat([Buffer.from([0]), readFileSync(`/proc/${pid}/environ`)]);
      if (environ.includes(marker)) found.push(pid);
    } catch {
      // Gone, or not ours to read.
    }
  }
  return found;
}
