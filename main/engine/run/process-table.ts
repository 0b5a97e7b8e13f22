// The run's process table: one RunProcess per process of the scenario, and the two facts the
// whole run hangs on: a process started (its PID, journalled) and a process ended (its status,
// reported once as process.exit).
import type { Scenario } from '../../scenario/schema';
import { journalPid } from './journal';
import { readStat } from './proc';
import { readUid } from './proc-identity';
import { RunProcess, type ExitStatus } from './run-processes';
import type { RunLog } from './run-log';
import type { LabRuntime } from './runtime';

export class ProcessTable {
  private readonly byId = new Map<string, RunProcess>();

  /** Opens every process's event source (runtime.openEvents) before any process starts. */
  constructor(
    scenario: Scenario,
    private readonly runDir: string,
    private readonly log: RunLog,
    private readonly runtime: LabRuntime,
  ) {
    for (const spec of scenario.processes) this.byId.set(spec.id, new RunProcess(spec, runtime.openEvents(runDir, spec.id)));
  }

  get(processId: string): RunProcess | undefined {
    return this.byId.get(processId);
  }

  all(): RunProcess[] {
    return [...this.byId.values()];
  }

  /** Processes started and not yet ended. */
  live(): RunProcess[] {
    return this.all().filter((p) => p.live);
  }

  /**
   * Records a process's PID the first time it is known: its start time (/proc/PID/stat), the
   * journal (so a later engine can tell it from a PID reuse).
   */
  noteStarted(process: RunProcess, pid: number): void {
    if (process.pid !== undefined) return;
    process.pid = pid;
    process.startTime = readStat(pid)?.startTime ?? 0;
    journalPid(this.runDir, pid, process.startTime, process.id, readUid(pid));
  }

  /** Records a process's end once, as process.exit (at `t` when given, ns since t0). */
  noteExit(process: RunProcess, status: ExitStatus, t?: number): void {
    if (process.exit) return;
    process.exit = status;
    this.runtime.processEnded?.(this.runDir, process.id);
    process.step = undefined;
    const detail = status.signal ? { signal: status.signal, ...(status.core ? { core: true } : {}) } : { code: status.code ?? 0 };
    this.log.emit({ ...(t !== undefined ? { t } : {}), type: 'process.exit', process: process.id, pid: process.pid!, ...detail });
  }

  /** Closes every process's event source. */
  close(): void {
    for (const process of this.all()) process.events.close();
  }
}
