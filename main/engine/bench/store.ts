// Result sets on disk: <data>/bench/<id>.json, each with the machine it was measured on, so a
// later run can be compared with earlier ones (and a file from another machine says so).
import { mkdirSync, readdirSync, readFileSync, writeFileSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { benchResultSetSchema, type BenchResultSet } from '../../contract/bench';
import type { LabPaths } from '../paths';

/** The data directory's bench/ folder, beside runs/. */
export function benchDir(paths: LabPaths): string {
  return join(dirname(paths.runsDir), 'bench');
}

/** Where the set `id` is saved in `dir`. */
export const resultSetFile = (dir: string, id: string) => join(dir, `${id}.json`);

export function saveResultSet(dir: string, set: BenchResultSet): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = resultSetFile(dir, set.id);
  writeFileSync(`${file}.tmp`, JSON.stringify(set, null, 1), { mode: 0o600 });
  renameSync(`${file}.tmp`, file); // never half a file for a reader
  return file;
}

/** Saved sets, newest first; a file that is not a valid set is skipped, not fatal. */
export function listResultSets(dir: string, limit = 50): BenchResultSet[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.json'));
  } catch {
    return [];
  }
  const sets: BenchResultSet[] = [];
  for (const name of names) {
    try {
      const parsed = benchResultSetSchema.safeParse(JSON.parse(readFileSync(join(dir, name), 'utf8')));
      if (parsed.success) sets.push(parsed.data);
    } catch {
      // unreadable or not JSON: someone else's file
    }
  }
  return sets.sort((a, b) => b.startedAt.localeCompare(a.startedAt)).slice(0, limit);
}
