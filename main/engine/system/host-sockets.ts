// Sockets inside the hosts of live runs. A host is its own network namespace (run/hosts.ts), so
// the machine's sock_diag dump (unix-sockets.ts) never sees what runs there; /proc/PID/net/*
// shows the namespace of PID (proc(5)), so reading it for the process that holds a host's
// namespaces (journalled by the run, labRuns.ts) lists that host's sockets, as `ss -xa` and
// `ss -tuan` run inside the host would: state, queues, addresses. Unix sockets there have no
// peer in /proc/net/unix; TCP and UDP name theirs. Holders come from the same /proc/PID/fd scan
// as the machine's (socket inodes are unique across namespaces).
import { readFileSync } from 'node:fs';
import type { InetSocketRow, UnixSocketRow } from '../../contract/system';
import type { HolderScan } from './holders';
import type { LiveHost } from './labRuns';

/** /proc/net/unix's St column (SS_*) and its flags' __SO_ACCEPTCON (0x10000), as ss names them. */
function unixState(st: number, flags: number): string {
  if (flags & 0x10000) return 'LISTEN';
  return ({ 1: 'UNCONN', 2: 'SYN-SENT', 3: 'ESTAB', 4: 'CLOSING' } as Record<number, string>)[st] ?? 'UNKNOWN';
}
const UNIX_TYPES: Record<number, string> = { 1: 'stream', 2: 'dgram', 5: 'seqpacket' };

/** include/net/tcp_states.h, with ss's names (UDP uses ESTABLISHED and CLOSE only). */
const INET_STATES = ['', 'ESTAB', 'SYN-SENT', 'SYN-RECV', 'FIN-WAIT-1', 'FIN-WAIT-2', 'TIME-WAIT', 'UNCONN', 'CLOSE-WAIT', 'LAST-ACK', 'LISTEN', 'CLOSING'];

/** "0100000A:E06B" (the address as the kernel's u32 printed in host order, little-endian here; the port big) -> "10.0.0.1:57451". */
function inetAddress(text: string): string {
  const [hex, port] = text.split(':');
  const value = parseInt(hex, 16);
  const bytes = [value & 255, (value >>> 8) & 255, (value >>> 16) & 255, value >>> 24];
  return `${bytes.join('.')}:${parseInt(port, 16)}`;
}

function lines(path: string): string[] {
  try {
    return readFileSync(path, 'utf8').split('\n').slice(1).filter((line) => line.trim() !== '');
  } catch {
    return []; // the host went away since its journal was read
  }
}

const hostOf = (host: LiveHost) => ({ id: host.host, runId: host.runId });

/** The Unix sockets of each host (/proc/PID/net/unix: "Num RefCount Protocol Flags Type St Inode Path"). */
export function hostUnixSockets(hosts: readonly LiveHost[], holders: HolderScan): UnixSocketRow[] {
  const rows: UnixSocketRow[] = [];
  for (const host of hosts) {
    for (const line of lines(`/proc/${host.pid}/net/unix`)) {
      const [, , , flags, type, st, inode, ...path] = line.trim().split(/\s+/);
      rows.push({
        inode: Number(inode), type: UNIX_TYPES[parseInt(type, 16)] ?? 'other', state: unixState(parseInt(st, 16), parseInt(flags, 16)),
        ...(path.length ? { path: path.join(' ') } : {}),
        holders: holders.byInode.get(`sock:${inode}`) ?? [],
        lab: true, // a host exists only for its run
        host: hostOf(host),
      });
    }
  }
  return rows;
}

/** The TCP and UDP sockets of each host (/proc/PID/net/tcp, udp: "sl local rem st tx_queue:rx_queue ... inode"). */
export function hostInetSockets(hosts: readonly LiveHost[], holders: HolderScan): InetSocketRow[] {
  const rows: InetSocketRow[] = [];
  for (const host of hosts) {
    for (const protocol of ['tcp', 'udp'] as const) {
      for (const line of lines(`/proc/${host.pid}/net/${protocol}`)) {
        const fields = line.trim().split(/\s+/);
        const [txQueue, rxQueue] = fields[4].split(':').map((q) => parseInt(q, 16));
        rows.push({
          host: hostOf(host), protocol, state: INET_STATES[parseInt(fields[3], 16)] ?? 'UNKNOWN',
          local: inetAddress(fields[1]), peer: inetAddress(fields[2]), recvQ: rxQueue, sendQ: txQueue,
          inode: Number(fields[9]), holders: holders.byInode.get(`sock:${fields[9]}`) ?? [],
        });
      }
    }
  }
  return rows;
}
