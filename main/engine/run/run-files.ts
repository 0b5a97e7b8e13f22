// Files of a run directory (0700) that the engine and the lab processes agree on
// (native/src/lab/main.cc reads the same names).
export const RUN_FILES = {
  /** prog/<process id>: the process's compiled program (native/src/lab/program.h). */
  programDir: 'prog',
  /** ring/<process id>: the process's event ring and gate (native/src/core/ring.h). */
  ringDir: 'ring',
  /** out/<process id>: the process's console, its stdout and stderr (a regular file). */
  consoleDir: 'out',
  /** pids: the run's PID table, one 8-byte slot per process (an int32 PID, 0 when none). */
  pidTable: 'pids',
} as const;

/** Bytes of one slot of the PID table (lab/state.h PidSlot). */
export const PID_SLOT_BYTES = 8;

/** The environment a lab process starts with (native/src/lab/main.cc reads the same names). */
export const LAB_ENV = {
  /** The run directory: also how cleanup finds a run's processes (/proc/PID/environ). */
  runDir: 'PROCESS_LAB_RUN_DIR',
  /** Its process id (argv[0] says it too). */
  processId: 'PROCESS_LAB_PROCESS',
  /** The lab process executable, for its own children. */
  executable: 'PROCESS_LAB_EXE',
  /** Inherited pipe/FIFO ends: "<object slot>:<read fd>:<write fd>,...". */
  inherited: 'PROCESS_LAB_FDS',
} as const;
