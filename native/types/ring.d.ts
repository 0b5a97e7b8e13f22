/**
 * The engine's side of a lab process's event ring and gate (native/src/posix/ring.cc; format in
 * native/src/core/ring.h). A handle is a small integer; a closed one is EBADF.
 */
export interface RingApi {
  /**
   * Creates the ring file (O_CREAT|O_EXCL, 0600) of 4096 + dataBytes bytes (default 1 MiB, a
   * power of two) and maps it. Throws EEXIST, EACCES (open), ENOSPC (ftruncate), ENOMEM (mmap).
   */
  ringCreate(path: string, dataBytes?: number): number;
  /**
   * Every record committed since the last call (at most maxBytes, default 64 MiB), back to back,
   * padding dropped; their space is released and a producer waiting for room is woken
   * (futex). null when there is nothing new.
   */
  ringDrain(handle: number, maxBytes?: number): Buffer | null;
  /**
   * Sets the gate: 'open' (every step goes), 'hold' (no step goes), 'step' (held, one more step
   * goes), 'slow' (each step waits `ms` first, 0..600000). Wakes the process if it waits there.
   */
  ringGate(handle: number, mode: 'open' | 'hold' | 'step' | 'slow', ms?: number): void;
  /** The instruction the process waits before at the gate, or -1. */
  ringAtGate(handle: number): number;
  /** Unmaps the ring; the handle is invalid afterwards. */
  ringClose(handle: number): void;
}
