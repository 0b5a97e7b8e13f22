// System V semaphore sets (native/src/posix/semset_sysv.cc): for the system inspector.
import type { SysvGetOptions } from './shm_sysv';

export interface SemSetStat {
  semid: number;
  nsems: number;
  mode: number;
  uid: number;
  /** Last semop and last change, seconds since the epoch (0 = never). */
  otime: number;
  ctime: number;
  /** GETVAL and GETPID of each semaphore of the set. */
  values: number[];
  pids: number[];
}

export interface SemSetSysvApi {
  /** semget(key, nsems, flags): the semid. */
  semSetGet(key: number, nsems: number, options?: SysvGetOptions): number;
  /** semctl(semid, 0, IPC_STAT), plus GETVAL/GETPID per semaphore. */
  semSetStat(semid: number): SemSetStat;
  /** semctl(semid, 0, IPC_RMID): immediate; blocked semop callers wake with EIDRM. */
  semSetRemove(semid: number): void;
}
