// At engine start: runs whose engine died (a kill -9, a crash, a power cut) left their run
// directory and journal behind. Their processes are killed and their objects removed, and the
// lab says what it removed. A run whose engine is still alive (another window, the CLI) is
// left alone. Nothing is trusted that the lab did not write: only journals inside the checked
// runtime directory (paths.ts), in a run directory and journal file owned by us; only processes
// whose start time and uid match the journal; only objects cleanup.ts confirms are ours.
import { lstatSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { addon } from '../../native/addon';
import { checkRuntimeDir, ownUid } from '../paths';
import { removeIfPresent } from './cleanup';
import { journalObjects, readJournal, type JournalEntry } from './journal';
import { readStat } from './proc';
import { bootId, findRunProcesses, readUid } from './proc-identity';

export interface LeftoverReport {
  runDir: string;
  killed: Array<{ process: string; pid: number }>;
  removed: string[];
}

/** Same PID, start time and uid: the very process the journal names, not a reuse of its PID. */
function stillRunning(pid: number, startTime: number, uid: number | undefined): boolean {
  const stat = readStat(pid);
  if (stat === undefined || stat.startTime !== startTime || stat.state === 'Z') return false;
  const actual = readUid(pid);
  return actual === ownUid() && (uid === undefined || actual === uid);
}

function kill(pid: number): boolean {
  try {
    addon().kill(pid, 'SIGKILL');
    return true;
  } catch {
    return false; // gone meanwhile
  }
}

/** The processes to kill: journalled PIDs that still match, and any process found by environment. */
function killRunProcesses(runDir: string, entries: JournalEntry[], report: LeftoverReport): void {
  const done = new Set<number>();
  for (const e of entries) {
    if (e.type !== 'pid' || !stillRunning(e.pid, e.startTime, e.uid)) continue;
    if (kill(e.pid)) report.killed.push({ process: e.process, pid: e.pid });
    done.add(e.pid);
  }
  // A spawn journalled without its PID (the engine died between the two lines), or a child whose
  // parent died before journalling it: such a process carries the run directory in its
  // environment (journal.ts). One walk of /proc, only for runs whose engine died.
  const spawned = entries.flatMap((e) => (e.type === 'spawn' ? [e.process] : []));
  const pidded = new Set(entries.flatMap((e) => (e.type === 'pid' ? [e.process] : [])));
  const unpidded = spawned.filter((p) => !pidded.has(p));
  for (const pid of findRunProcesses(runDir, ownUid())) {
    if (done.has(pid)) continue;
    if (kill(pid)) report.killed.push({ process: unpidded.length > 0 ? unpidded.join(' or ') : 'a process of the run', pid });
  }
}

/** A run directory we made: a real directory (not a symlink) owned by us. */
function ownRunDir(runDir: string): boolean {
  const stats = lstatSync(runDir, { throwIfNoEntry: false });
  return stats !== undefined && !stats.isSymbolicLink() && stats.isDirectory() && stats.uid === ownUid();
}

/** A run whose engine died (or whose machine rebooted) before it ended: what its journal names. */
export interface DeadRun {
  runDir: string;
  runId: string;
  /** False after a reboot: no process or kernel object of that run can still exist. */
  sameBoot: boolean;
  entries: JournalEntry[];
}

/**
 * Every run in `runtimeDir` whose engine is gone, read from journals we wrote (inside the checked
 * runtime directory, in run directories and journals owned by us). Throws RuntimeDirError
 * (paths.ts) when the directory is not ours alone.
 */
export function findDeadRuns(runtimeDir: string): DeadRun[] {
  if (lstatSync(runtimeDir, { throwIfNoEntry: false }) === undefined) return [];
  checkRuntimeDir(runtimeDir);
  const dead: DeadRun[] = [];
  const thisBoot = bootId();
  for (const entry of readdirSync(runtimeDir)) {
    if (!entry.startsWith('run-')) continue;
    const runDir = join(runtimeDir, entry);
    if (!ownRunDir(runDir)) continue;
    let entries: JournalEntry[];
    try {
      entries = readJournal(runDir, ownUid());
    } catch {
      continue; // no journal yet (a run being set up right now by a live engine), or not ours
    }
    const run = entries.find((e) => e.type === 'run');
    if (!run || run.type !== 'run') continue;
    if (run.uid !== undefined && run.uid !== ownUid()) continue;
    const sameBoot = run.bootId === undefined || run.bootId === thisBoot;
    if (run.enginePid === process.pid) continue; // our own live run
    if (sameBoot && stillRunning(run.enginePid, run.engineStartTime, run.uid)) continue;
    dead.push({ runDir, runId: run.runId, sameBoot, entries });
  }
  return dead;
}

/**
 * Removes what one dead run left: kills its processes (PID, start time and uid as journalled),
 * removes its objects (key or file and creator still ours, paths inside its own directory:
 * cleanup.ts) and deletes its run directory. Used at engine start and by `ipcrm --orphans`.
 */
export function removeDeadRun(run: DeadRun): LeftoverReport {
  const report: LeftoverReport = { runDir: run.runDir, killed: [], removed: [] };
  // After a reboot no process and no System V or /dev/shm object of that run can exist; a
  // key or a PID that matches now is someone else's.
  if (run.sameBoot) {
    killRunProcesses(run.runDir, run.entries, report);
    for (const name of journalObjects(run.entries)) {
      const removed = removeIfPresent(name, run.runDir);
      if (removed) {
        const ids = Object.entries(removed.identifiers).map(([k, v]) => `${k} ${v}`).join(', ');
        report.removed.push(`${name.inboxOf ? `inbox of ${name.inboxOf}` : name.object} (${name.kind}; ${ids})`);
      }
    }
  }
  rmSync(run.runDir, { recursive: true, force: true });
  return report;
}

/**
 * Cleans up after every dead engine's runs in `runtimeDir` and reports what it removed. Throws
 * RuntimeDirError (paths.ts) when the directory is not ours alone; acts on nothing then.
 */
export function removeLeftovers(runtimeDir: string): LeftoverReport[] {
  return findDeadRuns(runtimeDir).map(removeDeadRun);
}

/** What a user reads about leftovers removed at start (empty when there were none). */
export function describeLeftovers(reports: LeftoverReport[]): string[] {
  return reports.map((report) => {
    const killed = report.killed.map((k) => `${k.process} (PID ${k.pid})`).join(', ');
    const what = [killed && `processes ${killed}`, report.removed.length > 0 && `objects ${report.removed.join(', ')}`].filter(Boolean).join('; ');
    return `Removed what a run left when its engine died (${report.runDir})${what ? `: ${what}` : ''}.`;
  });
}
