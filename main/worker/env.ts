// What the engine (or a parent worker) tells a worker when it starts it, through the
// environment: the run directory, which process it is, the run's clock origin, and the
// descriptors it inherited (object id -> ends) at the numbers they have in this process.
export const ENV = {
  runDir: 'PROCESS_LAB_RUN_DIR',
  processId: 'PROCESS_LAB_PROCESS',
  t0: 'PROCESS_LAB_T0',
  inherited: 'PROCESS_LAB_FDS',
  addon: 'PROCESS_LAB_ADDON',
} as const;

export interface InheritedEnds {
  [objectId: string]: { read?: number; write?: number };
}

/** Files of a run directory every process of the run agrees on. */
export const RUN_FILES = {
  scenario: 'scenario.json',
  names: 'names.json',
  /** ctl/<process id>: the process's control channel (a FIFO the engine reads). */
  controlDir: 'ctl',
  /** out/<process id>: the process's console, its stdout and stderr (a FIFO the engine reads). */
  consoleDir: 'out',
  /** pids/<process id>: the PID of a started process, for kill() by id. */
  pidDir: 'pids',
} as const;
