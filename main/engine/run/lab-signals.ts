// Signals from the lab (the user, the GUI, the contract's run.signal) to the run's processes:
// only to a live process of this run (fidelity rule 6), only through the engine's handle on it
// (a pidfd on Linux: a process that has ended meanwhile makes the send fail with ESRCH, and no
// process that reused its PID can receive it), each reported as signal.sent, and, when the
// kernel acts without a handler (default action, ignored, stop, continue), signal.delivered.
import { LabFailure } from '../../contract/envelope';
import { dispositionOf, signalEntry } from './dispositions';
import type { ProcessTable } from './process-table';
import { readSignalMasks } from './proc';
import type { RunLog } from './run-log';
import type { RunProcess } from './run-processes';

export class LabSignals {
  constructor(
    private readonly table: ProcessTable,
    private readonly log: RunLog,
  ) {}

  /** The live process `processId`. Throws LabFailure NOT_FOUND (no such process), FORBIDDEN (not running). */
  target(processId: string): RunProcess {
    const process = this.table.get(processId);
    if (!process) throw new LabFailure('NOT_FOUND', `No process "${processId}" in this run.`);
    if (!process.live) throw new LabFailure('FORBIDDEN', `${processId} is not running (it ${process.started ? 'has exited' : 'has not started'}).`);
    return process;
  }

  /** Resolves a PID to a live process of this run, refusing every other PID (LabFailure FORBIDDEN). */
  processByPid(pid: number): RunProcess {
    const process = this.table.live().find((p) => p.pid === pid);
    if (!process) throw new LabFailure('FORBIDDEN', `PID ${pid} is not a running process of this run; the lab signals only processes it started.`);
    return process;
  }

  /**
   * Sends `signal` (a name of signalTable()) to a live process of the run; returns its PID.
   * Throws LabFailure NOT_FOUND, FORBIDDEN, INVALID_ARGUMENT (unknown signal), or the send's
   * errno: ESRCH (the process has ended, syscall 'pidfd_send_signal'), EPERM.
   */
  signal(processId: string, signal: string, from = 'lab'): number {
    const process = this.target(processId);
    const entry = signalEntry(signal);
    if (!entry) throw new LabFailure('INVALID_ARGUMENT', `Unknown signal ${signal}.`);
    const handle = process.handle;
    if (!handle) {
      // Ended before the engine could hold it: as the kernel would answer through a pidfd.
      throw Object.assign(new Error(`pidfd_send_signal: No such process (ESRCH): ${processId} (PID ${process.pid}) has ended`), { code: 'ESRCH', syscall: 'pidfd_send_signal' });
    }
    const masks = readSignalMasks(process.pid!);
    handle.signal(signal); // first: a send that fails (ESRCH) is not reported as sent
    // One time for the send and what the kernel did with it within the kill.
    const t = this.log.now();
    this.log.emit({ t, type: 'signal.sent', from, to: processId, toPid: process.pid!, signal });
    this.table.deliveries.labSent(process, entry, dispositionOf(entry, masks), t); // it resumes at once, whatever its mask or handler (signal(7))
    return process.pid!;
  }

  /** SIGSTOP to one process, or to every live one. */
  pause(processId?: string): void {
    for (const process of processId ? [this.target(processId)] : this.table.live()) this.signal(process.id, 'SIGSTOP');
  }

  /** SIGCONT to one process, or to every live one. */
  resume(processId?: string): void {
    for (const process of processId ? [this.target(processId)] : this.table.live()) this.signal(process.id, 'SIGCONT');
  }

  /** `signal` to every live process through its handle, unreported (the run is ending); one already gone is skipped. */
  killAll(signal: 'SIGTERM' | 'SIGKILL' | 'SIGCONT'): void {
    for (const process of this.table.live()) {
      // The lab ending the run, not an event of the scenario: its exit says how it ended.
      if (signal !== 'SIGCONT') process.fatalSignalsReported.add(signal);
      try {
        process.handle?.signal(signal);
      } catch {
        // ESRCH: already gone; the exit watch records it.
      }
    }
  }
}
