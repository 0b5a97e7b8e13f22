// The names a run's objects have in the kernel. Unrelated processes agree on an ftok key or a
// path; here every process of the run resolves an object's id to the same name, unique to the
// run, chosen (and journalled) before any process can create it.
import { randomInt } from 'node:crypto';
import { join } from 'node:path';
import type { Scenario } from '../../scenario/schema';
import { inboxKey } from './inbox';
import { socketAddresses } from './socket-addresses';

/**
 * The run directory's subdirectory for FIFO (and socket) paths. Each host of a run mounts a
 * tmpfs of its own over it, so a path made on one host does not exist on another.
 */
export const OBJECTS_DIR = 'objects';

/** System V keys made by the lab have this high byte ('P'), so the inspector can spot them. */
export const LAB_KEY_PREFIX = 0x50;

export interface ObjectName {
  object: string;
  kind: 'shm' | 'pipe' | 'fifo' | 'mailbox' | 'semaphore' | 'socket';
  flavor?: 'sysv' | 'posix';
  /** System V key (shm and mailboxes of flavor sysv, inboxes). */
  key?: number;
  /** POSIX name (shm_open, mq_open, sem_open), with its leading slash. */
  name?: string;
  /** A FIFO's (or a Unix socket's) path in the run directory. */
  path?: string;
  /** An Internet socket's IPv4 address (dotted) and port. */
  address?: string;
  port?: number;
  /** A capacity-0 mailbox's acknowledgement queue (POSIX): the rendezvous half. */
  ackName?: string;
  /** The inbox of this process (made and removed by the lab itself). */
  inboxOf?: string;
}

export type RunNames = Record<string, ObjectName>;

export { inboxKey } from './inbox';

/** sun_path's size (unix(7)): a Unix socket's path is at most 107 bytes and a NUL. */
const SUN_PATH_BYTES = 108;

/**
 * Refuses a run whose Unix socket paths (in its run directory) do not fit sun_path: bind would
 * get a cut path, not the one the run names. @throws Error naming the path and the way out.
 */
export function checkSocketPaths(names: RunNames): void {
  for (const name of Object.values(names)) {
    if (name.kind !== 'socket' || name.path === undefined || Buffer.byteLength(name.path) < SUN_PATH_BYTES) continue;
    throw new Error(`the Unix socket path ${name.path} is ${Buffer.byteLength(name.path)} bytes, more than sun_path holds (${SUN_PATH_BYTES - 1} and a NUL, unix(7)): `
      + 'start the lab with a shorter runtime directory (XDG_RUNTIME_DIR or PROCESS_LAB_RUNTIME_DIR), or a shorter object id.');
  }
}

export function nameObjects(scenario: Scenario, runTag: string, runDir: string): RunNames {
  const usedKeys = new Set<number>();
  const newKey = () => {
    let key: number;
    do key = (LAB_KEY_PREFIX << 24) | randomInt(1, 0xffffff);
    while (usedKeys.has(key));
    usedKeys.add(key);
    return key;
  };
  const posix = (id: string) => `/plab.${runTag}.${id}`;
  const names: RunNames = {};
  const inet = socketAddresses(scenario);
  for (const object of scenario.objects) {
    switch (object.kind) {
      case 'shm':
        names[object.id] =
          object.flavor === 'posix'
            ? { object: object.id, kind: 'shm', flavor: 'posix', name: posix(object.id) }
            : { object: object.id, kind: 'shm', flavor: 'sysv', key: newKey() };
        break;
      case 'mailbox':
        names[object.id] =
          object.flavor === 'sysv'
            ? { object: object.id, kind: 'mailbox', flavor: 'sysv', key: newKey() }
            : {
                object: object.id,
                kind: 'mailbox',
                flavor: 'posix',
                name: posix(object.id),
                ackName: object.capacity === 0 ? posix(`${object.id}.ack`) : undefined,
              };
        break;
      case 'semaphore':
        names[object.id] = { object: object.id, kind: 'semaphore', name: posix(object.id) };
        break;
      case 'fifo':
        names[object.id] = { object: object.id, kind: 'fifo', path: join(runDir, OBJECTS_DIR, `${object.id}.fifo`) };
        break;
      case 'pipe':
        names[object.id] = { object: object.id, kind: 'pipe' };
        break;
      case 'socket':
        names[object.id] = object.domain === 'unix'
          ? { object: object.id, kind: 'socket', path: join(runDir, OBJECTS_DIR, `${object.id}.sock`) }
          : { object: object.id, kind: 'socket', ...inet.get(object.id)! };
        break;
    }
  }
  // Inboxes for direct naming are System V queues: msgrcv's type selection gives "receive only
  // from that sender" (the message type is the sender's number in the scenario).
  for (const process of scenario.processes) {
    names[inboxKey(process.id)] = { object: process.id, kind: 'mailbox', flavor: 'sysv', key: newKey(), inboxOf: process.id };
  }
  return names;
}
