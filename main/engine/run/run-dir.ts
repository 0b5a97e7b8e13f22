// The run's private directory and what goes in it before any process exists: a run id, the
// names of every object the run can create, journalled (fidelity rule 5).
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Scenario } from '../../scenario/schema';
import { checkRuntimeDir, ownUid } from '../paths';
import { journalEnded, startJournal } from './journal';
import { nameObjects, OBJECTS_DIR, type RunNames } from './names';
import { readStat } from './proc';
import { bootId } from './proc-identity';

export interface RunDirectory {
  /** `YYYYMMDD-HHMMSS-<8 hex>`: sortable, unique per engine. */
  runId: string;
  /** <runtimeDir>/run-<runId>, mode 0700. */
  runDir: string;
  names: RunNames;
}

function newRunId(): { runId: string; tag: string } {
  const tag = randomBytes(4).toString('hex');
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-');
  return { runId: `${stamp}-${tag}`, tag };
}

/**
 * Makes the run directory (0700) with its sub-directories, names the run's objects and journals
 * the names before anything can create them. Throws RuntimeDirError (paths.ts) when the runtime
 * directory is not ours alone (checked before every use), and the fs errors of mkdir/write.
 */
export function prepareRunDirectory(runtimeDir: string, scenario: Scenario): RunDirectory {
  const { runId, tag } = newRunId();
  const runDir = join(runtimeDir, `run-${runId}`);
  checkRuntimeDir(runtimeDir);
  mkdirSync(runDir, { mode: 0o700 });
  mkdirSync(join(runDir, OBJECTS_DIR), { mode: 0o700 }); // FIFO and socket paths (each host mounts its own)
  const names = nameObjects(scenario, tag, runDir);
  // Fidelity rule 5: the names are on disk before any process can create them.
  startJournal(runDir, { type: 'run', runId, enginePid: process.pid, engineStartTime: readStat(process.pid)?.startTime ?? 0, uid: ownUid(), bootId: bootId(), names });
  return { runId, runDir, names };
}

/** Removes the run directory and all in it (journal included: the run ended cleanly). */
export function removeRunDirectory(runDir: string): void {
  try {
    journalEnded(runDir);
  } catch {
    // Already gone: nothing to mark.
  }
  rmSync(runDir, { recursive: true, force: true });
}
