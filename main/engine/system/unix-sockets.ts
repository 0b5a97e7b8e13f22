// The machine's Unix domain sockets for the system inspector, as `ss -xp` shows them: one
// NETLINK_SOCK_DIAG dump (the addon's unixSockets: state, path, peer inode, queues), each
// socket's peer path looked up in the same dump, and the processes holding each socket from the
// /proc/PID/fd scan (links `socket:[INODE]`). Only the engine's network namespace is seen here:
// sockets of a run's hosts live in theirs (unix(7): Unix sockets belong to one namespace) and
// host-sockets.ts reads them through /proc/PID/net.
import type { UnixSocketRow } from '../../contract/system';
import { addon } from '../../native/addon';
import type { HolderScan } from './holders';

/** Every Unix socket with its peer and holders; undefined where the addon has no sock_diag. */
export function listUnixSockets(holders: HolderScan, runtimeDir: string, labPids: ReadonlySet<number> = new Set()): UnixSocketRow[] | undefined {
  const native = addon();
  if (!native.unixSockets) return undefined;
  let entries;
  try {
    entries = native.unixSockets();
  } catch {
    return undefined; // a kernel without unix_diag: the table says nothing rather than something wrong
  }
  const pathOf = new Map(entries.filter((e) => e.path !== undefined).map((e) => [e.inode, e.path!]));
  return entries.map((entry) => {
    const peerPath = entry.peer !== undefined ? pathOf.get(entry.peer) : undefined;
    const held = holders.byInode.get(`sock:${entry.inode}`) ?? [];
    return {
      inode: entry.inode,
      type: entry.type,
      state: entry.state,
      ...(entry.path !== undefined ? { path: entry.path } : {}),
      ...(entry.peer !== undefined ? { peer: entry.peer } : {}),
      ...(peerPath !== undefined ? { peerPath } : {}),
      ...(entry.recvQ !== undefined ? { recvQ: entry.recvQ } : {}),
      ...(entry.sendQ !== undefined ? { sendQ: entry.sendQ } : {}),
      holders: held,
      // A path in the runtime directory, or held by a process of a live run (a socketpair has no path).
      lab: [entry.path, peerPath].some((p) => p !== undefined && p.startsWith(`${runtimeDir}/`)) || held.some((h) => labPids.has(h.pid)),
    };
  });
}
