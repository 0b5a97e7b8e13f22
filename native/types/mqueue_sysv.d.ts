// System V message queues (native/src/posix/mqueue_sysv.cc): msgget, msgsnd, msgrcv, msgctl.
// msgsnd/msgrcv always fail with 'EINTR' when a handled signal arrives (never restarted).
// Limits (msgmax, msgmnb) surface as the kernel's errors. Failures throw an ErrnoException
// (code, errno, syscall, and key / msqid / type).
import type { SysvGetOptions } from './shm_sysv';

export interface MsgReceiveOptions {
  /** msgtyp: 0 = first message; > 0 = first of that type; < 0 = lowest type <= |type|. Default 0. */
  type?: number;
  /** Largest message text accepted (0..16 MiB, default 8192); longer is E2BIG unless noError. */
  maxSize?: number;
  /** IPC_NOWAIT: 'ENOMSG' instead of waiting when nothing matches. */
  nonBlocking?: boolean;
  /** MSG_NOERROR: truncate a longer message instead of E2BIG. */
  noError?: boolean;
  /** MSG_EXCEPT (Linux): first message whose type is NOT `type`. */
  except?: boolean;
}

/** msgctl(IPC_STAT). Times are seconds since the epoch, 0 = never. */
export interface MsgStat {
  key: number;
  msqid: number;
  /** Messages queued. */
  qnum: number;
  /** Bytes queued. */
  cbytes: number;
  /** Capacity in bytes (msg_qbytes). */
  qbytes: number;
  /** PID of the last msgsnd / msgrcv. */
  lspid: number;
  lrpid: number;
  stime: number;
  rtime: number;
  ctime: number;
  /** Permission bits. */
  mode: number;
  uid: number;
  gid: number;
  cuid: number;
  cgid: number;
}

export interface MqSysvApi {
  /** msgget(key, flags): the msqid. */
  msgGet(key: number, options?: SysvGetOptions): number;
  /** msgsnd(msqid, {type, data}, len, nonBlocking ? IPC_NOWAIT : 0); type >= 1. Full + nonBlocking: 'EAGAIN'. */
  msgSend(msqid: number, type: number, data: Uint8Array, options?: { nonBlocking?: boolean }): void;
  /** msgrcv(msqid, buf, maxSize, type, flags). */
  msgReceive(msqid: number, options?: MsgReceiveOptions): { type: number; data: Uint8Array };
  /** msgctl(msqid, IPC_STAT). */
  msgStat(msqid: number): MsgStat;
  /** msgctl(msqid, IPC_RMID): immediate; blocked callers wake with 'EIDRM'. */
  msgRemove(msqid: number): void;
}
