/**
 * The run's journal: every name the run can create and every process it starts, on disk before
 * they exist (fidelity rule 5), so a later engine can remove what a crashed one left
 * (leftovers.ts). File: `<runtime dir>/run-<runId>/journal.ndjson`, mode 0600, inside the checked
 * 0700 runtime directory (paths.ts). One JSON object a line, each written whole by one write(2)
 * with O_APPEND, so writers in several processes never interleave inside a line; a power cut loses
 * at most the line being written, and a cut last line is skipped when read.
 *
 * The format, for every writer (the engine for the runs' root processes, a lab process for the
 * children it forks):
 *
 *   {"type":"run","runId":S,"enginePid":N,"engineStartTime":N,"uid":N,"bootId":S,"names":{...}}
 *       first line, by the engine, before any object or process exists. engineStartTime is field
 *       22 of /proc/PID/stat (clock ticks since boot); bootId is /proc/sys/kernel/random/boot_id.
 *   {"type":"spawn","process":S,"parentPid":N}
 *       BEFORE fork/spawn of the scenario process S by the process parentPid (the engine for a
 *       root, a lab process for a child). A spawn line without its pid line means "a process may
 *       exist whose PID nobody wrote down": cleanup then finds it by its environment (every
 *       process of a run carries PROCESS_LAB_RUN_DIR=<run dir> in its initial environment,
 *       /proc/PID/environ) and by our uid.
 *   {"type":"pid","process":S,"pid":N,"startTime":N,"uid":N}
 *       right after the spawn returned the PID, by the same writer. startTime as above; uid is the
 *       real uid (Uid: field 1 of /proc/PID/status). Cleanup kills a PID only when both still match.
 *   {"type":"host","host":S,"pid":N,"startTime":N}
 *       a host of the run (hosts.ts): the process holding its namespaces, once the keeper made it.
 *       Not for cleanup (the keeper's own line covers it): the system inspector reads the sockets
 *       inside each live host through it (/proc/PID/net, system/host-sockets.ts).
 *   {"type":"ended"}
 *       the run finished and cleaned up (its directory is removed just after).
 *
 * Readers ignore lines they do not know, so the format can grow.
 */
import { closeSync, constants, fstatSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { ObjectName, RunNames } from './names';

/** The journal's file name inside a run directory (or a benchmark pair's, for its host keeper). */
export const JOURNAL_FILE = 'journal.ndjson';

export type JournalEntry =
  | { type: 'run'; runId: string; enginePid: number; engineStartTime: number; uid?: number; bootId?: string; names: RunNames }
  | { type: 'spawn'; process: string; parentPid: number }
  | { type: 'pid'; pid: number; startTime: number; uid?: number; process: string }
  | { type: 'host'; host: string; pid: number; startTime: number }
  | { type: 'ended' };

/** Largest journal read back: names of 64 objects and 64 processes fit many times over. */
const MAX_JOURNAL_BYTES = 4 * 1024 * 1024;

function append(runDir: string, entry: JournalEntry, create = false): void {
  const flags = constants.O_WRONLY | constants.O_APPEND | constants.O_NOFOLLOW | (create ? constants.O_CREAT | constants.O_EXCL : 0);
  const fd = openSync(join(runDir, JOURNAL_FILE), flags, 0o600);
  try {
    writeSync(fd, JSON.stringify(entry) + '\n');
  } finally {
    closeSync(fd);
  }
}

/** Creates the journal (O_EXCL: never someone else's file) with its first line. */
export function startJournal(runDir: string, entry: Extract<JournalEntry, { type: 'run' }>): void {
  append(runDir, entry, true);
}

/** Before a spawn: the process `process` is about to be started by `parentPid`. */
export function journalSpawn(runDir: string, process: string, parentPid: number): void {
  append(runDir, { type: 'spawn', process, parentPid });
}

/** Right after a spawn: its PID, start time and uid (cleanup kills it only when both match). */
export function journalPid(runDir: string, pid: number, startTime: number, process: string, uid?: number): void {
  append(runDir, { type: 'pid', pid, startTime, ...(uid !== undefined ? { uid } : {}), process });
}

/** A host of the run is up: `pid` holds its namespaces (see the format above). */
export function journalHost(runDir: string, host: string, pid: number, startTime: number): void {
  append(runDir, { type: 'host', host, pid, startTime });
}

/** The run is over and its objects are removed. */
export function journalEnded(runDir: string): void {
  append(runDir, { type: 'ended' });
}

/**
 * The journal's entries. Opened without following a symlink and only when it is a regular file
 * owned by `uid` (when given); throws (ENOENT, ELOOP, EPERM-like Error) otherwise.
 */
export function readJournal(runDir: string, uid?: number): JournalEntry[] {
  const fd = openSync(join(runDir, JOURNAL_FILE), constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  let text: string;
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw new Error(`${runDir}/${JOURNAL_FILE} is not a regular file`);
    if (uid !== undefined && stats.uid !== uid) throw new Error(`${runDir}/${JOURNAL_FILE} belongs to uid ${stats.uid}`);
    if (stats.size > MAX_JOURNAL_BYTES) throw new Error(`${runDir}/${JOURNAL_FILE} is ${stats.size} bytes`);
    text = readFileSync(fd, 'utf8');
  } finally {
    closeSync(fd);
  }
  const entries: JournalEntry[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      entries.push(JSON.parse(line) as JournalEntry);
    } catch {
      // The last line of a journal cut by a crash.
    }
  }
  return entries;
}

export function journalObjects(entries: JournalEntry[]): ObjectName[] {
  const run = entries.find((e) => e.type === 'run');
  return run && run.type === 'run' ? Object.values(run.names) : [];
}
