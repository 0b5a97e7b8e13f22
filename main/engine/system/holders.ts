// Who uses POSIX IPC objects right now, as lsof(8) finds out: every readable /proc/PID/maps
// (a mapped /dev/shm file: POSIX shm, and glibc's sem_open, which maps /dev/shm/sem.NAME and
// closes the descriptor) and /proc/PID/fd (an open shm_open or mq_open descriptor). Other users'
// processes cannot be read without privileges: they are counted as unreadable.
import { readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { allPids, command } from './procs';

export interface Holder {
  pid: number;
  command: string;
  how: 'mapped' | 'open';
}

export interface HolderScan {
  /** By inode: 'shm:INO' for /dev/shm files, 'mq:INO' for message queue descriptors, 'sock:INO' for sockets. */
  byInode: Map<string, Holder[]>;
  scanned: number;
  unreadable: number;
}


function add(map: Map<string, Holder[]>, path: string, holder: Holder): void {
  const list = map.get(path) ?? [];
  if (!list.some((h) => h.pid === holder.pid && h.how === holder.how)) list.push(holder);
  map.set(path, list);
}

/**
 * One pass over every process. `mqueue` (the mount point and its device) lets a descriptor
 * whose link reads "/NAME" be told apart from a file of the root directory: mq_open's
 * descriptors live on the mqueue filesystem's device (mq_overview(7)).
 */
export function scanHolders(mqueue?: { mountPoint: string; dev: number }): HolderScan {
  const byInode = new Map<string, Holder[]>();
  let scanned = 0;
  let unreadable = 0;
  const self = process.pid;
  for (const pid of allPids()) {
    if (pid === self) continue; // the inspector's own reading is not a use
    let maps: string;
    let fds: string[];
    try {
      maps = readFileSync(`/proc/${pid}/maps`, 'utf8');
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch (error) {
      if ((error as { code?: string }).code !== 'ENOENT') unreadable += 1;
      continue;
    }
    scanned += 1;
    const name = command(pid) ?? '?';
    for (const line of maps.split('\n')) {
      // Matched by inode, not by path: sem_open maps a temporary file it then link()s to
      // sem.NAME, so maps shows the deleted temporary name (glibc sem_open.c).
      if (!line.includes('/dev/shm/')) continue;
      const inode = line.split(/\s+/)[4];
      if (inode) add(byInode, `shm:${inode}`, { pid, command: name, how: 'mapped' });
    }
    for (const fd of fds) {
      let target: string;
      try {
        target = readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        continue;
      }
      const socket = /^socket:\[(\d+)\]$/.exec(target); // the link of a socket descriptor (proc(5))
      if (socket) {
        add(byInode, `sock:${socket[1]}`, { pid, command: name, how: 'open' });
        continue;
      }
      const isShm = target.startsWith('/dev/shm/');
      if (!isShm && !(mqueue && /^\/[^/]+$/.test(target))) continue;
      try {
        const stat = statSync(`/proc/${pid}/fd/${fd}`); // the object itself, through the link
        if (isShm) add(byInode, `shm:${stat.ino}`, { pid, command: name, how: 'open' });
        else if (stat.dev === mqueue!.dev) add(byInode, `mq:${stat.ino}`, { pid, command: name, how: 'open' });
      } catch {
        // Closed meanwhile.
      }
    }
  }
  return { byInode, scanned, unreadable };
}
