// Removes whatever is left of a run's named objects, by the names the run journalled. Used at
// the end of every run and, at engine start, for runs whose engine died. Only names the lab
// chose for the run are touched (fidelity rule 6), and only when the object is still ours: a
// System V object whose key and creator uid (IPC_STAT's cuid) match, a POSIX object (a file in
// /dev/shm or /dev/mqueue) owned by us with a lab name, a FIFO directly inside the run's own
// objects/ directory. A name another user took meanwhile is left alone.
import { existsSync, lstatSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { addon } from '../../native/addon';
import { ownUid } from '../paths';
import { LAB_KEY_PREFIX, OBJECTS_DIR, type ObjectName } from './names';

export interface RemovedObject {
  name: ObjectName;
  /** The identifiers it had: shmid, msqid, key, name, path. */
  identifiers: Record<string, string | number>;
}

function errnoCode(error: unknown): string | undefined {
  return (error as { code?: string }).code;
}

/** Whether a remove call found nothing to remove (the object is already gone). */
const gone = (error: unknown) => ['ENOENT', 'EINVAL', 'EIDRM'].includes(errnoCode(error) ?? '');

const isLabKey = (key: number) => key >>> 24 === LAB_KEY_PREFIX;
/** A name of the form nameObjects makes: /plab.<tag>.<object id>[.ack], no slash inside. */
const isLabName = (name: string) => /^\/plab\.[A-Za-z0-9]+\.[A-Za-z0-9_.-]+$/.test(name);

/** Whether the file that backs a POSIX object on Linux exists and is ours. */
function ownedFile(path: string): boolean | undefined {
  const stats = lstatSync(path, { throwIfNoEntry: false });
  if (!stats) return undefined;
  return stats.isFile() && stats.uid === ownUid();
}

/** The file behind a POSIX name on Linux (shm_overview(7), sem_overview(7), mq_overview(7)). */
function posixFile(kind: 'shm' | 'mailbox' | 'semaphore', name: string): string {
  const base = name.slice(1);
  if (kind === 'mailbox') return `/dev/mqueue/${base}`;
  return kind === 'semaphore' ? `/dev/shm/sem.${base}` : `/dev/shm/${base}`;
}

function removePosix(kind: 'shm' | 'mailbox' | 'semaphore', name: string): boolean {
  if (!isLabName(name)) return false;
  // Where the backing file cannot be seen (off Linux, or no mqueue filesystem mounted at
  // /dev/mqueue) the lab's random run tag in the name, from our own journal, is what is ours.
  const file = posixFile(kind, name);
  if (process.platform === 'linux' && existsSync(dirname(file)) && ownedFile(file) !== true) return false;
  const native = addon();
  try {
    if (kind === 'shm') native.shmUnlink(name);
    else if (kind === 'semaphore') native.semUnlink(name);
    else native.mqUnlink?.(name);
    return true;
  } catch (error) {
    if (gone(error)) return false;
    throw error;
  }
}

/**
 * Removes one object if it still exists and is ours; returns its identifiers when it did.
 * `runDir` is the run's own directory: a FIFO is unlinked only directly inside it. Throws the
 * remove call's ErrnoException for anything but "already gone" (ENOENT, EINVAL, EIDRM).
 */
export function removeIfPresent(name: ObjectName, runDir: string): RemovedObject | undefined {
  const native = addon();
  try {
    if (name.kind === 'shm' && name.key !== undefined) {
      if (!isLabKey(name.key)) return undefined;
      const shmid = native.shmGet(name.key, 0);
      if (native.shmStat(shmid).cuid !== ownUid()) return undefined;
      native.shmRemove(shmid);
      return { name, identifiers: { shmid, key: name.key } };
    }
    if (name.kind === 'mailbox' && name.key !== undefined) {
      if (!isLabKey(name.key)) return undefined;
      const msqid = native.msgGet(name.key);
      if (native.msgStat(msqid).cuid !== ownUid()) return undefined;
      native.msgRemove(msqid);
      return { name, identifiers: { msqid, key: name.key } };
    }
    if ((name.kind === 'shm' || name.kind === 'semaphore') && name.name) {
      return removePosix(name.kind, name.name) ? { name, identifiers: { name: name.name } } : undefined;
    }
    if (name.kind === 'mailbox' && name.name) {
      if (name.ackName) removePosix('mailbox', name.ackName);
      return removePosix('mailbox', name.name) ? { name, identifiers: { name: name.name } } : undefined;
    }
    if (name.kind === 'fifo' && name.path) {
      if (dirname(resolve(name.path)) !== resolve(runDir, OBJECTS_DIR)) return undefined;
      const stats = lstatSync(name.path, { throwIfNoEntry: false });
      if (!stats?.isFIFO()) return undefined;
      rmSync(name.path);
      return { name, identifiers: { path: name.path } };
    }
  } catch (error) {
    if (gone(error)) return undefined;
    throw error;
  }
  return undefined;
}
