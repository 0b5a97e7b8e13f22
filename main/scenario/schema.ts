/**
 * The scenario document, format v1 (shared/spec/scenario-v1.md), as zod schemas. They are
 * the one source of truth: the TypeScript types are inferred from them and the shipped
 * JSON Schema (scenario-v1.schema.json) is generated from them. Defaults are the spec's, so
 * a parsed scenario is complete. Every object is strict (an unknown field is a typo the
 * user should hear about) except `layout`, which belongs to the editor.
 *
 * Checks that need more than one field or the whole document (ids that resolve, object
 * kinds, offsets against sizes, spawn/wait relations, handlers) live in validate-*.ts, so
 * that all problems are found at once and explained in words.
 */
import { z } from 'zod';
import { ExpectSchema } from './expect';
import { LIMITS } from './limits';
import {
  DataSchema, IdSchema, SignalNameSchema, ValueSchema, ValueTypeSchema,
} from './primitives';

export const SCENARIO_FORMAT = 'process-lab/scenario@1';

const OnErrorSchema = z.enum(['fail', 'continue']);
const EndSchema = z.enum(['read', 'write']);
const msSchema = z.int().min(0).max(LIMITS.maxStepMs);
const offsetSchema = z.int().min(0).max(LIMITS.maxShmSize);

/** Fields every step may carry. */
const common = {
  label: z.string().max(LIMITS.maxLabelLength).optional(),
  onError: OnErrorSchema.default('fail'),
};

function step<const Op extends string, const Shape extends z.ZodRawShape>(op: Op, shape: Shape) {
  return z.strictObject({ op: z.literal(op), ...common, ...shape });
}

const object = { object: IdSchema };

// Shared memory
export const ShmCreateStep = step('shm.create', object);
/**
 * System V: `by` key (shmget(key, size ?? 0, 0), then shmat: the default) or by id (shmat on the
 * shmid its creator got, as a C child would have it from a variable set before fork: works after
 * IPC_RMID). `size` reaches shmget (EINVAL when larger than the segment). POSIX: by name only.
 */
export const ShmAttachStep = step('shm.attach', {
  ...object, by: z.enum(['key', 'id']).default('key'),
  size: z.int().min(1).max(LIMITS.maxShmSize).optional(),
});
export const ShmWriteStep = step('shm.write', {
  ...object, offset: offsetSchema, value: ValueSchema, type: ValueTypeSchema.default('i32'),
});
/** `type` and `length` are exclusive and have no default here: with neither, the load is an i32. */
export const ShmReadStep = step('shm.read', {
  ...object, offset: offsetSchema, type: ValueTypeSchema.optional(),
  length: z.int().min(1).max(LIMITS.maxShmSize).optional(),
});
export const ShmWaitUntilStep = step('shm.waitUntil', {
  ...object, offset: offsetSchema, equals: z.number(), type: ValueTypeSchema.default('i32'),
  pollMs: msSchema.default(1),
});
export const ShmAddStep = step('shm.add', {
  ...object, offset: offsetSchema, delta: z.number(), atomic: z.boolean().default(false),
  type: ValueTypeSchema.default('i32'),
  /**
   * Non-atomic only: sched_yield() between the load and the store (shown in the call text), a
   * wider race window for a lesson on a busy or single CPU. Off by default: a plain load, add, store.
   */
  yield: z.boolean().optional(),
});
export const ShmDetachStep = step('shm.detach', object);
export const ShmDestroyStep = step('shm.destroy', object);

// Byte streams
export const PipeCreateStep = step('pipe.create', object);
export const FifoCreateStep = step('fifo.create', object);
export const FifoOpenStep = step('fifo.open', { ...object, end: EndSchema, blocking: z.boolean().default(true) });
export const WriteStep = step('write', { ...object, data: DataSchema, blocking: z.boolean().default(true) });
export const ReadStep = step('read', {
  ...object, max: z.int().min(1).max(LIMITS.maxReadBytes).default(LIMITS.defaultReadMax),
  blocking: z.boolean().default(true),
});
export const CloseStep = step('close', { ...object, end: EndSchema });
/** unlink(path): the FIFO's name goes; ends already open keep working. */
export const FifoUnlinkStep = step('fifo.unlink', object);

// Message passing
export const SendTargetSchema = z.union([
  z.strictObject({ mailbox: IdSchema }),
  z.strictObject({ process: IdSchema }),
]);
export const ReceiveSourceSchema = z.union([
  z.strictObject({ mailbox: IdSchema }),
  z.strictObject({ process: IdSchema }),
  z.literal('any'),
]);
export const MailboxCreateStep = step('mailbox.create', object);
export const MailboxDestroyStep = step('mailbox.destroy', object);
export const SendStep = step('send', { to: SendTargetSchema, data: DataSchema, blocking: z.boolean().default(true) });
export const ReceiveStep = step('receive', {
  from: ReceiveSourceSchema, blocking: z.boolean().default(true),
  timeoutMs: z.int().min(1).max(LIMITS.maxStepMs).optional(),
});

// Signals. signal.handle and repeat nest steps: they are written out with a getter (zod's
// way to refer to a schema lazily) typed by the hand-written Step union below, because a
// type inferred from itself is circular for TypeScript.
const signalHandleFields = {
  signal: SignalNameSchema,
  action: z.enum(['default', 'ignore', 'handler']),
  restart: z.boolean().default(false),
  /** SA_NODEFER: the signal is not blocked while its own handler runs (handlers may nest). */
  nodefer: z.boolean().optional(),
};
const SignalHandleBase = step('signal.handle', signalHandleFields);
export const SignalHandleStep = z.strictObject({
  op: z.literal('signal.handle'),
  ...common,
  ...signalHandleFields,
  /** The handler's steps (action `handler` only). */
  get steps(): z.ZodOptional<z.ZodArray<z.ZodType<Step, StepInput>>> {
    return z.array(StepSchema).optional();
  },
});
/**
 * kill(pid, sig) to a process, or kill(-pgid, sig) to the process group `{ group: id }` belongs to
 * (each root process leads a group of its own, its children join it). With `value`: sigqueue(3),
 * the integer delivered with the signal (si_value), to one process only.
 */
export const SignalSendStep = step('signal.send', {
  to: z.union([IdSchema, z.strictObject({ group: IdSchema })]),
  signal: SignalNameSchema,
  value: z.int().min(-2_147_483_648).max(2_147_483_647).optional(),
});
export const SignalRaiseStep = step('signal.raise', { signal: SignalNameSchema });
export const SignalPauseStep = step('signal.pause', {});
export const SignalMaskStep = step('signal.mask', {
  block: z.array(SignalNameSchema).max(32).optional(),
  unblock: z.array(SignalNameSchema).max(32).optional(),
});

// Semaphores
export const SemCreateStep = step('sem.create', object);
export const SemWaitStep = step('sem.wait', { ...object, blocking: z.boolean().default(true) });
export const SemPostStep = step('sem.post', object);
export const SemDestroyStep = step('sem.destroy', object);

// Processes and control
export const SpawnStep = step('spawn', { process: IdSchema });
export const WaitStep = step('wait', { process: IdSchema.optional() });
export const SleepStep = step('sleep', { ms: msSchema });
export const ComputeStep = step('compute', { ms: msSchema });
export const LogStep = step('log', { message: z.string().max(LIMITS.maxLogLength) });
/** _exit(2) keeps the low 8 bits; a code outside 0..255 would not be what the parent sees. */
export const ExitStep = step('exit', { code: z.int().min(0).max(255) });
const repeatFields = { times: z.int().min(1).max(LIMITS.maxRepeat) };
const RepeatBase = step('repeat', repeatFields);
export const RepeatStep = z.strictObject({
  op: z.literal('repeat'),
  ...common,
  ...repeatFields,
  get steps(): z.ZodArray<z.ZodType<Step, StepInput>> {
    return z.array(StepSchema);
  },
});
export const FaultStep = step('fault', { kind: z.enum(['segv', 'fpe']) });

// Sockets (extension, issue 20). A socket object is an address every process of the run agrees on
// (a path in the run's objects/ directory, or an IPv4 address and port); each process makes its
// own descriptors for it, as each opens its own end of a FIFO. After socket.accept, send and
// recv use the connection accept returned (the "connection"); before, the socket itself.
const backlogSchema = z.int().min(0).max(4096);
export const SocketCreateStep = step('socket.create', object);
/** socketpair(AF_UNIX): both ends here (a child inherits both at spawn, as with a pipe). */
export const SocketPairStep = step('socket.pair', object);
export const SocketBindStep = step('socket.bind', object);
export const SocketListenStep = step('socket.listen', { ...object, backlog: backlogSchema.default(8) });
export const SocketAcceptStep = step('socket.accept', { ...object, blocking: z.boolean().default(true) });
export const SocketConnectStep = step('socket.connect', { ...object, blocking: z.boolean().default(true) });
/** Datagram sockets: sendto(the address of `to`, default this object's); stream: send(). */
export const SocketSendStep = step('socket.send', {
  ...object, data: DataSchema, to: IdSchema.optional(), blocking: z.boolean().default(true),
});
export const SocketRecvStep = step('socket.recv', {
  ...object, max: z.int().min(1).max(LIMITS.maxPipeCapacity).default(LIMITS.defaultReadMax),
  blocking: z.boolean().default(true),
});
export const SocketShutdownStep = step('socket.shutdown', { ...object, how: z.enum(['read', 'write', 'both']) });
/** Closes the connection if this process has one, else the socket; `end` says which. */
export const SocketCloseStep = step('socket.close', { ...object, end: z.enum(['socket', 'connection']).optional() });

const SOCKET_STEPS = [
  SocketCreateStep, SocketPairStep, SocketBindStep, SocketListenStep, SocketAcceptStep, SocketConnectStep,
  SocketSendStep, SocketRecvStep, SocketShutdownStep, SocketCloseStep,
] as const;

const LeafStepSchema = z.discriminatedUnion('op', [
  ShmCreateStep, ShmAttachStep, ShmWriteStep, ShmReadStep, ShmWaitUntilStep, ShmAddStep,
  ShmDetachStep, ShmDestroyStep,
  PipeCreateStep, FifoCreateStep, FifoOpenStep, WriteStep, ReadStep, CloseStep, FifoUnlinkStep,
  MailboxCreateStep, MailboxDestroyStep, SendStep, ReceiveStep,
  SignalSendStep, SignalRaiseStep, SignalPauseStep, SignalMaskStep,
  SemCreateStep, SemWaitStep, SemPostStep, SemDestroyStep,
  SpawnStep, WaitStep, SleepStep, ComputeStep, LogStep, ExitStep, FaultStep,
  ...SOCKET_STEPS,
]);
type LeafStep = z.infer<typeof LeafStepSchema>;
type LeafStepInput = z.input<typeof LeafStepSchema>;
export type RepeatStepType = z.infer<typeof RepeatBase> & { steps: Step[] };
export type SignalHandleStepType = z.infer<typeof SignalHandleBase> & { steps?: Step[] };
/** A step as parsed: defaults filled in. */
export type Step = LeafStep | RepeatStepType | SignalHandleStepType;
/** A step as written in a file: defaulted fields optional. */
export type StepInput =
  | LeafStepInput
  | (z.input<typeof RepeatBase> & { steps: StepInput[] })
  | (z.input<typeof SignalHandleBase> & { steps?: StepInput[] });

export const StepSchema = z.discriminatedUnion('op', [
  ShmCreateStep, ShmAttachStep, ShmWriteStep, ShmReadStep, ShmWaitUntilStep, ShmAddStep,
  ShmDetachStep, ShmDestroyStep,
  PipeCreateStep, FifoCreateStep, FifoOpenStep, WriteStep, ReadStep, CloseStep, FifoUnlinkStep,
  MailboxCreateStep, MailboxDestroyStep, SendStep, ReceiveStep,
  SignalHandleStep, SignalSendStep, SignalRaiseStep, SignalPauseStep, SignalMaskStep,
  SemCreateStep, SemWaitStep, SemPostStep, SemDestroyStep,
  SpawnStep, WaitStep, SleepStep, ComputeStep, LogStep, ExitStep, RepeatStep, FaultStep,
  ...SOCKET_STEPS,
]);

export type Op = Step['op'];
export type StepOf<O extends Op> = Extract<Step, { op: O }>;
export type SendTarget = z.infer<typeof SendTargetSchema>;
export type ReceiveSource = z.infer<typeof ReceiveSourceSchema>;

/** Every op, in the order of the spec's tables (read from the union, so it cannot drift). */
export const OPS: readonly Op[] = StepSchema.options.map((option) => option.shape.op.value as Op);

// Objects
export const ShmObject = z.strictObject({
  id: IdSchema, kind: z.literal('shm'), size: z.int().min(1).max(LIMITS.maxShmSize),
  flavor: z.enum(['sysv', 'posix']).default('sysv'),
});
/** No capacity: the kernel default (16 pages on Linux). */
export const PipeObject = z.strictObject({
  id: IdSchema, kind: z.literal('pipe'), capacity: z.int().min(1).max(LIMITS.maxPipeCapacity).optional(),
});
export const FifoObject = z.strictObject({
  id: IdSchema, kind: z.literal('fifo'), capacity: z.int().min(1).max(LIMITS.maxPipeCapacity).optional(),
});
export const MailboxObject = z.strictObject({
  id: IdSchema, kind: z.literal('mailbox'), flavor: z.enum(['posix', 'sysv']).default('posix'),
  capacity: z.int().min(0).max(LIMITS.maxMailboxCapacity).default(LIMITS.defaultMailboxCapacity),
  maxMessage: z.int().min(1).max(LIMITS.maxMessageBytes).default(LIMITS.defaultMaxMessage),
  /**
   * System V only: the queue's msg_qbytes, set by its creator with msgctl(IPC_SET) right after
   * msgget (msgsnd waits, or fails with EAGAIN, while the bytes queued would exceed it). None:
   * the kernel default (kernel.msgmnb). Above msgmnb an ordinary user gets EPERM.
   */
  capacityBytes: z.int().min(0).max(LIMITS.maxQueueBytes).optional(),
});
export const SemaphoreObject = z.strictObject({
  id: IdSchema, kind: z.literal('semaphore'),
  initial: z.int().min(0).max(LIMITS.maxSemaphoreInitial).default(LIMITS.defaultSemaphoreInitial),
});
/**
 * Extension (issue 20): a socket's address. `unix`: a path in the run's objects/ directory (on a
 * host: that host's own); `inet`: IPv4, 127.0.0.1 without hosts, else the address of the host of
 * the first process (scenario order) that binds it; `port` 1..65535, or one the lab picks free.
 */
export const SocketObject = z.strictObject({
  id: IdSchema, kind: z.literal('socket'), domain: z.enum(['unix', 'inet']).default('unix'),
  type: z.enum(['stream', 'dgram']).default('stream'), port: z.int().min(1).max(65_535).optional(),
});
export const ObjectSchema = z.discriminatedUnion('kind', [
  ShmObject, PipeObject, FifoObject, MailboxObject, SemaphoreObject, SocketObject,
]);
export type LabObject = z.infer<typeof ObjectSchema>;
export type ObjectKind = LabObject['kind'];
export type ObjectOf<K extends ObjectKind> = Extract<LabObject, { kind: K }>;
export const OBJECT_KINDS: readonly ObjectKind[] = ObjectSchema.options.map((option) => option.shape.kind.value as ObjectKind);

export const ProcessSchema = z.strictObject({
  id: IdSchema,
  name: z.string().max(LIMITS.maxNameLength).optional(),
  parent: IdSchema.optional(),
  /** Extension: the host it runs on (one of the scenario's `hosts`); a child runs on its parent's. */
  host: IdSchema.optional(),
  program: z.array(StepSchema),
});
export type LabProcess = z.infer<typeof ProcessSchema>;

/**
 * Extension: a machine of its own. Each host is a network, IPC, mount and UTS namespace the
 * lab makes (through a user namespace, no root needed); two hosts are linked by a veth pair,
 * the first at 10.0.0.1, the second at 10.0.0.2. What one host creates (System V objects,
 * POSIX names, FIFO and socket paths) does not exist on the other.
 */
export const HostSchema = z.strictObject({
  id: IdSchema,
  name: z.string().max(LIMITS.maxNameLength).optional(),
});
export type LabHost = z.infer<typeof HostSchema>;

export const LimitsSchema = z.strictObject({
  timeoutMs: z.int().min(1).max(LIMITS.maxTimeoutMs).default(LIMITS.defaultTimeoutMs),
});

/** Editor-only: node positions and whatever else the canvas keeps. Never changes a run. */
export const LayoutSchema = z.looseObject({
  nodes: z.record(z.string(), z.looseObject({ x: z.number(), y: z.number() })).optional(),
});

export const ScenarioSchema = z.strictObject({
  format: z.literal(SCENARIO_FORMAT),
  title: z.string().min(1).max(LIMITS.maxTitleLength),
  description: z.string().max(LIMITS.maxDescriptionLength).optional(),
  objects: z.array(ObjectSchema).max(LIMITS.maxObjects).default([]),
  processes: z.array(ProcessSchema).min(1).max(LIMITS.maxProcesses),
  /** Extension: the machines the processes run on (none: all run on the lab's own). */
  hosts: z.array(HostSchema).min(1).max(LIMITS.maxHosts).optional(),
  limits: LimitsSchema.default({ timeoutMs: LIMITS.defaultTimeoutMs }),
  layout: LayoutSchema.optional(),
  /** Extension: what a run of this scenario should report (presets and tests). */
  expect: ExpectSchema.optional(),
  /** Extension: position of a preset in the lecture's order. */
  order: z.int().min(0).max(10_000).optional(),
});
export type Scenario = z.infer<typeof ScenarioSchema>;
export type ScenarioInput = z.input<typeof ScenarioSchema>;
