// The run's process table: one RunProcess per process of the scenario, and the two facts the
// whole run hangs on: a process started (its PID, journalled) and a process ended (its status,
// reported once as process.exit).
import type { Scenario } from '../../scenario/schema';
import { journalPid } from './journal';
import { openProcessHandle } from './process-handle';
import { DeliveryReports } from './delivery-reports';
import { readStat } from './proc';
import { readUid } from './proc-identity';
import { RunProcess, type ExitStatus } from './run-processes';
import type { RunLog } from './run-log';
import type { LabRuntime } from './runtime';

export class ProcessTable {
  private readonly byId = new Map<string, RunProcess>();
  /** What the kernel did with each signal sent between the run's processes (or by the kernel to one). */
  readonly deliveries: DeliveryReports;

  /** Opens every process's event source (runtime.openEvents) before any process starts. */
  constructor(
    scenario: Scenario,
    private readonly runDir: string,
    private readonly log: RunLog,
    private readonly runtime: LabRuntime,
  ) {
    for (const spec of scenario.processes) this.byId.set(spec.id, new RunProcess(spec, runtime.openEvents(runDir, spec.id)));
    this.deliveries = new DeliveryReports(this, log);
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
   * Records a process's PID the first time it is known, opens the engine's handle on it, and
   * journals it with its start time (/proc/PID/stat) so a later engine can tell it from a PID
   * reuse. `ownChild`: the engine started it and
   * has not reaped it, so its PID cannot have been reused. For a process another process of
   * the run started, the handle is opened first and the process found at the PID must be a
   * child of its parent (or adopted by the engine): a PID reused since is refused.
   */
  noteStarted(process: RunProcess, pid: number, ownChild = false): void {
    if (process.pid !== undefined) return;
    process.pid = pid;
    try {
      process.handle = openProcessHandle(pid);
      const stat = readStat(pid);
      if (!ownChild && !this.isChildOfRun(process, stat?.ppid)) {
        process.handle.close();
        process.handle = undefined; // another process has the PID: this one has already ended
      } else {
        process.startTime = stat?.startTime;
      }
    } catch {
      process.handle = undefined; // ESRCH: ended and reaped before the engine heard of it
    }
    journalPid(this.runDir, pid, process.startTime ?? 0, process.id, readUid(pid));
  }

  /** Whether `ppid` is the PID of `process`'s parent in the run, or the engine's (it adopts orphans). */
  private isChildOfRun(process: RunProcess, ppid: number | undefined): boolean {
    if (ppid === undefined) return false;
    const parent = process.spec.parent === undefined ? undefined : this.byId.get(process.spec.parent);
    return ppid === globalThis.process.pid || (parent?.pid !== undefined && ppid === parent.pid);
  }

  /**
   * Records a process's end once, as process.exit (at `t` when given, ns since t0). A status
   * with neither code nor signal means the engine saw it end without learning how.
   */
  noteExit(process: RunProcess, status: ExitStatus, t?: number): void {
    if (process.exit) return;
    process.exit = status;
    this.runtime.processEnded?.(this.runDir, process.id);
    process.endAllSteps();
    process.handle?.close();
    const detail = status.signal ? { signal: status.signal, ...(status.core ? { core: true } : {}) } : status.code !== undefined ? { code: status.code } : {};
    // One time for the end and what it implies (the killing signal, its parent's SIGCHLD).
    const at = { t: t ?? this.log.now() };
    if (status.signal && !process.fatalSignalsReported.has(status.signal)) {
      // A signal nobody reported sending killed it: the kernel's own (SIGPIPE, SIGSEGV, SIGFPE),
      // or a handled one whose handler restored the default and re-raised.
      // A signal it had blocked and got unblocked: delivered within its last step, the sigprocmask.
      const sentAt = process.pendingSends.get(status.signal)?.[0]?.t;
      const unblockedIn = sentAt !== undefined ? Math.max(sentAt, process.lastEventT ?? 0) : undefined;
      this.log.emit({ t: unblockedIn ?? at.t, type: 'signal.delivered', process: process.id, pid: process.pid!, signal: status.signal, disposition: status.core ? 'core' : 'terminate' });
      process.fatalSignalsReported.add(status.signal); // a send of it read later does not say it again
      if (unblockedIn !== undefined) this.deliveries.diedOfPending(process, status.signal, unblockedIn);
    }
    this.log.emit({ ...at, type: 'process.exit', process: process.id, pid: process.pid!, ...detail });
    this.notifyParent(process, at.t);
  }

  /**
   * `process` was seen stopped (state T in /proc) or running again after a stop (a SIGCONT, or a
   * state other than T): the kernel then sent its parent SIGCHLD (si_code CLD_STOPPED,
   * CLD_CONTINUED) unless the parent ignores SIGCHLD or set SA_NOCLDSTOP, which the lab's
   * sigaction never sets (sigaction(2)). A parent's handler reports its own run, as for an exit;
   * this reports the default's discarding. A stop and continue both between two polls of /proc
   * go unseen here (the kernel's report through a handler has them). `t` (ns since t0): when
   * it happened, if known (the SIGCONT's send); else now, when /proc showed it.
   */
  noteJobControl(process: RunProcess, stopped: boolean, t?: number): void {
    if (stopped === process.stopped) return;
    process.stopped = stopped;
    this.notifyParent(process, t ?? this.log.now());
  }

  /**
   * The kernel sends SIGCHLD to the parent of a child that ended (wait(2)), stopped or continued. A caught one is
   * reported by the parent's handler and a blocked one stays pending; by default it is discarded
   * (its default action is to ignore it), reported here at `t`, the child's change (ns since
   * t0); under SIG_IGN the kernel sends nothing.
   */
  private notifyParent(child: RunProcess, t: number): void {
    const parent = child.spec.parent === undefined ? undefined : this.byId.get(child.spec.parent);
    if (!parent?.started) return;
    this.deliveries.sent({ t, signal: 'SIGCHLD', to: parent.id, notWhenIgnored: true });
  }

  /** Closes every process's event source and handle. */
  close(): void {
    for (const process of this.all()) {
      process.events.close();
      process.handle?.close();
    }
  }
}
