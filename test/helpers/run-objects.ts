// What of one run is still on the machine: its processes (by PID and start time, so a PID
// reused by another process is not counted) and its objects (by the key, name or path its
// object.created events gave). Looks only at what that run made, never at machine-wide totals.
import { existsSync, readFileSync } from 'node:fs';
import { readStat } from '../../main/engine/run/proc';
import type { RunEvent } from '../../main/scenario/events';

export interface RunProcessId {
  pid: number;
  startTime: number;
}

/** PID and start time of each process.start seen so far (read while the process lives). */
export function processIds(events: RunEvent[]): RunProcessId[] {
  return events.flatMap((e) => {
    if (e.type !== 'process.start') return [];
    const stat = readStat(e.pid);
    return stat ? [{ pid: e.pid, startTime: stat.startTime }] : [];
  });
}

/** Those of `ids` still alive (a zombie counts: it still holds its PID). */
export function survivors(ids: RunProcessId[]): RunProcessId[] {
  return ids.filter((id) => readStat(id.pid)?.startTime === id.startTime);
}

function sysvKeys(kind: 'shm' | 'msg'): Set<number> {
  const file = `/proc/sysvipc/${kind}`;
  if (!existsSync(file)) return new Set();
  return new Set(readFileSync(file, 'utf8').trim().split('\n').slice(1).map((line) => Number(line.trim().split(/\s+/)[0])));
}

/** The run's objects (from its object.created events) that still exist, described. */
export function remainingObjects(events: RunEvent[]): string[] {
  const left: string[] = [];
  const shm = sysvKeys('shm');
  const msg = sysvKeys('msg');
  for (const e of events) {
    if (e.type !== 'object.created') continue;
    const { key, name, path } = e as { key?: number; name?: string; path?: string };
    if (key !== undefined && (e.kind === 'shm' ? shm : msg).has(key)) left.push(`${e.kind} key ${key}`);
    if (name !== undefined) {
      const base = name.replace(/^\//, '');
      const files = e.kind === 'semaphore' ? [`/dev/shm/sem.${base}`] : e.kind === 'shm' ? [`/dev/shm/${base}`] : [`/dev/mqueue/${base}`];
      for (const file of files) if (existsSync(file)) left.push(`${e.kind} ${file}`);
    }
    if (path !== undefined && existsSync(path)) left.push(`${e.kind} ${path}`);
  }
  return left;
}
