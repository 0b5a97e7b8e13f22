// Where the engine keeps things. Recorded runs go to the user's data directory (the app passes
// Electron's userData; elsewhere XDG_DATA_HOME). Run directories (FIFOs, control channels,
// the journal) go to a private per-user directory under XDG_RUNTIME_DIR or the temp directory.
import { mkdirSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

export interface LabPaths {
  /** Recorded runs (NDJSON), one file per run. */
  runsDir: string;
  /** Parent of every run directory of this user; scanned for leftovers at engine start. */
  runtimeDir: string;
}

function uid(): number {
  return typeof process.getuid === 'function' ? process.getuid() : 0;
}

export function defaultPaths(dataDir?: string): LabPaths {
  const data =
    dataDir ??
    process.env.PROCESS_LAB_DATA_DIR ??
    join(process.env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'process-lab');
  const runtimeBase = process.env.PROCESS_LAB_RUNTIME_DIR ?? process.env.XDG_RUNTIME_DIR ?? tmpdir();
  return { runsDir: join(data, 'runs'), runtimeDir: join(runtimeBase, `process-lab-${uid()}`) };
}

/** Creates the directories, private to the user (0700): FIFOs in them are the run's names. */
export function ensurePaths(paths: LabPaths): void {
  mkdirSync(paths.runsDir, { recursive: true, mode: 0o700 });
  mkdirSync(paths.runtimeDir, { recursive: true, mode: 0o700 });
}
