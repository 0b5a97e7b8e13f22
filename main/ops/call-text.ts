/**
 * The C call a step makes, as text: a template for the editor (`shmat(shmid, NULL, 0)`) and,
 * when the run context supplies real identifiers, the call as it happened
 * (`shmat(32769, NULL, 0)`, `write(fd[1]=5, "hello", 5)`, `kill(4242, SIGUSR1)`).
 * The engine may put this text into step.begin's `call`; the UI shows it beside each step.
 */
import { LIMITS } from '../scenario/limits';
import { C_TYPES, dataLength } from '../scenario/values';
import type { ValueType } from '../scenario/values';
import type { LabObject, Step, StepInput } from '../scenario/schema';
import { socketCall } from './call-text-socket';

export interface ObjectIdentifiers {
  shmid?: number;
  msqid?: number;
  /** System V key. */
  key?: number;
  /** POSIX name (/plab-...). */
  name?: string;
  /** FIFO path. */
  path?: string;
  /** Pipe descriptors in this process: [read, write]. */
  fds?: readonly [number, number];
  /** Descriptor of an opened FIFO end, or of a POSIX shm object. */
  fd?: number;
  /** POSIX message queue descriptor. */
  mqd?: number;
  /** A socket's address as text: its path, or `10.0.0.1:40123`. */
  address?: string;
  /** This process's socket (socket(), or socketpair's sv[0]) and its connection (accept(), sv[1]). */
  sock?: number;
  conn?: number;
}

/**
 * The sa_flags a signal.handle step's handler is installed with, as the lab process installs it
 * (native/src/lab/op_signal.cc, Op_SIGNAL_HANDLE) and the C exporter writes it: SA_SIGINFO always
 * (the handler is a three-argument sa_sigaction reading si_pid, si_code and a sigqueue value),
 * SA_RESTART when `restart`, SA_NODEFER when `nodefer`; sa_mask stays empty (sigaction(2)).
 */
export function handlerFlags(step: { restart?: boolean; nodefer?: boolean }): string[] {
  return ['SA_SIGINFO', ...(step.restart ? ['SA_RESTART'] : []), ...(step.nodefer ? ['SA_NODEFER'] : [])];
}

export interface CallContext {
  /** The scenario's objects: sizes and flavors (placeholders and defaults without them). */
  objects?: readonly LabObject[];
  /** Real identifiers by object id, as the run learnt them. */
  ids?: Readonly<Record<string, ObjectIdentifiers>>;
  /** PIDs by process id. */
  pids?: Readonly<Record<string, number>>;
  /** Identifiers of each process's inbox, by process id. */
  inboxes?: Readonly<Record<string, ObjectIdentifiers>>;
  /** The calling process (a receive reads its own inbox; a direct send tags the sender). */
  self?: string;
  /**
   * Inboxes are System V queues by default: receiving "only from that sender" is msgrcv
   * with msgtyp = the sender's PID, which POSIX queues cannot do.
   */
  inboxFlavor?: 'sysv' | 'posix';
}

type AnyStep = Step | StepInput;

const MAX_SHOWN_CHARS = 40;
const MAX_SHOWN_BYTES = 8;

/** A C string literal of some text (escaped, shortened for display). */
export function cString(text: string): string {
  const shown = text.length > MAX_SHOWN_CHARS ? text.slice(0, MAX_SHOWN_CHARS) : text;
  let out = '"';
  for (const char of shown) {
    const code = char.codePointAt(0) ?? 0;
    if (char === '"' || char === '\\') out += `\\${char}`;
    else if (char === '\n') out += '\\n';
    else if (char === '\t') out += '\\t';
    else if (char === '\r') out += '\\r';
    else if (code < 0x20 || code === 0x7f) out += `\\${code.toString(8).padStart(3, '0')}`;
    else out += char;
  }
  return `${out}${text.length > MAX_SHOWN_CHARS ? '..."' : '"'}`;
}

function cBytes(bytes: readonly number[]): string {
  const shown = bytes.slice(0, MAX_SHOWN_BYTES).join(', ');
  return `(uint8_t[]){${shown}${bytes.length > MAX_SHOWN_BYTES ? ', ...' : ''}}`;
}

export function cData(data: unknown): { text: string; length: string } {
  if (typeof data === 'string') return { text: cString(data), length: String(dataLength(data)) };
  if (Array.isArray(data)) return { text: cBytes(data as number[]), length: String(data.length) };
  return { text: 'buf', length: 'len' };
}

export function objectOf(context: CallContext, id: string): LabObject | undefined {
  return context.objects?.find((object) => object.id === id);
}

/** `placeholder` or `placeholder=value` when the run knows the value. */
export function known(placeholder: string, value: number | string | undefined, bare = false): string {
  if (value === undefined) return placeholder;
  const shown = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return bare ? shown : `${placeholder}=${shown}`;
}

function hexKey(key: number | undefined): string {
  return key === undefined ? 'key' : `0x${(key >>> 0).toString(16).padStart(8, '0')}`;
}

/** Address expression of a byte in a segment: `M` or `M + 16`. */
function at(segment: string, offset: unknown): string {
  return offset === 0 || offset === undefined ? segment : `${segment} + ${String(offset)}`;
}

function typed(type: ValueType | undefined, segment: string, offset: unknown, isVolatile = false): string {
  const cType = C_TYPES[type ?? 'i32'];
  return `*(${isVolatile ? 'volatile ' : ''}${cType} *)(${at(segment, offset)})`;
}

function timespec(ms: number): string {
  return `&(struct timespec){ ${Math.floor(ms / 1000)}, ${(ms % 1000) * 1_000_000} }`;
}

function shmCall(step: AnyStep & { object: string }, context: CallContext): string {
  const object = objectOf(context, step.object);
  const ids = context.ids?.[step.object] ?? {};
  const posix = object?.kind === 'shm' && object.flavor === 'posix';
  const size = object?.kind === 'shm' ? String(object.size) : 'size';
  const seg = step.object;
  switch (step.op) {
    case 'shm.create':
      return posix
        ? `shm_open(${known('name', ids.name, true)}, O_CREAT|O_EXCL|O_RDWR, 0600); ftruncate(fd, ${size})`
        : `shmget(${hexKey(ids.key)}, ${size}, IPC_CREAT|IPC_EXCL|0600)`;
    case 'shm.attach': {
      if (posix) return `mmap(NULL, ${size}, PROT_READ|PROT_WRITE, MAP_SHARED, ${known('fd', ids.fd, true)}, 0)`;
      const attach = `shmat(${known('shmid', ids.shmid, true)}, NULL, 0)`;
      if ('by' in step && step.by === 'id') return attach;
      const wanted = 'size' in step && step.size !== undefined ? step.size : 0;
      return `shmget(${hexKey(ids.key)}, ${wanted}, 0); ${attach}`;
    }
    case 'shm.write': {
      if (typeof step.value === 'string' || Array.isArray(step.value)) {
        const data = cData(step.value);
        return `memcpy(${at(seg, step.offset)}, ${data.text}, ${data.length})`;
      }
      return `${typed(step.type, seg, step.offset)} = ${String(step.value)}`;
    }
    case 'shm.read':
      return step.length !== undefined
        ? `memcpy(buf, ${at(seg, step.offset)}, ${step.length})`
        : `${C_TYPES[step.type ?? 'i32']} v = ${typed(step.type, seg, step.offset, true)}`;
    case 'shm.waitUntil': {
      const poll = step.pollMs ?? 1;
      return `while (${typed(step.type, seg, step.offset, true)} != ${String(step.equals)}) ${poll === 0 ? ';' : `nanosleep(${timespec(poll)}, NULL)`}`;
    }
    case 'shm.add': {
      const type = step.type ?? 'i32';
      if (step.atomic) return `__atomic_fetch_add((${C_TYPES[type]} *)(${at(seg, step.offset)}), ${String(step.delta)}, __ATOMIC_SEQ_CST)`;
      // Written as a separate load and store: that is where the lost updates come from.
      const between = 'yield' in step && step.yield ? ' sched_yield();' : '';
      return `${C_TYPES[type]} t = ${typed(type, seg, step.offset, true)};${between} ${typed(type, seg, step.offset, true)} = t + ${String(step.delta)}`;
    }
    case 'shm.detach':
      return posix ? `munmap(${seg}, ${size})` : `shmdt(${seg})`;
    case 'shm.destroy':
      return posix ? `shm_unlink(${known('name', ids.name, true)})` : `shmctl(${known('shmid', ids.shmid, true)}, IPC_RMID, NULL)`;
    default:
      return '';
  }
}

function streamFd(context: CallContext, id: string, end: 'read' | 'write'): string {
  const object = objectOf(context, id);
  const ids = context.ids?.[id] ?? {};
  if (object?.kind === 'fifo' || (object === undefined && ids.fds === undefined && ids.fd !== undefined)) {
    return known('fd', ids.fd, true);
  }
  const index = end === 'read' ? 0 : 1;
  return known(`fd[${index}]`, ids.fds?.[index]);
}

function nonBlocking(blocking: boolean | undefined, call: string): string {
  return blocking === false ? `${call} /* O_NONBLOCK */` : call;
}

function mailboxCall(step: AnyStep, context: CallContext): string {
  const self = context.self;
  const selfPid = self ? context.pids?.[self] : undefined;
  const inbox = (process: string | undefined) => (process ? context.inboxes?.[process] : undefined) ?? {};
  const queue = (id: string) => {
    const object = objectOf(context, id);
    const flavor = object?.kind === 'mailbox' ? object.flavor : 'posix';
    return { flavor: flavor ?? 'posix', ids: context.ids?.[id] ?? {}, object };
  };
  switch (step.op) {
    case 'mailbox.create': {
      const { flavor, ids, object } = queue(step.object);
      const capacity = object?.kind === 'mailbox' ? object.capacity ?? LIMITS.defaultMailboxCapacity : 10;
      const maxMessage = object?.kind === 'mailbox' ? object.maxMessage ?? LIMITS.defaultMaxMessage : 256;
      const qbytes = object?.kind === 'mailbox' ? object.capacityBytes : undefined;
      return flavor === 'sysv'
        ? `msgget(${hexKey(ids.key)}, IPC_CREAT|IPC_EXCL|0600)${qbytes === undefined ? '' : `; msgctl(${known('msqid', ids.msqid, true)}, IPC_SET, &(struct msqid_ds){ .msg_qbytes = ${qbytes} })`}`
        : capacity === 0
          // Linux refuses mq_maxmsg = 0 (EINVAL): a rendezvous is a one-slot queue plus an
          // acknowledgement queue (native/src/linux/lab_mqueue.cc), and the text says so.
          ? `mq_open(${known('name', ids.name, true)}, O_CREAT|O_EXCL|O_RDWR, 0600, &(struct mq_attr){ .mq_maxmsg = 1, .mq_msgsize = ${maxMessage} }) + an acknowledgement queue (capacity 0: rendezvous)`
          : `mq_open(${known('name', ids.name, true)}, O_CREAT|O_EXCL|O_RDWR, 0600, &(struct mq_attr){ .mq_maxmsg = ${capacity}, .mq_msgsize = ${maxMessage} })`;
    }
    case 'mailbox.destroy': {
      const { flavor, ids } = queue(step.object);
      return flavor === 'sysv' ? `msgctl(${known('msqid', ids.msqid, true)}, IPC_RMID, NULL)` : `mq_unlink(${known('name', ids.name, true)})`;
    }
    case 'send': {
      const data = cData(step.data);
      const flag = step.blocking === false ? 'IPC_NOWAIT' : '0';
      if ('process' in step.to) {
        // Direct: into the receiver's inbox, tagged with the sender's PID as message type.
        const target = inbox(step.to.process);
        if (context.inboxFlavor === 'posix') return nonBlocking(step.blocking, `mq_send(${known(`inbox_${step.to.process}`, target.mqd)}, ${data.text}, ${data.length}, 0)`);
        return `msgsnd(${known(`inbox_${step.to.process}`, target.msqid)}, &(msg){ .mtype = ${selfPid ?? 'getpid()'}, ${data.text} }, ${data.length}, ${flag})`;
      }
      const { flavor, ids } = queue(step.to.mailbox);
      return flavor === 'sysv'
        ? `msgsnd(${known('msqid', ids.msqid, true)}, &(msg){ .mtype = 1, ${data.text} }, ${data.length}, ${flag})`
        : nonBlocking(step.blocking, `mq_send(${known('mqd', ids.mqd)}, ${data.text}, ${data.length}, 0)`);
    }
    case 'receive': {
      const flag = step.blocking === false ? 'IPC_NOWAIT' : '0';
      const timeout = step.timeoutMs !== undefined ? ` /* timeout ${step.timeoutMs} ms */` : '';
      if (step.from === 'any' || 'process' in step.from) {
        const own = inbox(self);
        const sender = step.from === 'any' ? undefined : step.from.process;
        const msgtyp = sender === undefined ? '0' : String(context.pids?.[sender] ?? `pid_of_${sender}`);
        if (context.inboxFlavor === 'posix') return nonBlocking(step.blocking, `mq_receive(${known('inbox', own.mqd)}, buf, ${LIMITS.inboxMessageBytes}, NULL)${timeout}`);
        return `msgrcv(${known('inbox', own.msqid)}, &msg, ${LIMITS.inboxMessageBytes}, ${msgtyp}, ${flag})${timeout}`;
      }
      const { flavor, ids, object } = queue(step.from.mailbox);
      const size = object?.kind === 'mailbox' ? object.maxMessage ?? LIMITS.defaultMaxMessage : 'size';
      if (flavor === 'sysv') return `msgrcv(${known('msqid', ids.msqid, true)}, &msg, ${size}, 0, ${flag})${timeout}`;
      const mqd = known('mqd', ids.mqd);
      return nonBlocking(step.blocking, step.timeoutMs !== undefined
        ? `mq_timedreceive(${mqd}, buf, ${size}, NULL, &deadline /* +${step.timeoutMs} ms */)`
        : `mq_receive(${mqd}, buf, ${size}, NULL)`);
    }
    default:
      return '';
  }
}

function sigset(list: readonly string[]): string {
  return `{${list.join(', ')}}`;
}

/** The C call text of a step. Without context: placeholders (shmid, fd[1], pid). */
export function describeCall(step: AnyStep, context: CallContext = {}): string {
  const ids = (id: string) => context.ids?.[id] ?? {};
  switch (step.op) {
    case 'shm.create': case 'shm.attach': case 'shm.write': case 'shm.read':
    case 'shm.waitUntil': case 'shm.add': case 'shm.detach': case 'shm.destroy':
      return shmCall(step, context);
    case 'pipe.create': {
      const object = objectOf(context, step.object);
      const fds = ids(step.object).fds;
      const call = fds ? `pipe2(fd, 0) /* fd = {${fds[0]}, ${fds[1]}} */` : 'pipe2(fd, 0)';
      return object?.kind === 'pipe' && object.capacity !== undefined ? `${call}; fcntl(fd[1], F_SETPIPE_SZ, ${object.capacity})` : call;
    }
    case 'fifo.create':
      return `mkfifo(${known('path', ids(step.object).path, true)}, 0600)`;
    case 'fifo.unlink':
      return `unlink(${known('path', ids(step.object).path, true)})`;
    case 'fifo.open':
      return `open(${known('path', ids(step.object).path, true)}, ${step.end === 'read' ? 'O_RDONLY' : 'O_WRONLY'}${step.blocking === false ? '|O_NONBLOCK' : ''})`;
    case 'write': {
      const data = cData(step.data);
      return nonBlocking(step.blocking, `write(${streamFd(context, step.object, 'write')}, ${data.text}, ${data.length})`);
    }
    case 'read':
      return nonBlocking(step.blocking, `read(${streamFd(context, step.object, 'read')}, buf, ${step.max ?? LIMITS.defaultReadMax})`);
    case 'close':
      return `close(${streamFd(context, step.object, step.end)})`;
    case 'mailbox.create': case 'mailbox.destroy': case 'send': case 'receive':
      return mailboxCall(step, context);
    case 'signal.handle': {
      if (step.action !== 'handler') return `sigaction(${step.signal}, &(struct sigaction){ .sa_handler = ${step.action === 'ignore' ? 'SIG_IGN' : 'SIG_DFL'} }, NULL)`;
      return `sigaction(${step.signal}, &(struct sigaction){ .sa_sigaction = on_${step.signal.toLowerCase()}, .sa_flags = ${handlerFlags(step).join('|')} }, NULL)`;
    }
    case 'signal.send': {
      if (typeof step.to !== 'string') return `kill(-getpgid(${known('pid', context.pids?.[step.to.group], true)}), ${step.signal})`;
      const pid = known('pid', context.pids?.[step.to], true);
      return step.value !== undefined ? `sigqueue(${pid}, ${step.signal}, (union sigval){ .sival_int = ${step.value} })` : `kill(${pid}, ${step.signal})`;
    }
    case 'signal.raise':
      return `raise(${step.signal})`;
    case 'signal.pause':
      return 'pause()';
    case 'signal.mask': {
      const calls: string[] = [];
      if (step.block && step.block.length > 0) calls.push(`sigprocmask(SIG_BLOCK, ${sigset(step.block)}, NULL)`);
      if (step.unblock && step.unblock.length > 0) calls.push(`sigprocmask(SIG_UNBLOCK, ${sigset(step.unblock)}, NULL)`);
      return calls.length > 0 ? calls.join('; ') : 'sigprocmask(SIG_BLOCK, {}, NULL)';
    }
    case 'sem.create': {
      const object = objectOf(context, step.object);
      const initial = object?.kind === 'semaphore' ? object.initial ?? LIMITS.defaultSemaphoreInitial : 'value';
      return `sem_open(${known('name', ids(step.object).name, true)}, O_CREAT|O_EXCL, 0600, ${initial})`;
    }
    case 'sem.wait':
      return step.blocking === false ? `sem_trywait(${step.object})` : `sem_wait(${step.object})`;
    case 'sem.post':
      return `sem_post(${step.object})`;
    case 'sem.destroy':
      return `sem_unlink(${known('name', ids(step.object).name, true)})`;
    case 'spawn':
      // fork+exec: the child inherits the open descriptors, not the attachments.
      return `fork() + exec(${step.process})`;
    case 'wait': {
      const pid = step.process === undefined ? '-1' : known('pid', context.pids?.[step.process], true);
      return `waitpid(${pid}, &status, 0)`;
    }
    case 'sleep':
      return `nanosleep(${timespec(step.ms)}, NULL)`;
    case 'compute':
      return `while (elapsed_ms() < ${step.ms}) ; /* busy */`;
    case 'log': {
      const text = `${step.message}\n`;
      return `write(1, ${cString(text)}, ${dataLength(text)})`;
    }
    case 'exit':
      return `_exit(${step.code})`;
    case 'repeat':
      return `for (int i = 0; i < ${step.times}; i++) { ... }`;
    case 'fault':
      return step.kind === 'segv' ? '*(volatile int *)NULL = 1' : 'x = 1 / zero  /* volatile int zero = 0 */';
    case 'socket.create': case 'socket.pair': case 'socket.bind': case 'socket.listen': case 'socket.accept':
    case 'socket.connect': case 'socket.send': case 'socket.recv': case 'socket.shutdown': case 'socket.close':
      return socketCall(step, context);
    default: {
      const unreachable: never = step;
      return String((unreachable as { op?: unknown }).op ?? '');
    }
  }
}

