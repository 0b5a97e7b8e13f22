/**
 * One sentence under a field whose meaning is the kernel's and not obvious from its name (step
 * fields by `op.field`, object fields by `kind.field`). docs/scenario-fields.md says the same at
 * length; undefined for a field that needs no help.
 */
export const FIELD_HELP: Readonly<Record<string, string>> = {
  'signal.send.to': 'A process: kill(pid, sig). Its process group: kill(-pgid, sig) reaches every process in the group of that process (a root process leads one, its children join it).',
  'signal.send.value': 'Sent with sigqueue(3) instead of kill: the handler (SA_SIGINFO) receives this integer in si_value. One process only; only real-time signals queue every value.',
  'shm.attach.by': 'System V. key: shmget(key) then shmat, ENOENT once the segment was removed. id: shmat on the shmid its creator got, which works after IPC_RMID.',
  'shm.attach.size': 'Passed to shmget: a size larger than the existing segment is EINVAL.',
  'fifo.open.blocking': 'Off: open with O_NONBLOCK. The flag stays on the descriptor: later reads and writes get EAGAIN instead of waiting, unless a step changes it (fcntl, shown in its call).',
  'read.blocking': 'Off: EAGAIN instead of waiting. O_NONBLOCK is the descriptor\'s state: a step that differs from it changes it with fcntl(F_SETFL), shown in its call.',
  'write.blocking': 'Off: EAGAIN instead of waiting. O_NONBLOCK is the descriptor\'s state: a step that differs from it changes it with fcntl(F_SETFL), shown in its call.',
  'pipe.capacity': 'fcntl(F_SETPIPE_SZ), rounded up by the kernel; above /proc/sys/fs/pipe-max-size an ordinary user gets EPERM.',
  'fifo.capacity': 'fcntl(F_SETPIPE_SZ), rounded up by the kernel; above /proc/sys/fs/pipe-max-size an ordinary user gets EPERM.',
  'mailbox.capacityBytes': 'msg_qbytes, set by the creator with msgctl(IPC_SET): msgsnd waits (EAGAIN if non-blocking) while the bytes queued would exceed it; above kernel.msgmnb an ordinary user gets EPERM.',
};

/** The help sentence of `field` of a step op or an object kind, if it has one. */
export function fieldHelp(owner: string, field: string): string | undefined {
  return FIELD_HELP[`${owner}.${field}`];
}
