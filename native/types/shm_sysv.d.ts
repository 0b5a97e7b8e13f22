// System V shared memory (native/src/posix/shm_sysv.cc): shmget, shmat, shmdt, shmctl.
// Failures throw an ErrnoException (code, errno, syscall, and key / shmid / handle).

/** The flags of a System V get call: IPC_CREAT, IPC_EXCL and the permission bits. */
export interface SysvGetOptions {
  /** IPC_CREAT (default false: open an existing object). */
  create?: boolean;
  /** IPC_EXCL: EEXIST when the key is taken. */
  exclusive?: boolean;
  /** Permission bits (default 0o600). */
  mode?: number;
}

/** shmctl(IPC_STAT). Times are seconds since the epoch, 0 = never. */
export interface ShmStat {
  /** The key, unsigned 32-bit; 0 (IPC_PRIVATE) once removal is pending on Linux. */
  key: number;
  shmid: number;
  /** shm_segsz in bytes. */
  size: number;
  /** Current attachments. */
  nattch: number;
  /** Creator's PID. */
  cpid: number;
  /** PID of the last shmat/shmdt. */
  lpid: number;
  atime: number;
  dtime: number;
  ctime: number;
  /** Permission bits (shm_perm.mode & 0o777). */
  mode: number;
  /** Owner. */
  uid: number;
  gid: number;
  /** Creator. */
  cuid: number;
  cgid: number;
  /** IPC_RMID done while attached: SHM_DEST in shm_perm.mode (Linux; false elsewhere). */
  markedForDestruction: boolean;
}

export interface ShmSysvApi {
  /** shmget(key, size, flags): the shmid. size 0 opens an existing segment. Key: -2^31..2^32-1. */
  shmGet(key: number, size: number, options?: SysvGetOptions): number;
  /** shmat(shmid, NULL, readOnly ? SHM_RDONLY : 0): a memory handle (see MemoryApi). */
  shmAttach(shmid: number, options?: { readOnly?: boolean }): number;
  /** shmdt of the handle's address; EINVAL for an unknown handle. Later access is EFAULT. */
  shmDetach(handle: number): void;
  /** shmctl(shmid, IPC_STAT). */
  shmStat(shmid: number): ShmStat;
  /** shmctl(shmid, IPC_RMID): deferred on Linux while attached (see ShmStat.markedForDestruction). */
  shmRemove(shmid: number): void;
}
