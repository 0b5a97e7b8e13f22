// Removes whatever is left of a run's named objects, by the names the run journalled. Used at
// the end of every run and, at engine start, for runs whose engine died. Only names the lab
// chose for the run are touched (fidelity rule 6).
import { existsSync, rmSync } from 'node:fs';
import { addon } from '../../native/addon';
import type { ObjectName } from './names';

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

/** Removes one object if it still exists; returns its identifiers when it did. */
export function removeIfPresent(name: ObjectName): RemovedObject | undefined {
  const native = addon();
  try {
    if (name.kind === 'shm' && name.key !== undefined) {
      const shmid = native.shmGet(name.key, 0);
      native.shmRemove(shmid);
      return { name, identifiers: { shmid, key: name.key } };
    }
    if (name.kind === 'mailbox' && name.key !== undefined) {
      const msqid = native.msgGet(name.key);
      native.msgRemove(msqid);
      return { name, identifiers: { msqid, key: name.key } };
    }
    if (name.kind === 'shm' && name.name) {
      native.shmUnlink(name.name);
      return { name, identifiers: { name: name.name } };
    }
    if (name.kind === 'mailbox' && name.name) {
      if (name.ackName) {
        try {
          native.mqUnlink?.(name.ackName);
        } catch (error) {
          if (!gone(error)) throw error;
        }
      }
      native.mqUnlink?.(name.name);
      return { name, identifiers: { name: name.name } };
    }
    if (name.kind === 'semaphore' && name.name) {
      native.semUnlink(name.name);
      return { name, identifiers: { name: name.name } };
    }
    if (name.kind === 'fifo' && name.path) {
      if (!existsSync(name.path)) return undefined;
      rmSync(name.path);
      return { name, identifiers: { path: name.path } };
    }
  } catch (error) {
    if (gone(error)) return undefined;
    throw error;
  }
  return undefined;
}
