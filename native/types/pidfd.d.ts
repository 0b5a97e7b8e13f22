// Process handles: pidfds (native/src/linux/pidfd.cc over linux/process_handle.h, which the
// native lab process shares). Linux only (>= 5.4); on macOS these functions are absent and the
// engine falls back to kill(2) and waitpid(2) (main/engine/run/process-handle.ts).
//
// Addressing another process of a run safely (the engine and the lab process alike): open its
// pidfd with the start time journalled for it, then signal only through the pidfd. A process
// reaped since then makes every call fail with ESRCH; none can reach a process that reused the PID.
import type { SignalLike } from './signals';
import type { WaitStatus } from './process';

export interface PidfdApi {
  /**
   * pidfd_open(pid, 0): a close-on-exec descriptor naming the process (close it with
   * fs.closeSync). With `startTime` (/proc/PID/stat field 22, clock ticks since boot), also
   * checks after the open that the process at `pid` still has that start time.
   * @throws ErrnoException ESRCH (no such process, or the PID names another process now),
   *   EMFILE, ENOSYS (kernel before 5.3), syscall 'pidfd_open'
   */
  pidfdOpen(pid: number, startTime?: number): number;
  /**
   * pidfd_send_signal(pidfd, signal, NULL, 0). A zombie still accepts it, as with kill(2).
   * @throws ErrnoException ESRCH (the process was reaped), EPERM, EINVAL, syscall 'pidfd_send_signal'
   */
  pidfdSendSignal(pidfd: number, signal: SignalLike | 0): void;
  /** poll(2) POLLIN on the pidfd: whether the process has terminated (a zombie, or reaped). */
  pidfdHasExited(pidfd: number): boolean;
  /**
   * waitid(P_PIDFD, pidfd, WEXITED | WNOHANG): reaps the process when it is the caller's child
   * and has terminated (its status, `pid` copied into it), else null.
   * @throws ErrnoException ECHILD (not the caller's child), syscall 'waitid'
   */
  pidfdReap(pidfd: number, pid: number): WaitStatus | null;
  /**
   * pidfs's PIDFD_GET_INFO with PIDFD_INFO_EXIT: the exit status of a process once reaped, by
   * whichever process reaped it (`pid` copied into it). Null while it runs or is a zombie, and
   * always on kernels before 6.15.
   */
  pidfdExitStatus(pidfd: number, pid: number): WaitStatus | null;
  /**
   * pidfd_getfd(pidfd, targetFd, 0): a close-on-exec copy of the process's descriptor (Linux
   * >= 5.6; close it with fdClose: the process's own stays open). The inspector reads a lab
   * process's sockets through such copies (socketInfo).
   * @throws ErrnoException EBADF (no such descriptor), EPERM (no ptrace access), ESRCH, ENOSYS,
   *   syscall 'pidfd_getfd'
   */
  pidfdGetFd(pidfd: number, targetFd: number): number;
  /**
   * /proc/PID/stat field 22: when the process started, in clock ticks since boot; with the PID
   * it names one process.
   * @throws ErrnoException ESRCH (no such process), syscall 'open'
   */
  procStartTime(pid: number): number;
}
