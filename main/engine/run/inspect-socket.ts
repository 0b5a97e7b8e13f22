// Live figures of one socket object of a run, as `ss` shows them: for each descriptor a process
// of the run holds for it (socket() or a connection accept returned), its state, Recv-Q, Send-Q
// and addresses. A lab process's descriptor is read through a copy (pidfd_getfd(2)): getsockopt
// and SIOCINQ need the socket itself, which /proc/PID/fd cannot open. Closing the copy changes
// nothing for the process (the socket lives while any descriptor of it is open).
import { closeSync, existsSync, fstatSync } from 'node:fs';
import type { ObjectSnapshot } from '../../contract/runs';
import { addon } from '../../native/addon';
import type { SocketAddress } from '../../../native/types/socket';
import type { LabObject } from '../../scenario/schema';
import type { ObjectName } from './names';
import type { RunProcess } from './run-processes';

/** `10.0.0.1:40123`, or a Unix path; undefined for an unnamed socket. */
function addressText(address: SocketAddress | undefined): string | undefined {
  if (!address) return undefined;
  if ('path' in address) return address.path || undefined;
  return `${address.address ?? '0.0.0.0'}:${address.port}`;
}

type SocketFigures = NonNullable<ObjectSnapshot['sockets']>[number];
/** The figures with what ss -x names an unnamed Unix socket by: its inode (and its peer's, from sock_diag). */
type Read = { figures: SocketFigures; inode: number; unnamedUnix: boolean };

function readSocket(process: RunProcess, fd: number, role: 'socket' | 'connection'): Read | undefined {
  const native = addon();
  if (!native.pidfdOpen || !native.pidfdGetFd || !process.live) return undefined;
  let pidfd: number | undefined;
  let copy: number | undefined;
  try {
    pidfd = native.pidfdOpen(process.pid!, process.startTime);
    copy = native.pidfdGetFd(pidfd, fd);
    const info = native.socketInfo(copy);
    const inode = fstatSync(copy).ino; // the sockfs inode: /proc/PID/fd's socket:[INODE]
    const unnamedUnix = info.domain === 'unix' && addressText(info.local) === undefined;
    const local = unnamedUnix ? `* ${inode}` : addressText(info.local);
    const peer = addressText(info.peer);
    const figures = { process: process.id, pid: process.pid!, fd, role, state: info.state, recvQ: info.recvQ, sendQ: info.sendQ, ...(local ? { local } : {}), ...(peer ? { peer } : {}) };
    return { figures, inode, unnamedUnix: info.domain === 'unix' };
  } catch {
    return undefined; // closed meanwhile, or the process is gone
  } finally {
    if (copy !== undefined) closeSync(copy);
    if (pidfd !== undefined) closeSync(pidfd);
  }
}

/**
 * A connected Unix socket whose peer has no path (a socketpair's other end, the client an
 * accept returned): named as ss -x does, by the peer's inode (sock_diag's UDIAG_SHOW_PEER, one
 * dump of this network namespace; on a host it sees nothing and the peer stays '*'), and by the
 * run's process and descriptor holding it when it is one of these.
 */
function namePeers(read: Read[]): void {
  const wanting = read.filter((r) => r.unnamedUnix && r.figures.peer === undefined && r.figures.state === 'ESTAB');
  const native = addon();
  if (wanting.length === 0 || !native.unixSockets) return;
  let peers: Map<number, number>;
  try {
    peers = new Map(native.unixSockets().filter((e) => e.peer !== undefined).map((e) => [e.inode, e.peer!]));
  } catch {
    return; // no unix_diag in this kernel: ss could not tell either
  }
  for (const r of wanting) {
    const peer = peers.get(r.inode);
    if (peer === undefined) continue;
    const holder = read.find((other) => other.inode === peer);
    r.figures.peer = holder ? `* ${peer} (${holder.figures.process} fd ${holder.figures.fd})` : `* ${peer}`;
  }
}

export function inspectSocket(object: LabObject & { kind: 'socket' }, name: ObjectName, processes: RunProcess[]): ObjectSnapshot {
  const read: Read[] = [];
  for (const process of processes) {
    if (!process.live) continue;
    for (const [fd, id] of process.fdObjects) {
      if (id !== object.id) continue;
      const one = readSocket(process, fd, process.socketRoles.get(fd) ?? 'socket');
      if (one) read.push(one);
    }
  }
  namePeers(read);
  const sockets = read.map((r) => r.figures);
  const identifiers: ObjectSnapshot['identifiers'] = name.path ? { path: name.path } : { address: `${name.address}:${name.port}` };
  // A Unix socket's path lives on after close until unlinked (unix(7)); on a host it is in the
  // host's own mount namespace, out of the engine's sight: then the descriptors tell.
  const bound = name.path !== undefined && existsSync(name.path);
  return {
    object: object.id, kind: 'socket', exists: sockets.length > 0 || bound, identifiers,
    stat: { domain: object.domain, type: object.type, descriptors: sockets.length, ...(name.path ? { pathExists: bound } : {}) },
    sockets,
  };
}
