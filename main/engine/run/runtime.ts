// The two seams between the engine and the program every lab process runs: how a root process
// is launched, and where the engine reads what each process reports. The rest of the run
// (process table, kernel polling, deadlock and timeout watch, signals, the end) knows neither.
// The implementation is the native lab process (native-runtime.ts).
import type { Scenario } from '../../scenario/schema';
import type { RunNames } from './names';

/** Where the engine reads what one process of the run reports. */
export interface ProcessEventSource {
  /**
   * Events written since the last call, in the order the process wrote them, each a plain
   * object with at least `type` (scenario/events.ts) and usually `t` (ns since the run's t0).
   * Never drops an event; a malformed record is skipped. A call takes the events of at most
   * about `maxBytes` of records (default 2 MiB; what is left waits for the next call), so a fast
   * producer cannot grow the engine's memory and a caller can handle small batches between two
   * looks at the clock. [] only when the process reported nothing new.
   */
  drainEvents(maxBytes?: number): Array<Record<string, unknown>>;
  /**
   * Console text (the process's stdout and stderr) written since the last call: at most
   * `maxBytes` bytes (default 2 MiB) of it; the rest waits for the next call.
   */
  drainConsole(maxBytes?: number): string;
  /** Releases what the source holds (descriptors, mappings); called once, at the run's end. */
  close(): void;
  /**
   * The gate before each step (ARCHITECTURE.md, time control): 'open', 'hold' (no step goes),
   * 'step' (held, one more step goes), 'slow' (each step held `ms` first).
   */
  gate?(mode: 'open' | 'hold' | 'step' | 'slow', ms?: number): void;
  /** The index path of the step the process waits before at the gate, if it does. */
  atGate?(): number[] | undefined;
}

/** What a root process is started with. */
export interface RootLaunch {
  /** The run's private directory (0700): scenario.json, names.json, per-process files. */
  runDir: string;
  /** The scenario's process id. */
  processId: string;
  /** The run's clock origin (CLOCK_MONOTONIC, ns). */
  t0: bigint;
  /**
   * The PID holding the namespaces of the process's host (hosts.ts), when the scenario places
   * it on one: the launcher passes it to spawn's joinNamespacesOf, so the process starts there.
   */
  joinNamespacesOf?: number;
}

/** What a runtime may prepare before any process of a run exists. */
export interface PreparedRun {
  runDir: string;
  scenario: Scenario;
  names: RunNames;
  /** The run's clock origin (CLOCK_MONOTONIC, ns). */
  t0: bigint;
}

export interface LabRuntime {
  /** Called once per run, before openEvents (compiles the programs, makes the run's files). */
  prepareRun?(run: PreparedRun): void;
  /** A process of the run ended (noted before or right after it was reaped). */
  processEnded?(runDir: string, processId: string): void;
  /** The run ended: forget it. */
  endRun?(runDir: string): void;
  /**
   * Opens the channel of one process of the scenario (roots and children alike), before any
   * process starts, so a process never reports into nothing.
   */
  openEvents(runDir: string, processId: string): ProcessEventSource;
  /**
   * Starts one root process (a process without a parent in the scenario) as a child of the
   * engine; its children are started by it. Returns its PID. Throws the errno of the failing
   * call (ENOENT, EAGAIN, ...).
   */
  spawnRoot(launch: RootLaunch): number;
}
