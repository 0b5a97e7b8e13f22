// POSIX IPC objects of the machine. Linux (glibc) keeps shared memory as files of /dev/shm
// (shm_overview(7)) and named semaphores as /dev/shm/sem.NAME (sem_overview(7)); message queues
// live on the mqueue filesystem, visible only where it is mounted, by convention /dev/mqueue
// (mq_overview(7)). Without that mount the queues exist but cannot be listed from user space.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export type PosixKind = 'shm' | 'sem' | 'mq';

export interface PosixEntry {
  kind: PosixKind;
  /** The name as shm_open / sem_open / mq_open take it, with its leading slash. */
  name: string;
  /** The file that stands for it. */
  path: string;
  uid: number;
  gid: number;
  mode: number;
  ino: number;
  size: number;
  mtime: number;
  ctime: number;
  /** mqueue files read as "QSIZE:n NOTIFY:... " (ipc/mqueue.c mqueue_read_file). */
  bytesQueued?: number;
}

export const SHM_DIR = '/dev/shm';
const SEM_PREFIX = 'sem.';

function entryOf(kind: PosixKind, name: string, path: string): PosixEntry | undefined {
  try {
    const stat = statSync(path);
    if (!stat.isFile()) return undefined;
    return { kind, name, path, uid: stat.uid, gid: stat.gid, mode: stat.mode & 0o777, ino: stat.ino, size: stat.size, mtime: Math.floor(stat.mtimeMs / 1000), ctime: Math.floor(stat.ctimeMs / 1000) };
  } catch {
    return undefined; // unlinked while we listed
  }
}

/** POSIX shared memory and named semaphores, from /dev/shm. */
export function readShmDir(dir = SHM_DIR): PosixEntry[] {
  if (!existsSync(dir)) return [];
  const entries: PosixEntry[] = [];
  for (const file of readdirSync(dir)) {
    const entry = file.startsWith(SEM_PREFIX)
      ? entryOf('sem', `/${file.slice(SEM_PREFIX.length)}`, join(dir, file))
      : entryOf('shm', `/${file}`, join(dir, file));
    if (entry) entries.push(entry);
  }
  return entries;
}

export interface MqueueMount {
  mounted: boolean;
  mountPoint: string | null;
  /** The device of the mount: descriptors of mq_open are on it. */
  dev?: number;
  note: string;
}

/** Where the mqueue filesystem is mounted (/proc/self/mounts, fstab(5) fields), if anywhere. */
export function findMqueueMount(mountsFile = '/proc/self/mounts'): MqueueMount {
  let mountPoint: string | undefined;
  try {
    for (const line of readFileSync(mountsFile, 'utf8').split('\n')) {
      const [, target, type] = line.split(' ');
      if (type === 'mqueue' && target) {
        mountPoint = target.replace(/\\040/g, ' ');
        if (mountPoint === '/dev/mqueue') break; // the conventional place wins
      }
    }
  } catch {
    // No /proc: nothing can be said.
  }
  if (!mountPoint) {
    return {
      mounted: false,
      mountPoint: null,
      note: 'POSIX message queues cannot be listed: the mqueue filesystem is not mounted (usually at /dev/mqueue; ' +
        'as root: mount -t mqueue none /dev/mqueue). Queues may still exist; they are not shown.',
    };
  }
  let dev: number | undefined;
  try {
    dev = statSync(mountPoint).dev;
  } catch {
    // Mounted, but not reachable from here.
  }
  return { mounted: true, mountPoint, dev, note: `POSIX message queues are listed from ${mountPoint}.` };
}

/** POSIX message queues from the mqueue mount, with the bytes queued its files report. */
export function readMqueues(mount: MqueueMount): PosixEntry[] {
  if (!mount.mounted || !mount.mountPoint || !existsSync(mount.mountPoint)) return [];
  const entries: PosixEntry[] = [];
  for (const file of readdirSync(mount.mountPoint)) {
    const entry = entryOf('mq', `/${file}`, join(mount.mountPoint, file));
    if (!entry) continue;
    try {
      const qsize = readFileSync(entry.path, 'utf8').match(/QSIZE:(\d+)/);
      if (qsize) entry.bytesQueued = Number(qsize[1]);
    } catch {
      // Not readable by this user: the size stays unknown.
    }
    entries.push(entry);
  }
  return entries;
}

export function posixDisplayName(kind: PosixKind, name: string): string {
  return `posix-${kind} ${name}`;
}
