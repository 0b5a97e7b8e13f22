// The run's journal: every name the run can create and every PID it starts, written to disk
// before they exist (fidelity rule 5), so a later engine can remove what a crashed one left.
// One JSON object a line, appended: a power cut loses at most the line being written.
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ObjectName, RunNames } from './names';

export const JOURNAL_FILE = 'journal.ndjson';

export type JournalEntry =
  | { type: 'run'; runId: string; enginePid: number; engineStartTime: number; names: RunNames }
  | { type: 'pid'; pid: number; startTime: number; process: string }
  | { type: 'ended' };

export function startJournal(runDir: string, entry: Extract<JournalEntry, { type: 'run' }>): void {
  writeFileSync(join(runDir, JOURNAL_FILE), JSON.stringify(entry) + '\n', { mode: 0o600 });
}

export function journalPid(runDir: string, pid: number, startTime: number, process: string): void {
  appendFileSync(join(runDir, JOURNAL_FILE), JSON.stringify({ type: 'pid', pid, startTime, process } satisfies JournalEntry) + '\n');
}

export function readJournal(runDir: string): JournalEntry[] {
  const lines = readFileSync(join(runDir, JOURNAL_FILE), 'utf8').split('\n');
  const entries: JournalEntry[] = [];
  for (const line of lines) {
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
