/**
 * The catalogue of step ops: what the editor's palette shows and what the validator needs
 * to know beyond the schema (which object kinds an op accepts, whether it may block, whether
 * the C call behind it is async-signal-safe). Field lists, defaults and bounds are read from
 * the zod schemas themselves so they cannot drift from the document format.
 */
import type { z } from 'zod';
import type { ObjectKind, Op } from './schema';
import { StepSchema } from './schema';

export type OpGroup = 'shm' | 'stream' | 'message' | 'signal' | 'semaphore' | 'control';

export const OP_GROUPS: readonly { id: OpGroup; title: string }[] = [
  { id: 'shm', title: 'Shared memory' },
  { id: 'stream', title: 'Pipes and FIFOs' },
  { id: 'message', title: 'Message passing' },
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

export interface OpInfo {
  op: Op;
  group: OpGroup;
  /** What the palette says, a few words. */
  summary: string;
  /** Object kinds the op accepts in `object` (send/receive: in `{ mailbox }`); empty when none. */
  objectKinds: readonly ObjectKind[];
  /** May wait for another process or for time (the editor marks these; the timeline shows S). */
  mayBlock: boolean;
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

function traits(group: OpGroup, summary: string, objectKinds: ObjectKind[], mayBlock: boolean, asyncSignalSafe: boolean): OpTraits {
  return { group, summary, objectKinds, mayBlock, asyncSignalSafe, allowedInCrashHandler: false };
}

const TRAITS: Readonly<Record<Op, OpTraits>> = {
  'shm.create': traits('shm', 'Create a shared-memory segment', shm, false, false),
  'shm.attach': traits('shm', 'Attach the segment to this process', shm, false, false),
  'shm.write': traits('shm', 'Store a value into the segment', shm, false, true),
  'shm.read': traits('shm', 'Load a value from the segment', shm, false, true),
  'shm.waitUntil': traits('shm', 'Poll until a value appears (busy waiting)', shm, true, true),
  'shm.add': traits('shm', 'Add to a counter, atomically or not', shm, false, true),
  'shm.detach': traits('shm', 'Detach the segment', shm, false, false),
  'shm.destroy': traits('shm', 'Remove the segment (deferred while attached)', shm, false, false),
  'pipe.create': traits('stream', 'Create a pipe: both ends open here', ['pipe'], false, true),
  'fifo.create': traits('stream', 'Create a FIFO (named pipe)', ['fifo'], false, true),
  'fifo.open': traits('stream', 'Open one end of a FIFO', ['fifo'], true, true),
  write: traits('stream', 'Write bytes to a pipe or FIFO', stream, true, true),
  read: traits('stream', 'Read bytes from a pipe or FIFO', stream, true, true),
  close: traits('stream', 'Close one end', stream, false, true),
  'mailbox.create': traits('message', 'Create a mailbox (message queue)', mailbox, false, false),
  'mailbox.destroy': traits('message', 'Remove a mailbox', mailbox, false, false),
  send: traits('message', 'Send a message (direct or to a mailbox)', mailbox, true, false),
  receive: traits('message', 'Receive a message', mailbox, true, false),
  'signal.handle': traits('signal', 'Set what a signal does (sigaction)', [], false, true),
  'signal.send': traits('signal', 'Send a signal to a process (kill)', [], false, true),
  'signal.raise': traits('signal', 'Send a signal to this process', [], false, true),
  'signal.pause': traits('signal', 'Sleep until a handled signal arrives', [], true, true),
  'signal.mask': traits('signal', 'Block or unblock signals', [], false, true),
  'sem.create': traits('semaphore', 'Create a semaphore', semaphore, false, false),
  'sem.wait': traits('semaphore', 'Wait (P, down)', semaphore, true, false),
  'sem.post': traits('semaphore', 'Post (V, up)', semaphore, false, true),
  'sem.destroy': traits('semaphore', 'Remove the semaphore', semaphore, false, false),
  spawn: traits('control', 'Start a child process', [], false, false),
  wait: traits('control', 'Wait for a child and reap it', [], true, true),
  sleep: traits('control', 'Sleep (no CPU)', [], true, true),
  compute: traits('control', 'Busy loop (uses CPU)', [], false, true),
  log: { ...traits('control', 'Print to the console', [], false, true), allowedInCrashHandler: true },
  exit: { ...traits('control', 'Exit with a status', [], false, true), allowedInCrashHandler: true },
  repeat: traits('control', 'Repeat steps', [], false, true),
  fault: traits('control', 'Crash: NULL write or division by zero', [], false, true),
};

/** Field kinds by field name; `to` of signal.send is a process id, of send a target. */
function fieldKind(op: Op, name: string): FieldKind {
  switch (name) {
    case 'object': return 'object';
    case 'process': return 'process';
    case 'to': return op === 'signal.send' ? 'process' : 'target';
    case 'from': return 'source';
    case 'value': return 'value';
    case 'data': return 'data';
    case 'type': return 'type';
    case 'signal': return 'signal';
    case 'block': case 'unblock': return 'signals';
    case 'steps': return 'steps';
    case 'message': return 'text';
    case 'equals': case 'delta': return 'number';
    case 'atomic': case 'blocking': case 'restart': return 'boolean';
    case 'end': case 'action': case 'kind': return 'choice';
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

/** Every op with its traits and fields, keyed by op. */
export const STEP_CATALOGUE: Readonly<Record<Op, OpInfo>> = buildCatalogue();

export function opInfo(op: unknown): OpInfo | undefined {
  return typeof op === 'string' && Object.hasOwn(STEP_CATALOGUE, op) ? STEP_CATALOGUE[op as Op] : undefined;
}

/** Ops of one group, in the spec's order: the palette's sections. */
export function opsInGroup(group: OpGroup): OpInfo[] {
  return Object.values(STEP_CATALOGUE).filter((info) => info.group === group);
}
