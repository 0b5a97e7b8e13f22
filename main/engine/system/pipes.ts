// 'system.processes' and 'system.pipes': any of the user's processes, and its pipes and FIFOs
// with whoever holds the other ends, as `lsof -E` shows them. Two descriptors are ends of one
// pipe when they have the same inode on the same filesystem (pipe(7), fifo(7)); read or write
// comes from the open flags in /proc/PID/fdinfo (proc(5)).
import { readdirSync } from 'node:fs';
import { LabFailure } from '../../contract/envelope';
import type { PipeEnd, SystemProcess } from '../../contract/system';
import { readPipeEnds, readStat, type OpenPipeEnd } from '../run/proc';
import { allPids, command, euid, processUid } from './procs';

export function listUserProcesses(): SystemProcess[] {
  const me = euid();
  const list: SystemProcess[] = [];
  for (const pid of allPids()) {
    if (processUid(pid) !== me) continue;
    const stat = readStat(pid);
    if (!stat) continue;
    list.push({ pid, ppid: stat.ppid, state: stat.state, command: command(pid) ?? '?' });
  }
  return list;
}

/** The user's own process, or a refusal: other users' descriptors are not this tool's to show. */
function requireOwnProcess(pid: number): string {
  const uid = processUid(pid);
  if (uid === undefined || readStat(pid)?.state === 'Z') throw new LabFailure('NOT_FOUND', `No live process with PID ${pid}.`);
  if (uid !== euid()) throw new LabFailure('FORBIDDEN', `PID ${pid} belongs to uid ${uid}, not to you.`);
  return command(pid) ?? '?';
}

// An anonymous pipe and a FIFO may share an inode number on different filesystems: the path
// (absent for pipes) keeps them apart.
const pipeKey = (end: OpenPipeEnd) => `${end.path ?? 'pipe:'}#${end.inode}`;

interface Holding extends OpenPipeEnd {
  pid: number;
  command: string;
}

export function pipesOf(pid: number) {
  const name = requireOwnProcess(pid);
  const own = readPipeEnds(pid);
  const wanted = new Set(own.map(pipeKey));
  const byPipe = new Map<string, Holding[]>();
  let unreadable = 0;
  for (const other of allPids()) {
    try {
      readdirSync(`/proc/${other}/fd`);
    } catch (error) {
      if ((error as { code?: string }).code !== 'ENOENT') unreadable += 1;
      continue;
    }
    for (const end of readPipeEnds(other)) {
      const key = pipeKey(end);
      if (!wanted.has(key)) continue;
      const list = byPipe.get(key) ?? [];
      list.push({ ...end, pid: other, command: command(other) ?? '?' });
      byPipe.set(key, list);
    }
  }
  const ends: PipeEnd[] = own.map((end) => {
    const all = byPipe.get(pipeKey(end)) ?? [];
    const mine = all.filter((h) => h.pid === pid);
    const reads = (h: OpenPipeEnd) => h.end !== 'write';
    const writes = (h: OpenPipeEnd) => h.end !== 'read';
    const peers = all.filter((h) => !(h.pid === pid && h.fd === end.fd));
    return {
      fd: end.fd,
      kind: end.path ? 'fifo' : 'pipe',
      inode: end.inode,
      ...(end.path ? { path: end.path } : {}),
      end: end.end,
      peers: peers.map((h) => ({ pid: h.pid, command: h.command, fd: h.fd, end: h.end })),
      holdsBothEnds: mine.some(reads) && mine.some(writes),
      otherEndOpen: end.end === 'both' || all.some(end.end === 'read' ? writes : reads),
    };
  });
  return { pid, command: name, ends, unreadable };
}
