// How a lab process is started: the same executable the engine runs on (Node for the CLI and
// browser mode; Electron's binary as Node, ELECTRON_RUN_AS_NODE=1, in the app), running the
// worker runtime (out/worker/worker.cjs, built apart as CommonJS: see main/worker.vite.config.ts),
// with the addon's path so it need not search for it.
import { closeSync, constants, existsSync, openSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { addon, addonPath } from '../../native/addon';
import { ENV, RUN_FILES } from '../../worker/env';
import { openFifoEvents } from './fifo-events';
import type { LabRuntime, RootLaunch } from './runtime';

export interface WorkerLaunch {
  executable: string;
  script: string;
  env: Record<string, string>;
}

const WORKER_FILE = join('out', 'worker', 'worker.cjs');

/** out/worker/worker.cjs, found from wherever this module runs (or $PROCESS_LAB_WORKER). */
export function workerScript(start = dirname(fileURLToPath(import.meta.url))): string {
  const override = process.env.PROCESS_LAB_WORKER;
  if (override) return override;
  for (let dir = start; ; dir = dirname(dir)) {
    const built = join(dir, WORKER_FILE);
    if (existsSync(built)) return built;
    if (dirname(dir) === dir) break;
  }
  throw new Error(`The worker runtime (${WORKER_FILE}) is not built: run \`npm run build\`.`);
}

let cached: WorkerLaunch | undefined;

export function workerLaunch(): WorkerLaunch {
  if (!cached) {
    const env: Record<string, string> = { [ENV.addon]: addonPath() };
    // Electron's binary behaves as plain Node only when told so (RunAsNode fuse left enabled).
    if (process.versions.electron) env.ELECTRON_RUN_AS_NODE = '1';
    cached = { executable: process.execPath, script: workerScript(), env };
  }
  return cached;
}

/**
 * The environment of a lab process: the engine's, without what would slow every start or change
 * how Node behaves there (NODE_EXTRA_CA_CERTS parses a certificate bundle at each start, about
 * 40 ms here; NODE_OPTIONS may carry a test runner's loaders), plus the worker's own variables.
 */
export function workerEnvironment(extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && key !== 'NODE_EXTRA_CA_CERTS' && key !== 'NODE_OPTIONS') env[key] = value;
  }
  return { ...env, ...workerLaunch().env, ...extra };
}

/**
 * Starts a root process as a worker: stdin /dev/null, stdout and stderr the process's console
 * FIFO (made by openFifoEvents), killed with the lab (PR_SET_PDEATHSIG SIGKILL). Returns its PID.
 */
function spawnWorkerRoot({ runDir, processId, t0 }: RootLaunch): number {
  const launch = workerLaunch();
  const consoleFd = openSync(join(runDir, RUN_FILES.consoleDir, processId), constants.O_WRONLY);
  const nullFd = openSync('/dev/null', constants.O_RDONLY);
  try {
    const env = workerEnvironment({
      [ENV.runDir]: runDir,
      [ENV.processId]: processId,
      [ENV.t0]: t0.toString(),
      [ENV.inherited]: '{}',
    });
    return addon().spawn(launch.executable, [launch.executable, launch.script], {
      env,
      fds: [[0, nullFd], [1, consoleFd], [2, consoleFd]],
      parentDeathSignal: 'SIGKILL', // if the lab dies, its root processes go with it
    });
  } finally {
    closeSync(consoleFd);
    closeSync(nullFd);
  }
}

/** The worker runtime: Node running out/worker/worker.cjs, reporting through FIFOs. */
export const workerRuntime: LabRuntime = { openEvents: openFifoEvents, spawnRoot: spawnWorkerRoot };
