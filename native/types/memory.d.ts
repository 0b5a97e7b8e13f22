// Memory access to shared-memory attachments (native/src/posix/memory.cc).
// An attachment is an integer handle from shmAttach (System V) or shmMap (POSIX); JS never holds
// an address. Every access is bounds-checked (RangeError past the end); an unknown or detached
// handle throws an ErrnoException with code 'EFAULT'; a store through a read-only attachment
// throws 'EACCES'. Values are little-endian. i64: loads return a bigint; stores, deltas and
// comparands accept a bigint or a safe-integer number.

/** The element type of a typed access (default 'i32'). */
export type MemType = 'u8' | 'i32' | 'u32' | 'i64' | 'f64';
/** The types the atomics accept (f64 throws RangeError). */
export type AtomicMemType = 'u8' | 'i32' | 'u32' | 'i64';
/** A value of a MemType: a bigint for i64 loads, a number otherwise. */
export type MemValue = number | bigint;

/** How long memNonAtomicAdd waits between its load and its store (widens the race window). */
export interface NonAtomicGap {
  /** sched_yield() calls between the load and the store (0..1e6, default 0). */
  yields?: number;
  /** Busy-loop iterations between the load and the store (0..1e9, default 0). */
  spins?: number;
}

export interface MemWaitOptions {
  /** Element type at the offset (default 'i32'). */
  type?: MemType;
  /** Milliseconds nanosleep()ed between polls (default 1); 0 spins and burns a whole core. */
  pollMs?: number;
  /** Give up after this many milliseconds (default: wait forever). */
  timeoutMs?: number;
}

export interface MemWaitResult {
  /**
   * 'equal': the value matched; 'interrupted': a handled signal arrived (nanosleep's EINTR or
   * the signal counter moved while spinning), so the worker can run its handler; 'timeout'.
   */
  status: 'equal' | 'interrupted' | 'timeout';
  /** The last value read. */
  value: MemValue;
  /** How many times the value was read. */
  polls: number;
  elapsedMs: number;
}

export interface MemMappingInfo {
  handle: number;
  kind: 'sysv' | 'posix';
  /** Bytes accessible: shm_segsz, or the length given to shmMap. */
  size: number;
  readOnly: boolean;
  /** System V attachments. */
  shmid?: number;
  /** POSIX mappings (as given to shmMap's options.name). */
  name?: string;
}

export interface MemoryApi {
  /** Copies `length` bytes at `offset` into a new Uint8Array. */
  memRead(handle: number, offset: number, length: number): Uint8Array;
  /** Copies `data` to `offset`; returns the number of bytes written. */
  memWrite(handle: number, offset: number, data: Uint8Array): number;
  /** Loads one value (an aligned load is a single, untorn instruction). */
  memLoad(handle: number, offset: number, type?: 'u8' | 'i32' | 'u32' | 'f64'): number;
  memLoad(handle: number, offset: number, type: 'i64'): bigint;
  memLoad(handle: number, offset: number, type?: MemType): MemValue;
  /** Stores one value; RangeError when it does not fit the type. */
  memStore(handle: number, offset: number, value: MemValue, type?: MemType): void;
  /** Atomic fetch-add (__atomic_fetch_add, seq_cst); wraps like C; returns the previous value. Offset must be aligned. */
  memFetchAdd(handle: number, offset: number, delta: MemValue, type?: AtomicMemType): MemValue;
  /** Atomic compare-and-exchange (strong, seq_cst); `previous` is the value found. Offset must be aligned. */
  memCompareExchange(
    handle: number,
    offset: number,
    expected: MemValue,
    desired: MemValue,
    type?: AtomicMemType,
  ): { exchanged: boolean; previous: MemValue };
  /**
   * Deliberately NOT atomic: load, optional gap, store. Two processes doing this concurrently lose
   * updates (the race lesson). Returns the value stored.
   */
  memNonAtomicAdd(handle: number, offset: number, delta: MemValue, type?: MemType, gap?: NonAtomicGap): MemValue;
  /** Blocks in C until the value at `offset` equals `equals` (shm.waitUntil). */
  memWaitUntil(handle: number, offset: number, equals: MemValue, options?: MemWaitOptions): MemWaitResult;
  /** What a handle maps; EFAULT when unknown or detached. */
  memInfo(handle: number): MemMappingInfo;
  /** The handles attached in this process now. */
  memHandles(): number[];
}
