// Live figures of one socket object of a run, as `ss` shows them: for each descriptor a process
// of the run holds for it (socket() or a connection accept returned), its state, Recv-Q, Send-Q
// and addresses. A lab process's descriptor is read through a copy (pidfd_getfd(2)): getsockopt
// and SIOCINQ need the socket itself, which /proc/PID/fd cannot open. Closing the copy changes
// nothing for the process (the socket lives while any descriptor of it is open).
import { closeSync, existsSync } from 'node:fs';
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

function readSocket(process: RunProcess, fd: number, role: 'socket' | 'connection'): SocketFigures | undefined {
  const native = addon();
  if (!native.pidfdOpen || !native.pidfdGetFd || !process.live) return undefined;
  let pidfd: number | undefined;
  let copy: number | undefined;
  try {
    pidfd = native.pidfdOpen(process.pid!, process.startTime);
    copy = native.pidfdGetFd(pidfd, fd);
    const info = native.socketInfo(copy);
    const local = addressText(info.local);
    const peer = addressText(info.peer);
    return { process: process.id, pid: process.pid!, fd, role, state: info.state, recvQ: info.recvQ, sendQ: info.sendQ, ...(local ? { local } : {}), ...(peer ? { peer } : {}) };
  } catch {
    return undefined; // closed meanwhile, or the process is gone
  } finally {
    if (copy !== undefined) closeSync(copy);
    if (pidfd !== undefined) closeSync(pidfd);
  }
}

export function inspectSocket(object: LabObject & { kind: 'socket' }, name: ObjectName, processes: RunProcess[]): ObjectSnapshot {
  const sockets: SocketFigures[] = [];
  for (const process of processes) {
    if (!process.live) continue;
    for (const [fd, id] of process.fdObjects) {
      if (id !== object.id) continue;
      const figures = readSocket(process, fd, process.socketRoles.get(fd) ?? 'socket');
      if (figures) sockets.push(figures);
    }
  }
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
