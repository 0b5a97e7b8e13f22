// At engine start: runs whose engine died (a kill -9, a crash, a power cut) left their run
// directory and journal behind. Their processes are killed and their objects removed, and the
// lab says what it removed. A run whose engine is still alive (another window, the CLI) is
// left alone.
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { addon } from '../../native/addon';
import { removeIfPresent } from './cleanup';
import { journalObjects, readJournal } from './journal';
import { readStat } from './proc';

export interface LeftoverReport {
  runDir: string;
  killed: Array<{ process: string; pid: number }>;
  removed: string[];
}

/** Same PID and same start time: the very process the journal names, not a reuse of its PID. */
function stillRunning(pid: number, startTime: number): boolean {
  const stat = readStat(pid);
  return stat !== undefined && stat.startTime === startTime && stat.state !== 'Z';
}

export function removeLeftovers(runtimeDir: string): LeftoverReport[] {
  if (!existsSync(runtimeDir)) return [];
  const reports: LeftoverReport[] = [];
  for (const entry of readdirSync(runtimeDir)) {
    if (!entry.startsWith('run-')) continue;
    const runDir = join(runtimeDir, entry);
    let entries;
    try {
      entries = readJournal(runDir);
    } catch {
      continue; // no journal yet: a run being set up right now by a live engine
    }
    const run = entries.find((e) => e.type === 'run');
    if (!run || run.type !== 'run') continue;
    if (run.enginePid !== process.pid && stillRunning(run.enginePid, run.engineStartTime)) continue;
    if (run.enginePid === process.pid) continue; // our own live run
    const report: LeftoverReport = { runDir, killed: [], removed: [] };
    for (const e of entries) {
      if (e.type !== 'pid' || !stillRunning(e.pid, e.startTime)) continue;
      try {
        addon().kill(e.pid, 'SIGKILL');
        report.killed.push({ process: e.process, pid: e.pid });
      } catch {
        // Gone meanwhile.
      }
    }
    for (const name of journalObjects(entries)) {
      const removed = removeIfPresent(name);
      if (removed) {
        const ids = Object.entries(removed.identifiers).map(([k, v]) => `${k} ${v}`).join(', ');
        report.removed.push(`${name.inboxOf ? `inbox of ${name.inboxOf}` : name.object} (${name.kind}; ${ids})`);
      }
    }
    rmSync(runDir, { recursive: true, force: true });
    reports.push(report);
  }
  return reports;
}

/** What a user reads about leftovers removed at start (empty when there were none). */
export function describeLeftovers(reports: LeftoverReport[]): string[] {
  return reports.map((report) => {
    const killed = report.killed.map((k) => `${k.process} (PID ${k.pid})`).join(', ');
    return `Removed what a run left when its engine died (${report.runDir}): ` +
      [killed && `processes ${killed}`, report.removed.length > 0 && `objects ${report.removed.join(', ')}`].filter(Boolean).join('; ') + '.';
  });
}
