// The bytes of a System V segment, read without changing what the inspectors show: preferably
// from /proc/PID/mem of a process that has it attached (proc(5): /proc/PID/maps names the
// mapping "/SYSV<key>" with the shmid as its inode), so nattch and lpid stay the run's own;
// otherwise through a read-only attachment (shmat SHM_RDONLY) held for the instant of the copy.
// Used by the run inspector (run/inspect.ts) and the system inspector (system/segment.ts).
import { closeSync, constants, openSync, readFileSync, readSync } from 'node:fs';
import { addon } from '../native/addon';

export function readThroughProcess(shmid: number, pids: Iterable<number>, offset: number, length: number): { bytes: Uint8Array; pid: number } | undefined {
  for (const pid of pids) {
    if (pid === process.pid) continue;
    let maps: string;
    try {
      maps = readFileSync(`/proc/${pid}/maps`, 'utf8');
    } catch {
      continue;
    }
    const line = maps.split('\n').find((l) => {
      const fields = l.split(/\s+/);
      return fields[4] === String(shmid) && (fields[5] ?? '').startsWith('/SYSV');
    });
    if (!line) continue;
    const start = parseInt(line.slice(0, line.indexOf('-')), 16);
    try {
      const fd = openSync(`/proc/${pid}/mem`, constants.O_RDONLY);
      try {
        const buffer = Buffer.alloc(length);
        const read = readSync(fd, buffer, 0, length, start + offset);
        return { bytes: buffer.subarray(0, read), pid };
      } finally {
        closeSync(fd);
      }
    } catch {
      continue; // ptrace rules (PTRACE_MODE_ATTACH) forbid it: try another process
    }
  }
  return undefined;
}

export function readByAttaching(shmid: number, offset: number, length: number): Uint8Array {
  const native = addon();
  const handle = native.shmAttach(shmid, { readOnly: true });
  try {
    return native.memRead(handle, offset, length);
  } finally {
    native.shmDetach(handle);
  }
}
