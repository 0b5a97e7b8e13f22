/**
 * Errors in words: an errno name and the op that failed, as a sentence a student can act on.
 * The same errno means different things per call (EAGAIN on a receive: the mailbox was
 * empty; on a send: it was full), so the table is per op family, with a generic fallback
 * from errno(3).
 */
type Family = 'shm' | 'stream' | 'fifoOpen' | 'send' | 'receive' | 'sem' | 'signal' | 'wait' | 'create' | 'spawn';

function familyOf(op: string | undefined): Family | undefined {
  if (!op) return undefined;
  if (op === 'fifo.open') return 'fifoOpen';
  if (op.endsWith('.create') || op === 'mailbox.destroy' || op === 'fifo.unlink') return op === 'shm.create' ? 'shm' : 'create';
  if (op.startsWith('shm.')) return 'shm';
  if (op === 'read' || op === 'write' || op === 'close') return 'stream';
  if (op === 'send') return 'send';
  if (op === 'receive') return 'receive';
  if (op.startsWith('sem.')) return 'sem';
  if (op.startsWith('signal.')) return 'signal';
  if (op === 'wait') return 'wait';
  if (op === 'spawn') return 'spawn';
  return undefined;
}

const BY_FAMILY: Partial<Record<Family, Record<string, string>>> = {
  send: {
    EAGAIN: 'the mailbox was full, so the non-blocking send returned at once instead of waiting for room',
    ENOENT: 'no process had created this mailbox yet, so there was nothing to open',
    EMSGSIZE: 'the message is longer than the mailbox allows (its maxMessage)',
    EINTR: 'a signal arrived while the send was waiting, and its handler was installed without SA_RESTART',
    EIDRM: 'the mailbox was removed while this process was waiting to send',
  },
  receive: {
    EAGAIN: 'the mailbox was empty, so the call returned at once instead of waiting',
    ENOENT: 'no process had created this mailbox yet, so there was nothing to open',
    ETIMEDOUT: 'no message arrived before the timeout',
    EINTR: 'a signal arrived while the receive was waiting, and its handler was installed without SA_RESTART',
    EIDRM: 'the mailbox was removed while this process was waiting for a message',
    EMSGSIZE: 'the waiting message is longer than the buffer the receive offered',
  },
  stream: {
    EAGAIN: 'the pipe was empty (read) or full (write), so the non-blocking call returned at once instead of waiting',
    EPIPE: 'no process has the read end open any more, so nobody could ever read these bytes (SIGPIPE came first unless handled or ignored)',
    EBADF: 'this process does not hold that end of the pipe: it was closed, never opened, or not inherited',
    EINTR: 'a signal arrived while the call was waiting, and its handler was installed without SA_RESTART',
  },
  fifoOpen: {
    ENXIO: 'a non-blocking open of the write end found no reader yet',
    ENOENT: 'the FIFO does not exist yet: no process has created it',
    EINTR: 'a signal arrived while open() was waiting for the other end',
  },
  shm: {
    EEXIST: 'a segment with this name already exists: someone created it already',
    ENOENT: 'the segment does not exist yet (or was removed): no process has created it',
    EFAULT: 'this process has not attached the segment, so it has no address to read or write',
    EINVAL: 'the size or the identifier does not fit the segment',
    EIDRM: 'the segment was marked for removal and can no longer be attached',
    ENOMEM: 'the system could not give the segment the memory it asks for',
  },
  create: {
    EEXIST: 'an object with this name already exists: someone created it already',
    ENOENT: 'the object does not exist: no process has created it, or it was removed',
    EMFILE: 'the process has too many descriptors open',
    ENOSPC: 'the system limit on these objects is reached',
  },
  sem: {
    EAGAIN: 'the semaphore was 0, so the non-blocking wait (sem_trywait) returned at once instead of waiting',
    ENOENT: 'no process had created this semaphore yet',
    EINTR: 'a signal arrived while sem_wait was waiting (sem_wait is never restarted, even with SA_RESTART)',
    EOVERFLOW: 'the semaphore is already at its maximum value',
  },
  signal: {
    EINVAL: 'SIGKILL and SIGSTOP cannot be caught, blocked or ignored: the kernel refuses to change them',
    ESRCH: 'the target process does not exist any more (or has not started yet)',
    EPERM: 'this process may not signal that one',
    EINTR: 'pause() returns after a handled signal: this is how it ends',
  },
  wait: {
    ECHILD: 'this process has no child left to wait for (never spawned, or already reaped)',
    EINTR: 'a signal arrived while waitpid was waiting',
  },
  spawn: {
    EAGAIN: 'the system refused another process (process limit reached)',
    ENOMEM: 'there was not enough memory to start the process',
  },
};

const GENERIC: Record<string, string> = {
  EAGAIN: 'the call would have had to wait, and it was asked not to',
  EINTR: 'a signal interrupted the call before it finished',
  EINVAL: 'an argument is not valid for this call',
  ENOENT: 'the object does not exist',
  EEXIST: 'the object already exists',
  EPIPE: 'the other end is closed',
  EBADF: 'the descriptor is not open in this process',
  EFAULT: 'the address is not mapped in this process',
  EACCES: 'permission denied',
  EPERM: 'the operation is not permitted',
  ENOMEM: 'out of memory',
  ENOSPC: 'a system limit is reached',
  EIDRM: 'the object was removed',
  ESRCH: 'no such process',
  ECHILD: 'no child to wait for',
  ETIMEDOUT: 'the time limit passed',
  EMSGSIZE: 'the message is too long',
  ENXIO: 'no process has the other end open',
  EMFILE: 'too many open descriptors',
  EDEADLK: 'the call would deadlock',
};

/** "EAGAIN: the mailbox was empty, so ..." */
export function explainErrno(errno: string, op?: string): string {
  const family = familyOf(op);
  const sentence = (family && BY_FAMILY[family]?.[errno]) ?? GENERIC[errno];
  return sentence ? `${errno}: ${sentence}.` : `${errno}: the call failed (see errno(3)).`;
}
