// Live figures of one object of a run, from the kernel: IPC_STAT and the bytes of a segment,
// who holds which end of a pipe (/proc/PID/fd), what a queue holds, a semaphore's value.
import { closeSync, constants, openSync, readFileSync, readSync } from 'node:fs';
import { readByAttaching, readThroughProcess } from '../shm-bytes';
import { LabFailure } from '../../contract/envelope';
import type { ObjectSnapshot } from '../../contract/runs';
import { addon } from '../../native/addon';
import type { LabObject } from '../../scenario/schema';
import type { ObjectName } from './names';
import { readPipeEnds } from './proc';
import type { RunProcess } from './run-processes';
import { inspectSocket } from './inspect-socket';

const gone = (object: LabObject, identifiers: ObjectSnapshot['identifiers'] = {}): ObjectSnapshot => ({
  object: object.id, kind: object.kind, exists: false, identifiers, stat: {},
});

/**
 * The shmid of the run's segment of `key` once IPC_RMID has cleared its key, while a live process
 * of the run still has it attached: /proc/PID/maps names the mapping "/SYSV<key as %08x>" with the
 * shmid as its inode (proc(5); the name is fixed at shmget). Only a segment the kernel reports
 * marked for destruction (SHM_DEST) counts; undefined when none is (or off Linux: no /proc).
 */
function markedSegment(key: number, processes: RunProcess[]): number | undefined {
  const mapping = `/SYSV${(key >>> 0).toString(16).padStart(8, '0')}`;
  for (const process of processes) {
    if (!process.live || process.pid === undefined) continue;
    let maps: string;
    try {
      maps = readFileSync(`/proc/${process.pid}/maps`, 'utf8');
    } catch {
      continue;
    }
    for (const line of maps.split('\n')) {
      const fields = line.split(/\s+/);
      if (fields[5] !== mapping) continue;
      const shmid = Number(fields[4]);
      try {
        if (addon().shmStat(shmid).markedForDestruction) return shmid;
      } catch {
        // Freed meanwhile (EINVAL, EIDRM): look further.
      }
    }
  }
  return undefined;
}

function inspectShm(object: LabObject & { kind: 'shm' }, name: ObjectName, processes: RunProcess[], offset: number, length: number, attach: boolean): ObjectSnapshot {
  const native = addon();
  const end = Math.min(object.size, offset + length);
  if (name.key !== undefined) {
    let shmid: number | undefined;
    try {
      shmid = native.shmGet(name.key, 0);
    } catch {
      // After IPC_RMID the key is gone (shmget says ENOENT) but Linux keeps the segment while it
      // is attached (shmctl(2), SHM_DEST): find it by the mapping a process of the run holds.
      shmid = markedSegment(name.key, processes);
      if (shmid === undefined) return gone(object, { key: name.key });
    }
    // IPC_STAT first: the figures are the run's own, before the inspector looks.
    const stat = native.shmStat(shmid);
    const length = Math.max(0, end - offset);
    const pids = processes.filter((p) => p.live).map((p) => p.pid!);
    const bytes = readThroughProcess(shmid, pids, offset, length)?.bytes ?? (attach ? readByAttaching(shmid, offset, length) : undefined);
    return {
      object: object.id, kind: 'shm', exists: true, identifiers: { shmid, key: stat.markedForDestruction ? stat.key : name.key }, // IPC_RMID clears the key (IPC_PRIVATE)
      stat: { size: stat.size, nattch: stat.nattch, cpid: stat.cpid, lpid: stat.lpid, markedForDestruction: stat.markedForDestruction, mode: stat.mode.toString(8), uid: stat.uid, atime: stat.atime, dtime: stat.dtime, ctime: stat.ctime },
      ...(bytes ? { bytes: Array.from(bytes), offset } : {}),
    };
  }
  // POSIX: the object is a file in /dev/shm; reading it maps nothing and attaches nothing.
  let fd: number;
  try {
    fd = openSync(`/dev/shm${name.name}`, constants.O_RDONLY);
  } catch {
    return gone(object, { name: name.name! });
  }
  try {
    const buffer = Buffer.alloc(Math.max(0, end - offset));
    const read = readSync(fd, buffer, 0, buffer.length, offset);
    return { object: object.id, kind: 'shm', exists: true, identifiers: { name: name.name! }, stat: { size: object.size }, bytes: Array.from(buffer.subarray(0, read)), offset };
  } finally {
    closeSync(fd);
  }
}

function inspectStream(object: LabObject, name: ObjectName, processes: RunProcess[]): ObjectSnapshot {
  const holders: NonNullable<ObjectSnapshot['holders']> = [];
  let probe: { pid: number; fd: number } | undefined;
  let inode: number | undefined;
  for (const process of processes) {
    if (!process.live) continue;
    for (const end of readPipeEnds(process.pid!)) {
      const named = process.fdObjects.get(end.fd) === object.id || (name.path !== undefined && end.path === name.path);
      if (!named) continue;
      inode = end.inode;
      const ends: Array<'read' | 'write'> = end.end === 'both' ? ['read', 'write'] : [end.end];
      for (const which of ends) holders.push({ process: process.id, pid: process.pid!, end: which, fd: end.fd });
      if (end.end !== 'write' && !probe) probe = { pid: process.pid!, fd: end.fd };
    }
  }
  const stat: ObjectSnapshot['stat'] = { readers: holders.filter((h) => h.end === 'read').length, writers: holders.filter((h) => h.end === 'write').length, inode: inode ?? null };
  // Bytes queued: FIONREAD on a second descriptor of the same pipe, opened through /proc only
  // when a reader already exists, so the extra reader changes nothing (no EOF, no SIGPIPE).
  if (probe) {
    try {
      const fd = openSync(`/proc/${probe.pid}/fd/${probe.fd}`, constants.O_RDONLY | constants.O_NONBLOCK);
      try {
        stat.bytesQueued = addon().fdBytesAvailable(fd);
        stat.capacity = addon().pipeGetSize(fd);
      } finally {
        closeSync(fd);
      }
    } catch {
      // The holder closed it meanwhile.
    }
  }
  const exists = holders.length > 0 || (name.path !== undefined && stat.inode !== null);
  return { object: object.id, kind: object.kind, exists, identifiers: name.path ? { path: name.path } : {}, stat, holders };
}

function inspectMailbox(object: LabObject & { kind: 'mailbox' }, name: ObjectName): ObjectSnapshot {
  const native = addon();
  try {
    if (name.key !== undefined) {
      const msqid = native.msgGet(name.key);
      const s = native.msgStat(msqid);
      return { object: object.id, kind: 'mailbox', exists: true, identifiers: { msqid, key: name.key }, stat: { messages: s.qnum, bytes: s.cbytes, maxBytes: s.qbytes, lspid: s.lspid, lrpid: s.lrpid } };   // no message count: msg_qbytes (maxBytes) is System V's capacity
    }
    const mqd = native.mqOpen!(name.name!, { access: 'read' });
    try {
      const a = native.mqGetAttr!(mqd);
      return { object: object.id, kind: 'mailbox', exists: true, identifiers: { name: name.name! }, stat: { messages: a.currentMessages, capacity: object.capacity, slots: a.maxMessages, maxMessage: a.messageSize } };
    } finally {
      native.mqClose!(mqd);
    }
  } catch {
    return gone(object, name.key !== undefined ? { key: name.key } : { name: name.name! });
  }
}

function inspectSemaphore(object: LabObject, name: ObjectName): ObjectSnapshot {
  const native = addon();
  let handle: number;
  try {
    handle = native.semOpen(name.name!, {});
  } catch {
    return gone(object, { name: name.name! });
  }
  try {
    return { object: object.id, kind: 'semaphore', exists: true, identifiers: { name: name.name! }, stat: { value: native.semGetValue(handle) } };
  } finally {
    native.semClose(handle);
  }
}

/**
 * The kernel's figures for one object of the run. `attach` (default true): when no process of the
 * run has a System V segment attached, its bytes are read through a read-only attachment of the
 * engine's own, which sets shm_lpid to the engine's PID (shmat(2)); the recorded history passes
 * false and goes without the bytes instead. Throws LabFailure NOT_FOUND for an unknown object.
 */
export function inspectObject(object: LabObject | undefined, name: ObjectName | undefined, processes: RunProcess[], offset = 0, length = 4096, attach = true): ObjectSnapshot {
  if (!object || !name) throw new LabFailure('NOT_FOUND', 'No such object in this run.');
  switch (object.kind) {
    case 'shm': return inspectShm(object, name, processes, offset, length, attach);
    case 'pipe':
    case 'fifo': return inspectStream(object, name, processes);
    case 'mailbox': return inspectMailbox(object, name);
    case 'semaphore': return inspectSemaphore(object, name);
    case 'socket': return inspectSocket(object, name, processes);
  }
}
