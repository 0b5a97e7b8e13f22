/** Kernel figures of an object in the UI's words, from run.inspect's `stat` (whatever is there). */
import type { ObjectSnapshot } from '@contract';
import type { ObjectDoc } from '../../model/doc';
import { countOf } from '@contract/units';

const LABELS: Record<string, string> = {
  key: 'key', shmid: 'shmid', msqid: 'msqid', size: 'size', segsz: 'size', shm_segsz: 'size', nattch: 'attached (nattch)', shm_nattch: 'attached (nattch)',
  cpid: 'creator PID', shm_cpid: 'creator PID', lpid: 'last PID', shm_lpid: 'last PID', dest: 'marked for destruction',
  markedForDestruction: 'marked for destruction', destroyed: 'marked for destruction', mode: 'mode', uid: 'owner uid',
  bytesQueued: 'bytes queued', queued: 'bytes queued', capacity: 'capacity', qnum: 'messages queued', messages: 'messages queued', fds: 'descriptors (read, write)', curmsgs: 'messages queued',
  maxmsg: 'capacity (messages)', msgsize: 'max message', value: 'value', waiters: 'waiting', name: 'name', path: 'path',
  atime: 'last attach', dtime: 'last detach', ctime: 'last change', qbytes: 'capacity (bytes)', cbytes: 'bytes queued',
  slots: 'kernel slots (mq_maxmsg)', maxMessage: 'max message (bytes)', maxBytes: 'capacity (bytes, msg_qbytes)',
  lspid: 'last sender PID', lrpid: 'last receiver PID', bytes: 'bytes queued',
};

/** shmid_ds / msqid_ds times: seconds since the epoch, 0 for "never" (shmctl(2), msgctl(2)). */
const EPOCH_SECONDS = new Set(['atime', 'dtime', 'ctime', 'stime', 'rtime', 'otime', 'shm_atime', 'shm_dtime', 'shm_ctime']);

export function statLabel(key: string): string {
  return LABELS[key] ?? key;
}

/**
 * A kernel figure in words; with its key, times read as clock times (never raw epoch seconds) and
 * a mailbox's capacity 0 as the rendezvous it is.
 */
export function formatStat(value: unknown, key?: string): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (key !== undefined && EPOCH_SECONDS.has(key) && typeof value === 'number') {
    return value === 0 ? 'never' : new Date(value * 1000).toLocaleTimeString(undefined, { hour12: false });
  }
  if (key === 'capacity' && value === 0) return '0 (rendezvous: no buffer)';
  return String(value);
}

const pick = (stat: Record<string, unknown>, ...keys: string[]) => {
  for (const key of keys) if (stat[key] !== undefined && stat[key] !== null) return stat[key];
  return undefined;
};

/** The two or three figures a node shows on the canvas. */
export function liveFigures(snapshot: ObjectSnapshot): { label: string; value: string }[] {
  const stat = snapshot.stat;
  const out: { label: string; value: string }[] = [];
  const add = (label: string, value: unknown) => {
    if (value !== undefined) out.push({ label, value: formatStat(value) });
  };
  switch (snapshot.kind) {
    case 'shm': {
      add('attached', pick(stat, 'nattch', 'shm_nattch'));
      const dest = pick(stat, 'dest', 'markedForDestruction', 'destroyed');
      if (dest === true) out.push({ label: 'marked for', value: 'destruction' });
      if (snapshot.bytes?.length) {
        const view = new DataView(Uint8Array.from(snapshot.bytes.slice(0, 4).concat([0, 0, 0, 0]).slice(0, 4)).buffer);
        out.push({ label: 'i32 @0', value: String(view.getInt32(0, true)) });
      }
      break;
    }
    case 'pipe': case 'fifo': {
      const queued = pick(stat, 'bytesQueued', 'queued', 'fionread');
      const capacity = pick(stat, 'capacity');
      add('queued', queued === undefined ? undefined : capacity === undefined ? `${formatStat(queued)} B` : `${formatStat(queued)} / ${formatStat(capacity)} B`);
      if (snapshot.holders) add('ends', snapshot.holders.map((h) => `${h.process}:${h.end[0]}`).join(' '));
      break;
    }
    case 'mailbox': {
      const queued = pick(stat, 'qnum', 'curmsgs', 'messages');
      const capacity = pick(stat, 'capacity', 'maxmsg');
      // Capacity 0 is a rendezvous (spec): "1 / 0" would read as a queue over its limit.
      if (capacity === 0) add('messages', queued === undefined ? undefined : `${formatStat(queued)} (rendezvous)`);
      else add('messages', queued === undefined ? undefined : capacity === undefined ? queued : `${formatStat(queued)} / ${formatStat(capacity)}`);
      break;
    }
    case 'semaphore':
      add('value', pick(stat, 'value'));
      break;
    case 'socket':
      // As `ss` shows them: each descriptor's state and Recv-Q (bytes waiting to be read).
      if (snapshot.sockets?.length) add('sockets', snapshot.sockets.map((k) => `${k.process}:${k.state}${k.recvQ ? ` ${k.recvQ} B` : ''}`).join(' '));
      break;
  }
  return out;
}

export function objectSummary(object: ObjectDoc): string {
  switch (object.kind) {
    case 'shm': return `${typeof object.size === 'number' ? countOf(object.size, 'byte') : '? bytes'}, ${String(object.flavor ?? 'sysv') === 'posix' ? 'POSIX' : 'System V'}`;
    case 'pipe': case 'fifo': return object.capacity ? `capacity ${String(object.capacity)} B` : 'kernel default capacity';
    case 'mailbox': return `${String(object.flavor ?? 'posix') === 'sysv' ? 'System V' : 'POSIX'}, ${countOf(Number(object.capacity ?? 10), 'message')} of ≤ ${String(object.maxMessage ?? 256)} B`;
    case 'semaphore': return `initial value ${String(object.initial ?? 1)}`;
    case 'socket': return `${String(object.domain ?? 'unix') === 'inet' ? (String(object.type ?? 'stream') === 'dgram' ? 'UDP' : 'TCP') : 'Unix'} ${String(object.type ?? 'stream')}${object.port ? `, port ${String(object.port)}` : ''}`;
    default: return '';
  }
}
