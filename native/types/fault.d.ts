// Real faults and their write-and-_exit handlers (native/src/posix/fault.cc).
import type { SignalDisposition } from './signals';

export type FaultSignalName = 'SIGSEGV' | 'SIGFPE' | 'SIGBUS' | 'SIGILL';

export interface FaultApi {
  /**
   * Installs a C handler on a fault signal that only write(2)s `message` to `fd` (1 unless
   * given) and calls _exit(exitCode): async-signal-safe, and it never returns into the faulting
   * instruction. The message (up to 1024 bytes) is copied beforehand. Returns the previous disposition.
   * `report`: lines written to another descriptor before and after the message (the lab's
   * control channel: handler.begin / handler.end), with the same async-signal-safe write(2).
   * @throws RangeError for another signal, a longer message, exitCode outside 0..255
   */
  installCrashHandler(
    signal: FaultSignalName,
    message: string,
    exitCode: number,
    fd?: number,
    report?: { fd: number; before: string; after: string },
  ): SignalDisposition;
  /** Stores through a NULL pointer: SIGSEGV. Returns only if a handler recovered (none here does). */
  faultNullWrite(): void;
  /**
   * Integer division by zero with volatile operands: SIGFPE on x86. On arm64 the hardware
   * returns 0 without trapping, and so does this (the quotient is returned).
   */
  faultDivideByZero(): number;
}
