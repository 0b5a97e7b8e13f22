// Sleeping and the monotonic clock (native/src/posix/time.cc).
export interface TimeApi {
  /**
   * nanosleep(2) for `ms` milliseconds on the calling thread (the process sleeps: state S).
   * @throws ErrnoException code 'EINTR' (with `remainingMs`) when a handled signal interrupts it
   */
  nanosleep(ms: number): void;
  /** clock_gettime(CLOCK_MONOTONIC) in nanoseconds: comparable across the processes of a run. */
  monotonicNs(): bigint;
}
