// 'system.remove': one object, the user's own, confirmed by its name as shown. The object is
// read again right before the call, so a reused id (a new segment with the old shmid) or a
// changed owner is refused instead of removed: shmctl(2) IPC_RMID, mq_unlink(3), shm_unlink(3),
// sem_unlink(3) would otherwise act on whatever has that id or name now.
import { statSync } from 'node:fs';
import { LabFailure } from '../../contract/envelope';
import type { SystemObjectKind } from '../../contract/system';
import { addon } from '../../native/addon';
import { findMqueueMount, posixDisplayName, SHM_DIR, type PosixKind } from './posix';
import { euid, userName } from './procs';
import { readSysv, sysvDisplayName, type SysvKind } from './sysv';

interface Target {
  name: string;
  uid: number;
  remove(): void;
}

const POSIX_NAME = /^\/[^/\0]{1,250}$/;

function sysvTarget(kind: SysvKind, id: string): Target {
  if (!/^\d+$/.test(id)) throw new LabFailure('INVALID_ARGUMENT', `A System V id is a number, not "${id}".`);
  const row = readSysv(kind).find((r) => r.id === Number(id));
  if (!row) throw new LabFailure('NOT_FOUND', `No System V ${kind} with id ${id} (already removed?).`);
  const native = addon();
  return {
    name: sysvDisplayName(kind, row.id, row.key),
    uid: row.uid,
    remove() {
      if (kind === 'shm') native.shmRemove(row.id);
      else if (kind === 'msg') native.msgRemove(row.id);
      else native.semSetRemove(row.id);
    },
  };
}

function posixTarget(kind: PosixKind, name: string): Target {
  if (!POSIX_NAME.test(name)) throw new LabFailure('INVALID_ARGUMENT', `A POSIX name is "/" and a name without "/", not "${name}".`);
  let path: string;
  if (kind === 'mq') {
    const mount = findMqueueMount();
    if (!mount.mounted || !mount.mountPoint) throw new LabFailure('UNAVAILABLE', mount.note);
    path = `${mount.mountPoint}${name}`;
  } else {
    path = kind === 'sem' ? `${SHM_DIR}/sem.${name.slice(1)}` : `${SHM_DIR}${name}`;
  }
  let uid: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw new LabFailure('NOT_FOUND', `${path} is not an IPC object.`);
    uid = stat.uid;
  } catch (error) {
    if (error instanceof LabFailure) throw error;
    throw new LabFailure('NOT_FOUND', `No POSIX ${kind} named ${name} (already removed?).`);
  }
  const native = addon();
  return {
    name: posixDisplayName(kind, name),
    uid,
    remove() {
      if (kind === 'shm') native.shmUnlink(name);
      else if (kind === 'sem') native.semUnlink(name);
      else if (native.mqUnlink) native.mqUnlink(name);
      else throw new LabFailure('UNAVAILABLE', 'This build has no POSIX message queues.');
    },
  };
}

export function removeSystemObject(kind: SystemObjectKind, id: string, confirm: string) {
  const [family, which] = kind.split('-') as ['sysv' | 'posix', string];
  const target = family === 'sysv' ? sysvTarget(which as SysvKind, id) : posixTarget(which as PosixKind, id);
  const me = euid();
  if (target.uid !== me) {
    throw new LabFailure('FORBIDDEN', `${target.name} belongs to ${userName(target.uid) ?? 'uid'} (uid ${target.uid}): the inspector removes only your own objects.`, { owner: target.uid, euid: me });
  }
  if (confirm !== target.name) {
    throw new LabFailure('INVALID_ARGUMENT', `The confirmation "${confirm}" does not name the object, which is now "${target.name}": nothing was removed.`);
  }
  target.remove();
  return { removed: { kind, id, name: target.name } };
}
