// POSIX shared memory (native/src/posix/shm_posix.cc): shm_open, ftruncate, fstat, mmap,
// munmap, shm_unlink. Close the descriptor with fdClose (PipeApi). Failures throw an
// ErrnoException (code, errno, syscall, and name / fd / handle).

export interface ShmOpenOptions {
  /** O_CREAT (default false). */
  create?: boolean;
  /** O_EXCL: EEXIST when the name is taken. */
  exclusive?: boolean;
  /** O_RDONLY instead of O_RDWR. */
  readOnly?: boolean;
  /** Permission bits for a created object (default 0o600). */
  mode?: number;
}

/** fstat(2) of a shared-memory descriptor. */
export interface ShmFstat {
  size: number;
  /** Permission bits. */
  mode: number;
  uid: number;
  gid: number;
  ino: number;
  /** 0 once the name is unlinked. */
  nlink: number;
}

export interface ShmPosixApi {
  /** shm_open(name, flags, mode): a descriptor (FD_CLOEXEC set, as shm_open does). Name: "/plab-x". */
  shmOpen(name: string, options?: ShmOpenOptions): number;
  /** ftruncate(fd, size). */
  shmTruncate(fd: number, size: number): void;
  /** fstat(fd). */
  shmFstat(fd: number): ShmFstat;
  /**
   * mmap(NULL, length, PROT_READ[|PROT_WRITE], MAP_SHARED, fd, 0): a memory handle (MemoryApi).
   * RangeError when length exceeds the object's size (those pages would raise SIGBUS).
   * options.name only labels the mapping in memInfo.
   */
  shmMap(fd: number, length: number, options?: { readOnly?: boolean; name?: string }): number;
  /** munmap of the handle's mapping; EINVAL for an unknown handle. Later access is EFAULT. */
  shmUnmap(handle: number): void;
  /** shm_unlink(name). */
  shmUnlink(name: string): void;
}
