// prctl(2), Linux only (native/src/linux/prctl.cc). On macOS these functions are absent.
import type { SignalLike, SignalName } from './signals';

export interface PrctlApi {
  /** PR_SET_CHILD_SUBREAPER: orphaned descendants are reparented to this process, not init. */
  setChildSubreaper(on: boolean): void;
  /** PR_GET_CHILD_SUBREAPER. */
  isChildSubreaper(): boolean;
  /**
   * PR_SET_PDEATHSIG for the calling process: the signal it receives when its parent thread
   * exits (0 or null clears it). Cleared by fork; kept across execve of a non-setuid program.
   */
  setParentDeathSignal(signal: SignalLike | 0 | null): void;
  /** PR_GET_PDEATHSIG: the signal's name, or null when none is set. */
  parentDeathSignal(): SignalName | null;
}
