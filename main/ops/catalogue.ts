/**
 * The op catalogue: each op of the scenario language defined once. Its fields (defaults,
 * bounds, order) are read from its zod schema (scenario/schema.ts) so they cannot drift from
 * the document format; beside them: its palette group and words, the object kinds it accepts,
 * what it waits for (waiting.ts turns that into words and the deadlock check's candidates),
 * whether SA_RESTART restarts it after a handler (signal(7)), whether its C call is
 * async-signal-safe (signal-safety(7)), and its C call text (call-text.ts, one generator for
 * the editor, the run's step.begin events and the C exporter's step headers).
 * The compiler to the lab process's instruction list reads `fields` for each op's field order.
 */
import type { z } from 'zod';
import type { ObjectKind, Op } from '../scenario/schema';
import { StepSchema } from '../scenario/schema';

export type OpGroup = 'shm' | 'stream' | 'message' | 'socket' | 'signal' | 'semaphore' | 'control';

export const OP_GROUPS: readonly { id: OpGroup; title: string }[] = [
  { id: 'shm', title: 'Shared memory' },
  { id: 'stream', title: 'Pipes and FIFOs' },
  { id: 'message', title: 'Message passing' },
  { id: 'socket', title: 'Sockets' },
  { id: 'signal', title: 'Signals' },
  { id: 'semaphore', title: 'Semaphores' },
  { id: 'control', title: 'Processes and control' },
];

export type FieldKind =
  | 'object' | 'process' | 'integer' | 'number' | 'value' | 'data' | 'type' | 'boolean'
  | 'choice' | 'signal' | 'signals' | 'steps' | 'target' | 'source' | 'text';

export interface FieldInfo {
  name: string;
  kind: FieldKind;
  required: boolean;
  default?: unknown;
  min?: number;
  max?: number;
  /** Allowed values of a `choice`, `type` or `signal` field. */
  options?: readonly string[];
}

/**
 * What a step waits for while it runs: another process (a candidate for deadlock), time
 * (nanosleep), the CPU (a busy loop), or nothing (it returns at once).
 */
type WaitsFor = 'process' | 'time' | 'cpu' | 'nothing';

/**
 * What a handled signal does to the step's call (signal(7), "Interruption of system calls"):
 * 'restarted' with SA_RESTART (EINTR without), 'never' restarted (always EINTR), 'continues'
 * (a loop of plain instructions: the handler runs between two and the loop goes on), or
 * 'returns' (the call does not block: the handler runs before or after it). 'by-flavor': a
 * message call, restarted for POSIX queues (mq_send/mq_receive) and never for System V ones
 * (msgsnd/msgrcv); see restartRule().
 */
export type RestartRule = 'restarted' | 'never' | 'continues' | 'returns' | 'by-flavor';

export interface OpInfo {
  op: Op;
  group: OpGroup;
  /** What the palette says, a few words. */
  summary: string;
  /** Object kinds the op accepts in `object` (send/receive: in `{ mailbox }`); empty when none. */
  objectKinds: readonly ObjectKind[];
  /** May wait for another process or for time (the editor marks these; the timeline shows S). */
  mayBlock: boolean;
  waitsFor: WaitsFor;
  restart: RestartRule;
  /**
   * Whether the C call is async-signal-safe (signal-safety(7)), so that the step is sound
   * inside a signal handler. Plain loads and stores, write, read, open, kill, sigaction,
   * sem_post, waitpid and _exit are; shmget/shmat/mmap, mq_* and msg*, sem_wait and the
   * lab's spawn are not.
   */
  asyncSignalSafe: boolean;
  /** SIGSEGV/SIGFPE/SIGBUS/SIGILL handlers run in the real C handler: only log and exit. */
  allowedInCrashHandler: boolean;
  /** Fields other than op, label and onError, in schema order. */
  fields: readonly FieldInfo[];
}

type OpTraits = Omit<OpInfo, 'op' | 'fields'>;

const shm: ObjectKind[] = ['shm'];
const stream: ObjectKind[] = ['pipe', 'fifo'];
const mailbox: ObjectKind[] = ['mailbox'];
const semaphore: ObjectKind[] = ['semaphore'];
const socket: ObjectKind[] = ['socket'];

function traits(group: OpGroup, summary: string, objectKinds: ObjectKind[], waitsFor: WaitsFor, restart: RestartRule, asyncSignalSafe: boolean): OpTraits {
  const mayBlock = waitsFor === 'process' || waitsFor === 'time';
  return { group, summary, objectKinds, mayBlock, waitsFor, restart, asyncSignalSafe, allowedInCrashHandler: false };
}

const TRAITS: Readonly<Record<Op, OpTraits>> = {
  'shm.create': traits('shm', 'Create a shared-memory segment', shm, 'nothing', 'returns', false),
  'shm.attach': traits('shm', 'Attach the segment to this process', shm, 'nothing', 'returns', false),
  'shm.write': traits('shm', 'Store a value into the segment', shm, 'nothing', 'returns', true),
  'shm.read': traits('shm', 'Load a value from the segment', shm, 'nothing', 'returns', true),
  'shm.waitUntil': traits('shm', 'Poll until a value appears (busy waiting)', shm, 'process', 'continues', true),
  'shm.add': traits('shm', 'Add to a counter, atomically or not', shm, 'nothing', 'returns', true),
  'shm.detach': traits('shm', 'Detach the segment', shm, 'nothing', 'returns', false),
  'shm.destroy': traits('shm', 'Remove the segment (deferred while attached)', shm, 'nothing', 'returns', false),
  'pipe.create': traits('stream', 'Create a pipe: both ends open here', ['pipe'], 'nothing', 'returns', true),
  'fifo.create': traits('stream', 'Create a FIFO (named pipe)', ['fifo'], 'nothing', 'returns', true),
  'fifo.open': traits('stream', 'Open one end of a FIFO', ['fifo'], 'process', 'restarted', true),
  write: traits('stream', 'Write bytes to a pipe or FIFO', stream, 'process', 'restarted', true),
  read: traits('stream', 'Read bytes from a pipe or FIFO', stream, 'process', 'restarted', true),
  close: traits('stream', 'Close one end', stream, 'nothing', 'returns', true),
  'fifo.unlink': traits('stream', 'Remove the FIFO\'s name (open ends keep working)', ['fifo'], 'nothing', 'returns', true),
  'mailbox.create': traits('message', 'Create a mailbox (message queue)', mailbox, 'nothing', 'returns', false),
  'mailbox.destroy': traits('message', 'Remove a mailbox', mailbox, 'nothing', 'returns', false),
  send: traits('message', 'Send a message (direct or to a mailbox)', mailbox, 'process', 'by-flavor', false),
  receive: traits('message', 'Receive a message', mailbox, 'process', 'by-flavor', false),
  'signal.handle': traits('signal', 'Set what a signal does (sigaction)', [], 'nothing', 'returns', true),
  'signal.send': traits('signal', 'Send a signal to a process (kill)', [], 'nothing', 'returns', true),
  'signal.raise': traits('signal', 'Send a signal to this process', [], 'nothing', 'returns', true),
  'signal.pause': traits('signal', 'Sleep until a handled signal arrives', [], 'process', 'never', true),
  'signal.mask': traits('signal', 'Block or unblock signals', [], 'nothing', 'returns', true),
  'sem.create': traits('semaphore', 'Create a semaphore', semaphore, 'nothing', 'returns', false),
  'sem.wait': traits('semaphore', 'Wait (P, down)', semaphore, 'process', 'restarted', false),
  'sem.post': traits('semaphore', 'Post (V, up)', semaphore, 'nothing', 'returns', true),
  'sem.destroy': traits('semaphore', 'Remove the semaphore', semaphore, 'nothing', 'returns', false),
  spawn: traits('control', 'Start a child process', [], 'nothing', 'returns', false),
  wait: traits('control', 'Wait for a child and reap it', [], 'process', 'restarted', true),
  sleep: traits('control', 'Sleep (no CPU)', [], 'time', 'never', true),
  compute: traits('control', 'Busy loop (uses CPU)', [], 'cpu', 'continues', true),
  log: { ...traits('control', 'Print to the console', [], 'nothing', 'returns', true), allowedInCrashHandler: true },
  exit: { ...traits('control', 'Exit with a status', [], 'nothing', 'returns', true), allowedInCrashHandler: true },
  repeat: traits('control', 'Repeat steps', [], 'nothing', 'continues', true),
  fault: traits('control', 'Crash: NULL write or division by zero', [], 'nothing', 'returns', true),
  // socket(7): accept, connect, send and recv are restarted by SA_RESTART (unless a timeout
  // is set on the socket, which the lab never does); all are async-signal-safe.
  'socket.create': traits('socket', 'Make a socket (socket)', socket, 'nothing', 'returns', true),
  'socket.pair': traits('socket', 'Make a connected pair of Unix sockets (socketpair)', socket, 'nothing', 'returns', true),
  'socket.bind': traits('socket', 'Give the socket its address (bind)', socket, 'nothing', 'returns', true),
  'socket.listen': traits('socket', 'Accept connections on it (listen)', socket, 'nothing', 'returns', true),
  'socket.accept': traits('socket', 'Wait for a connection (accept)', socket, 'process', 'restarted', true),
  'socket.connect': traits('socket', 'Connect to the address (connect)', socket, 'process', 'restarted', true),
  'socket.send': traits('socket', 'Send bytes or a datagram (send, sendto)', socket, 'process', 'restarted', true),
  'socket.recv': traits('socket', 'Receive bytes or a datagram (recv, recvfrom)', socket, 'process', 'restarted', true),
  'socket.shutdown': traits('socket', 'Shut one direction down (shutdown)', socket, 'nothing', 'returns', true),
  'socket.close': traits('socket', 'Close the connection or the socket', socket, 'nothing', 'returns', true),
};

/** Field kinds by field name; `to` of signal.send is a process id, of send a target. */
function fieldKind(op: Op, name: string): FieldKind {
  switch (name) {
    case 'object': return 'object';
    case 'process': return 'process';
    // signal.send: a process id, or { group: id } (StepField offers both); socket.send: an address.
    case 'to': return op === 'signal.send' ? 'process' : op === 'socket.send' ? 'object' : 'target';
    case 'from': return 'source';
    case 'value': return op === 'signal.send' ? 'integer' : 'value';
    case 'data': return 'data';
    case 'type': return 'type';
    case 'signal': return 'signal';
    case 'block': case 'unblock': return 'signals';
    case 'steps': return 'steps';
    case 'message': return 'text';
    case 'equals': case 'delta': return 'number';
    case 'atomic': case 'blocking': case 'restart': return 'boolean';
    case 'end': case 'action': case 'kind': case 'by': case 'how': return 'choice';
    default: return 'integer';
  }
}

interface Introspectable {
  def: { type: string; innerType?: Introspectable; defaultValue?: unknown };
  minValue?: number | null;
  maxValue?: number | null;
  options?: readonly unknown[];
}

function describeField(op: Op, name: string, schema: z.ZodType): FieldInfo {
  let inner = schema as unknown as Introspectable;
  let required = true;
  let defaultValue: unknown;
  while (inner.def.type === 'optional' || inner.def.type === 'default') {
    required = false;
    if (inner.def.type === 'default') defaultValue = inner.def.defaultValue;
    inner = inner.def.innerType as Introspectable;
  }
  const info: FieldInfo = { name, kind: fieldKind(op, name), required };
  if (defaultValue !== undefined) info.default = defaultValue;
  if (inner.def.type === 'number') {
    if (typeof inner.minValue === 'number' && Number.isFinite(inner.minValue)) info.min = inner.minValue;
    if (typeof inner.maxValue === 'number' && Number.isFinite(inner.maxValue)) info.max = inner.maxValue;
  }
  if (inner.def.type === 'enum' && inner.options) info.options = inner.options.map(String);
  return info;
}

function buildCatalogue(): Record<Op, OpInfo> {
  const catalogue = {} as Record<Op, OpInfo>;
  for (const option of StepSchema.options) {
    const op = option.shape.op.value as Op;
    const fields: FieldInfo[] = [];
    for (const [name, fieldSchema] of Object.entries(option.shape)) {
      if (name === 'op' || name === 'label' || name === 'onError') continue;
      fields.push(describeField(op, name, fieldSchema as z.ZodType));
    }
    catalogue[op] = { op, ...TRAITS[op], fields };
  }
  return catalogue;
}

/**
 * The rule for one step as written: a message call's rule follows its queue's flavor
 * (`flavorOf` gives the flavor of a mailbox id, or of the inbox for a direct send/receive).
 */
export function restartRule(step: { op: Op; to?: unknown; from?: unknown }, flavorOf: (mailbox: string | undefined) => 'sysv' | 'posix'): Exclude<RestartRule, 'by-flavor'> {
  const rule = TRAITS[step.op].restart;
  if (rule !== 'by-flavor') return rule;
  const end = (step.op === 'send' ? step.to : step.from) as { mailbox?: string } | 'any' | undefined;
  const mailbox = typeof end === 'object' && end !== null ? end.mailbox : undefined;
  return flavorOf(mailbox) === 'posix' ? 'restarted' : 'never';
}

/** Every op with its traits and fields, keyed by op. */
export const STEP_CATALOGUE: Readonly<Record<Op, OpInfo>> = buildCatalogue();

export function opInfo(op: unknown): OpInfo | undefined {
  return typeof op === 'string' && Object.hasOwn(STEP_CATALOGUE, op) ? STEP_CATALOGUE[op as Op] : undefined;
}

/** Ops of one group, in the spec's order: the palette's sections. */
export function opsInGroup(group: OpGroup): OpInfo[] {
  return Object.values(STEP_CATALOGUE).filter((info) => info.group === group);
}
