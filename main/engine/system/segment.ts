// 'system.segment': the bytes and IPC_STAT of any System V segment the user may read, shaped
// like run.inspect's ObjectSnapshot. As run/inspect.ts does, the bytes come preferably from
// /proc/PID/mem of a process that has it attached (proc(5); /proc/PID/maps names the mapping
// "/SYSV<key>" with the shmid as inode), so nattch and lpid stay untouched; otherwise from a
// read-only attachment (shmat SHM_RDONLY) held only for the instant of the copy.
import { LabFailure } from '../../contract/envelope';
import type { ObjectSnapshot } from '../../contract/runs';
import { addon } from '../../native/addon';
import { readByAttaching, readThroughProcess } from '../shm-bytes';
import { allPids, euid } from './procs';
import { keyHex, mayRead, readSysv } from './sysv';

export function readSegment(shmid: number, offset = 0, length = 4096): ObjectSnapshot {
  const row = readSysv('shm').find((r) => r.id === shmid);
  if (!row) throw new LabFailure('NOT_FOUND', `No System V shared memory segment with shmid ${shmid}.`);
  const groups = [typeof process.getegid === 'function' ? process.getegid() : 0, ...(process.getgroups?.() ?? [])];
  if (!mayRead(row, euid(), groups)) {
    throw new LabFailure('FORBIDDEN', `shm ${shmid} (mode ${(row.perms & 0o777).toString(8)}, uid ${row.uid}) is not readable by you.`);
  }
  // IPC_STAT first: the figures before the inspector reads anything.
  const stat = addon().shmStat(shmid);
  const end = Math.min(stat.size, offset + length);
  const count = Math.max(0, end - offset);
  const through = stat.nattch > 0 && count > 0 ? readThroughProcess(shmid, allPids(), offset, count) : undefined;
  const bytes = through?.bytes ?? (count > 0 ? readByAttaching(shmid, offset, count) : new Uint8Array(0));
  return {
    object: `shm-${shmid}`,
    kind: 'shm',
    exists: true,
    identifiers: { shmid, key: stat.key, keyHex: keyHex(stat.key) },
    stat: {
      size: stat.size, nattch: stat.nattch, cpid: stat.cpid, lpid: stat.lpid,
      markedForDestruction: stat.markedForDestruction, mode: stat.mode.toString(8), uid: stat.uid, gid: stat.gid,
      cuid: stat.cuid, cgid: stat.cgid, atime: stat.atime, dtime: stat.dtime, ctime: stat.ctime,
      readVia: through ? `/proc/${through.pid}/mem` : count > 0 ? 'read-only attachment' : 'nothing to read',
    },
    bytes: Array.from(bytes),
    offset,
  };
}
