// 'system.list': every IPC object of the machine in one readable shape, as ipcs(1), lsipc(1)
// and lsof(8) would tell it together: owner, permissions, size, users, times, orphan verdict,
// Process Lab's mark, and whether the user may remove it.
import type { SystemList, SystemObject, SystemObjectKind } from '../../contract/system';
import { scanHolders } from './holders';
import { madeByLabKey, madeByLabName, readLabNames, type JournalledRun } from './labRuns';
import { msgVerdict, posixVerdict, semSetVerdict, shmVerdict } from './orphans';
import { findMqueueMount, posixDisplayName, readMqueues, readShmDir, type PosixEntry } from './posix';
import { euid, ProcessTable, userName } from './procs';
import { readSysv, sysvDisplayName, type SysvRow } from './sysv';
import { hostInetSockets, hostUnixSockets } from './host-sockets';
import { listUnixSockets } from './unix-sockets';

const iso = (seconds: number | undefined) => (seconds ? new Date(seconds * 1000).toISOString() : null);

function permissionString(mode: number): string {
  return [6, 3, 0].map((shift) => {
    const bits = (mode >> shift) & 7;
    return `${bits & 4 ? 'r' : '-'}${bits & 2 ? 'w' : '-'}${bits & 1 ? 'x' : '-'}`;
  }).join('');
}

const user = (uid: number) => ({ uid, user: userName(uid) });

function removability(_kind: SystemObjectKind, _id: string, ownerUid: number, me: number): Pick<SystemObject, 'removable' | 'whyNotRemovable'> {
  // Even root is offered only its own objects: a database's segment is never one click away.
  if (ownerUid !== me) {
    return { removable: false, whyNotRemovable: `owned by ${userName(ownerUid) ?? 'uid'} (uid ${ownerUid}); the inspector removes only your own objects` };
  }
  return { removable: true };
}

function sysvObject(row: SysvRow, procs: ProcessTable, labNames: Map<number, JournalledRun>, me: number, now: number): SystemObject {
  const f = row.fields;
  const kind = `sysv-${row.kind}` as SystemObjectKind;
  const id = String(row.id);
  const made = madeByLabKey(row.key);
  const run = made ? labNames.get(row.key) : undefined;
  const base = {
    kind, id, name: sysvDisplayName(row.kind, row.id, row.key), key: row.key,
    owner: user(row.uid), creator: user(row.cuid),
    mode: (row.perms & 0o777).toString(8).padStart(3, '0'), permissions: permissionString(row.perms),
    lab: { made, ...(run ? { runId: run.runId, runLive: run.live, ...(run.engineStopped ? { runEngineStopped: true } : {}) } : {}) },
    ...removability(kind, id, row.uid, me),
  };
  if (row.kind === 'shm') {
    const creator = procs.ref('creator', f.cpid, f.ctime);
    const pids = [creator];
    if (f.lpid > 0) pids.push(procs.ref('last attach/detach', f.lpid, Math.max(f.atime, f.dtime)));
    return {
      ...base, size: f.size, attached: f.nattch, markedForDestruction: (row.perms & 0o1000) !== 0, pids,
      times: { atime: iso(f.atime), dtime: iso(f.dtime), ctime: iso(f.ctime) },
      orphan: shmVerdict(f.nattch, creator, run),
    };
  }
  if (row.kind === 'msg') {
    const pids = [procs.ref('last send', f.lspid, f.stime), procs.ref('last receive', f.lrpid, f.rtime)].filter((p) => p.pid > 0);
    return {
      ...base, messages: f.qnum, bytesQueued: f.cbytes, pids,
      times: { stime: iso(f.stime), rtime: iso(f.rtime), ctime: iso(f.ctime) },
      orphan: msgVerdict(pids, now - f.ctime, run),
    };
  }
  return {
    ...base, semaphores: f.nsems, pids: [],
    times: { otime: iso(f.otime), ctime: iso(f.ctime) },
    orphan: semSetVerdict(run),
  };
}

function posixObject(entry: PosixEntry, holders: ReturnType<typeof scanHolders>, labNames: Map<string, JournalledRun>, me: number): SystemObject {
  const kind = `posix-${entry.kind}` as SystemObjectKind;
  const made = madeByLabName(entry.name);
  const run = made ? labNames.get(entry.name) : undefined;
  const using = holders.byInode.get(`${entry.kind === 'mq' ? 'mq' : 'shm'}:${entry.ino}`) ?? [];
  return {
    kind, id: entry.name, name: posixDisplayName(entry.kind, entry.name),
    owner: user(entry.uid),
    mode: entry.mode.toString(8).padStart(3, '0'), permissions: permissionString(entry.mode),
    // A semaphore's file is its sem_t (32 bytes on x86-64): its size says nothing useful.
    ...(entry.kind === 'shm' ? { size: entry.size } : {}),
    ...(entry.bytesQueued !== undefined ? { bytesQueued: entry.bytesQueued } : {}),
    attached: new Set(using.map((h) => h.pid)).size,
    pids: [],
    holders: using,
    times: { mtime: iso(entry.mtime), ctime: iso(entry.ctime) },
    orphan: posixVerdict(using, holders.unreadable, run),
    lab: { made, ...(run ? { runId: run.runId, runLive: run.live, ...(run.engineStopped ? { runEngineStopped: true } : {}) } : {}) },
    ...removability(kind, entry.name, entry.uid, me),
  };
}

export function listSystemObjects(runtimeDir: string): SystemList {
  const me = euid();
  const now = Date.now() / 1000;
  const procs = new ProcessTable();
  const labNames = readLabNames(runtimeDir);
  const mqueue = findMqueueMount();
  const holders = scanHolders(mqueue.mounted && mqueue.mountPoint && mqueue.dev !== undefined ? { mountPoint: mqueue.mountPoint, dev: mqueue.dev } : undefined);
  const objects: SystemObject[] = [
    ...readSysv('shm').map((row) => sysvObject(row, procs, labNames.byKey, me, now)),
    ...readSysv('msg').map((row) => sysvObject(row, procs, labNames.byKey, me, now)),
    ...readSysv('sem').map((row) => sysvObject(row, procs, labNames.byKey, me, now)),
    ...[...readShmDir(), ...readMqueues(mqueue)].map((entry) => posixObject(entry, holders, labNames.byName, me)),
  ];
  const machineSockets = listUnixSockets(holders, runtimeDir, labNames.livePids);
  const unixSockets = machineSockets ? [...machineSockets, ...hostUnixSockets(labNames.liveHosts, holders)] : undefined;
  return {
    objects,
    ...(unixSockets ? { unixSockets, hostInetSockets: hostInetSockets(labNames.liveHosts, holders) } : {}),
    mqueue: { mounted: mqueue.mounted, mountPoint: mqueue.mountPoint, note: mqueue.note },
    euid: me,
    user: userName(me),
    processes: { scanned: holders.scanned, unreadable: holders.unreadable },
    takenAt: new Date().toISOString(),
  };
}
