// POSIX named semaphores (native/src/posix/sem.cc). A semaphore is an integer handle (sem_t* is
// not a number); an unknown or closed handle throws code 'EINVAL'. sem_wait and sem_timedwait
// throw 'EINTR' when a handler without SA_RESTART runs. Failures throw an ErrnoException (code,
// errno, syscall, and name / handle).

export interface SemOpenOptions {
  /** O_CREAT (default false). */
  create?: boolean;
  /** O_EXCL: EEXIST when the name is taken. */
  exclusive?: boolean;
  /** Permission bits for a created semaphore (default 0o600). */
  mode?: number;
  /** Initial value of a created semaphore (default 0; above SEM_VALUE_MAX: 'EINVAL'). */
  value?: number;
}

export interface SemApi {
  /** sem_open(name, flags[, mode, value]): a handle. Name: "/plab-x" (/dev/shm/sem.plab-x on Linux). */
  semOpen(name: string, options?: SemOpenOptions): number;
  /** sem_wait: blocks while the value is 0. */
  semWait(handle: number): void;
  /** sem_trywait: 'EAGAIN' when the value is 0. */
  semTryWait(handle: number): void;
  /** sem_timedwait with a deadline timeoutMs from now: 'ETIMEDOUT' when it passes (ENOSYS on macOS). */
  semTimedWait(handle: number, timeoutMs: number): void;
  /** sem_post. */
  semPost(handle: number): void;
  /** sem_getvalue (0 while processes wait, on Linux). */
  semGetValue(handle: number): number;
  /** sem_close; the handle is invalid afterwards. */
  semClose(handle: number): void;
  /** sem_unlink. */
  semUnlink(name: string): void;
}
