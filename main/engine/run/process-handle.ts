// The engine's handle on one process of a run: how it signals, reaps and learns the end of that
// process. On Linux a pidfd (pidfd_open(2)): a process reaped since makes a signal fail with
// ESRCH, never reach a process that reused its PID (fidelity rule 6). Where the addon has no
// pidfds (macOS), the fallback below uses the PID with kill(2) and waitpid(2); it cannot close
// the reuse window, so the engine also refuses every process it has recorded as ended.
import { closeSync } from 'node:fs';
import { addon, type Addon } from '../../native/addon';
import type { WaitStatus } from '../../../native/types/process';
import type { ExitStatus } from './run-processes';

export interface ProcessHandle {
  readonly pid: number;
  /** Sends `signal`. @throws ErrnoException ESRCH once the process is reaped, EPERM. */
  signal(signal: string): void;
  /** Reaps the process if it is the engine's child and has ended; 'not-child' when it is not ours to reap. */
  reap(): ExitStatus | null | 'not-child';
  /** Whether the process has terminated (a zombie, or reaped). */
  hasExited(): boolean;
  /** Its exit status once reaped by another process, when the kernel keeps it (Linux >= 6.15). */
  exitStatus(): ExitStatus | undefined;
  close(): void;
}

function exitOf(status: WaitStatus): ExitStatus {
  return status.signaled ? { signal: status.signal!, ...(status.coreDumped ? { core: true } : {}) } : { code: status.code ?? 0 };
}

const errno = (error: unknown) => (error as { code?: string }).code;

class PidfdHandle implements ProcessHandle {
  private closed = false;
  constructor(
    readonly pid: number,
    private readonly fd: number,
    private readonly native: Addon,
  ) {}

  signal(signal: string): void {
    this.native.pidfdSendSignal!(this.fd, signal as never);
  }

  reap(): ExitStatus | null | 'not-child' {
    try {
      const status = this.native.pidfdReap!(this.fd, this.pid);
      return status ? exitOf(status) : null;
    } catch (error) {
      if (errno(error) === 'ECHILD') return 'not-child';
      throw error;
    }
  }

  hasExited(): boolean {
    return this.native.pidfdHasExited!(this.fd);
  }

  exitStatus(): ExitStatus | undefined {
    const status = this.native.pidfdExitStatus!(this.fd, this.pid);
    return status ? exitOf(status) : undefined;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }
}

/** Without pidfds: the PID itself. Racy against PID reuse by nature; used only where pidfds are missing. */
class PidHandle implements ProcessHandle {
  private reaped = false;
  constructor(
    readonly pid: number,
    private readonly native: Addon,
  ) {}

  signal(signal: string): void {
    if (this.reaped) throw Object.assign(new Error(`kill: no such process (ESRCH)`), { code: 'ESRCH', syscall: 'kill', pid: this.pid });
    this.native.kill(this.pid, signal as never);
  }

  reap(): ExitStatus | null | 'not-child' {
    if (this.reaped) return null;
    try {
      const status = this.native.waitpid(this.pid, { nohang: true });
      if (!status || !(status.exited || status.signaled)) return null;
      this.reaped = true;
      return exitOf(status);
    } catch (error) {
      if (errno(error) === 'ECHILD') return 'not-child';
      throw error;
    }
  }

  hasExited(): boolean {
    if (this.reaped) return true;
    try {
      this.native.kill(this.pid, 0);
      return false;
    } catch (error) {
      return errno(error) === 'ESRCH';
    }
  }

  exitStatus(): ExitStatus | undefined {
    return undefined;
  }

  close(): void {}
}

/**
 * A handle on process `pid`. `startTime` (clock ticks since boot, /proc/PID/stat field 22), when
 * given, must match the process found at `pid` after the pidfd is opened (PID reuse check).
 * Omit it only for the engine's own unreaped children, whose PID cannot be reused.
 * @throws ErrnoException ESRCH (gone, or the PID names another process), EMFILE
 */
export function openProcessHandle(pid: number, startTime?: number): ProcessHandle {
  const native = addon();
  if (!native.pidfdOpen) return new PidHandle(pid, native);
  return new PidfdHandle(pid, native.pidfdOpen(pid, startTime), native);
}
