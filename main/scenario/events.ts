/**
 * The run events of the spec ("Run events"): what a run reports, one JSON object a line.
 * The engine emits exactly these; the renderer, the CLI and checkExpectations read them.
 *
 * Extensions to the spec, marked where they appear: `label` on step.begin/step.end (so
 * expectations match steps by label), `process.output` (a process's console), `inbox` on
 * object events, `pid`/`toPid` details, `stopped` in run.end (the user pressed Stop),
 * `asExpected` in run.end (every verdict held), `process.cpu` (CPU time as it grows),
 * `breakpoint.hit` (a process stopped before a breakpoint's step), and
 * hosts (issue 20): `host.created` / `host.removed`, and `host` on the object events of
 * inboxes the lab makes inside a host.
 *
 * Objects are strict so that drift between the engine and this contract fails a test
 * instead of silently dropping a field.
 */
import { z } from 'zod';
import { IdSchema, SignalNameSchema } from './primitives';

const base = {
  /** Nanoseconds since the run started, monotonic. */
  t: z.number().min(0),
};
/** Events that concern one process carry its id and PID. */
const ofProcess = { ...base, process: IdSchema, pid: z.int().min(1) };

export const RUN_STATUSES = ['completed', 'failed', 'deadlock', 'timeout', 'stopped'] as const;
export const RunStatusSchema = z.enum(RUN_STATUSES);
export type RunStatus = z.infer<typeof RunStatusSchema>;

export const PROCESS_STATES = ['R', 'S', 'D', 'T', 'Z'] as const;
export const ProcessStateSchema = z.enum(PROCESS_STATES);

export const DISPOSITIONS = ['handler', 'ignored', 'terminate', 'core', 'stop', 'continue'] as const;

/** Kinds of object events: the scenario's kinds; inboxes are mailboxes with `inbox: true`. */
const ObjectKindSchema = z.enum(['shm', 'pipe', 'fifo', 'mailbox', 'semaphore', 'socket']);

/** The real identifiers of an object, whichever apply to its kind and flavor. */
const objectIdentifiers = {
  shmid: z.int().optional(),
  msqid: z.int().optional(),
  key: z.int().optional(),
  name: z.string().optional(),
  path: z.string().optional(),
  /** Pipe descriptors in the creating process, [read, write]; a socketpair's sv[0], sv[1]. */
  fds: z.tuple([z.int(), z.int()]).optional(),
  /** Extension: an Internet socket's address, `10.0.0.1:40123`. */
  address: z.string().optional(),
};

export const RunStartEvent = z.strictObject({
  ...base, type: z.literal('run.start'), title: z.string(), runId: z.string(),
  /** Extension: the scenario as run (defaults filled in), so a recorded run replays on its own. */
  scenario: z.record(z.string(), z.unknown()).optional(),
});
export const ProcessStartEvent = z.strictObject({
  ...ofProcess, type: z.literal('process.start'), ppid: z.int().min(0),
});
export const StepBeginEvent = z.strictObject({
  ...ofProcess, type: z.literal('step.begin'),
  /** Index path: [3] at the top of the program, [3, 0] inside a repeat or handler. */
  index: z.array(z.int().min(0)).min(1),
  op: z.string(),
  /** The C call with real arguments, e.g. shmat(32769, NULL, 0). */
  call: z.string(),
  label: z.string().optional(),
});
/**
 * `result`: reads and receives { bytes, data } (data as text when valid UTF-8, else byte
 * values; bytes 0 is end-of-file), loads { value }, wait { process, code } or
 * { process, signal }, creations the real identifiers. Kept open here: its shape is the op's.
 */
export const StepResultSchema = z.record(z.string(), z.unknown());
export const StepEndEvent = z.strictObject({
  ...ofProcess, type: z.literal('step.end'),
  index: z.array(z.int().min(0)).min(1),
  op: z.string(),
  result: StepResultSchema.optional(),
  /** errno name of a failed call: EAGAIN, EINTR, ... */
  errno: z.string().optional(),
  durationNs: z.number().min(0),
  label: z.string().optional(),
});
export const ProcessStateEvent = z.strictObject({
  ...ofProcess, type: z.literal('process.state'), state: ProcessStateSchema,
  /** An object id, or the kernel wait channel from /proc/PID/wchan. */
  waitingOn: z.string().optional(),
});
const objectEvent = {
  ...base,
  process: IdSchema.optional(),
  pid: z.int().min(1).optional(),
  object: IdSchema,
  kind: ObjectKindSchema,
  /** Extension: a process's inbox, made and removed by the lab itself. */
  inbox: z.boolean().optional(),
  /** Extension: the host whose namespaces hold the object (inboxes of processes on hosts). */
  host: IdSchema.optional(),
  ...objectIdentifiers,
};
export const ObjectCreatedEvent = z.strictObject({ ...objectEvent, type: z.literal('object.created') });
export const ObjectRemovedEvent = z.strictObject({ ...objectEvent, type: z.literal('object.removed') });
export const SignalSentEvent = z.strictObject({
  ...base, type: z.literal('signal.sent'),
  process: IdSchema.optional(), pid: z.int().min(1).optional(),
  from: z.union([IdSchema, z.literal('lab')]),
  to: IdSchema,
  toPid: z.int().min(1).optional(),
  signal: SignalNameSchema,
  /** Sent to the process group of `to` (kill(-pgid)): every process in it receives the signal. */
  group: z.boolean().optional(),
  /** Sent with sigqueue(3): the integer it carries. */
  value: z.int().optional(),
});
export const SignalDeliveredEvent = z.strictObject({
  ...ofProcess, type: z.literal('signal.delivered'), signal: SignalNameSchema,
  disposition: z.enum(DISPOSITIONS),
  /** A signal sent with sigqueue(3) (si_code SI_QUEUE): the integer it carried (si_value.sival_int). */
  value: z.int().optional(),
});
/**
 * A process's set of pending signals (SigPnd and ShdPnd of /proc/PID/status: generated, not yet
 * delivered, because blocked) whenever a poll sees it change; empty when the last one went.
 */
export const SignalPendingEvent = z.strictObject({
  ...ofProcess, type: z.literal('signal.pending'), signals: z.array(SignalNameSchema),
});
export const HandlerBeginEvent = z.strictObject({ ...ofProcess, type: z.literal('handler.begin'), signal: SignalNameSchema });
export const HandlerEndEvent = z.strictObject({ ...ofProcess, type: z.literal('handler.end'), signal: SignalNameSchema });
export const ProcessExitEvent = z.strictObject({
  ...ofProcess, type: z.literal('process.exit'),
  code: z.int().optional(),
  signal: SignalNameSchema.optional(),
  core: z.boolean().optional(),
});
export const DeadlockEvent = z.strictObject({
  ...base, type: z.literal('deadlock'),
  processes: z.array(z.strictObject({
    process: IdSchema,
    pid: z.int().min(1).optional(),
    waitingOn: z.string().optional(),
    /** In words: "B reads p1; the only write end of p1 still open is B's own". */
    why: z.string(),
  })),
});
export const LeakedObjectSchema = z.strictObject({ object: IdSchema, kind: ObjectKindSchema, ...objectIdentifiers });
export const RunEndEvent = z.strictObject({
  ...base, type: z.literal('run.end'), status: RunStatusSchema,
  /** Extension: the scenario has `expect` and every verdict held (a crash it promised is as expected). */
  asExpected: z.boolean().optional(),
  leaked: z.array(LeakedObjectSchema),
  durationNs: z.number().min(0),
});
/**
 * Extension: a host of the scenario exists (its namespaces are made; `pid` holds them) and,
 * with two hosts, its address on the link between them (eth0).
 */
export const HostCreatedEvent = z.strictObject({
  ...base, type: z.literal('host.created'), host: IdSchema, pid: z.int().min(1), address: z.string().optional(),
});
/** Extension: a host is gone, with everything that was left in its namespaces. */
export const HostRemovedEvent = z.strictObject({ ...base, type: z.literal('host.removed'), host: IdSchema });
/** Extension: what a process wrote to its stdout or stderr (log steps, handler logs). */
export const ProcessOutputEvent = z.strictObject({
  ...ofProcess, type: z.literal('process.output'),
  stream: z.enum(['stdout', 'stderr']),
  text: z.string(),
  /** Text over the per-event bound is cut to a prefix: its full length in bytes and digest ("sha256:<hex>"). */
  textLength: z.int().min(0).optional(),
  textDigest: z.string().optional(),
});
/**
 * Extension: a per-run bound was reached (README "Per-run bounds"); the run itself goes on.
 * `recording`: the run's recording stopped at `bytes`; later events are live only.
 */
export const RunLimitEvent = z.strictObject({
  ...base, type: z.literal('run.limit'),
  limit: z.enum(['recording']),
  bytes: z.int().min(0),
  message: z.string(),
});

/** Held by the lab before the step at `index` (slow motion, step by step), then let through. */
export const GateWaitEvent = z.strictObject({ ...ofProcess, type: z.literal('gate.wait'), index: z.array(z.int().min(0)).min(1) });
/** Extension: a process stands before a breakpoint's step, held until the user lets it go on. */
export const BreakpointHitEvent = z.strictObject({ ...ofProcess, type: z.literal('breakpoint.hit'), index: z.array(z.int().min(0)).min(1) });
export const GatePassEvent = z.strictObject({ ...ofProcess, type: z.literal('gate.pass'), index: z.array(z.int().min(0)).min(1) });

/** Hex digits of bytes, two a byte (00-ff): compact in NDJSON, read like od -x. */
export const HexBytesSchema = z.string().regex(/^(?:[0-9a-f]{2})*$/);

/**
 * The kernel's figures for one object at one moment (spec), after every step that touches it and
 * whenever a poll sees them change, so a recording alone replays the object at any moment.
 * Shared memory: IPC_STAT's nattch, dest (SHM_DEST: marked for destruction), size, cpid, lpid;
 * its bytes (the first OBJECT_BYTES_TRACKED at most) whole as hex when the segment is small
 * (<= OBJECT_BYTES_WHOLE), else as `ranges` changed since the previous object.state of it (the
 * first one: changed from zeros, as a new segment is). Pipes and FIFOs: bytes `queued`
 * (FIONREAD), `capacity` (F_GETPIPE_SZ) and `holders`; mailboxes: `messages` and `bytes`
 * queued (msg_qnum/msg_cbytes; mq_curmsgs); semaphores: `value`. `exists: false`: removed.
 */
export const ObjectStateEvent = z.strictObject({
  ...base, type: z.literal('object.state'),
  object: IdSchema, kind: ObjectKindSchema,
  exists: z.boolean(),
  nattch: z.int().min(0).optional(),
  dest: z.boolean().optional(),
  size: z.int().min(0).optional(),
  cpid: z.int().min(0).optional(),
  lpid: z.int().min(0).optional(),
  /** shm: every tracked byte as hex; mailbox: bytes queued. */
  bytes: z.union([HexBytesSchema, z.int().min(0)]).optional(),
  /** shm (large segments): what changed, each range's bytes as hex. */
  ranges: z.array(z.strictObject({ offset: z.int().min(0), bytes: HexBytesSchema })).optional(),
  queued: z.int().min(0).optional(),
  capacity: z.int().min(0).optional(),
  holders: z.array(z.strictObject({ process: IdSchema, pid: z.int().min(1), fd: z.int().min(0), end: z.enum(['read', 'write']) })).optional(),
  messages: z.int().min(0).optional(),
  value: z.int().optional(),
  /**
   * Extension (sockets): each descriptor a process of the run holds for the address, as `ss`
   * shows it: state, Recv-Q and Send-Q (bytes; a listener's: connections waiting, and the backlog).
   */
  sockets: z.array(z.strictObject({
    process: IdSchema, pid: z.int().min(1), fd: z.int().min(0), role: z.enum(['socket', 'connection']),
    state: z.string(), recvQ: z.int().min(0), sendQ: z.int().min(0), local: z.string().optional(), peer: z.string().optional(),
  })).optional(),
});
/** Extension: a process's CPU time (user + system, /proc/PID/stat) when a poll sees it grow. */
export const ProcessCpuEvent = z.strictObject({
  ...ofProcess, type: z.literal('process.cpu'),
  /** Milliseconds of CPU used since the process started. */
  cpuMs: z.number().min(0),
});
/** One per entry of the scenario's `expect`: what was expected and what happened, in words. */
export const VerdictEvent = z.strictObject({
  ...base, type: z.literal('verdict'),
  /** Where the entry is in the scenario: a JSON pointer such as /expect/results/0. */
  entry: z.string(),
  expected: z.string(),
  happened: z.string(),
  held: z.boolean(),
  /** The key figure of the entry when it has one (a loaded value, a count), for distributions. */
  value: z.number().optional(),
});

export const RunEventSchema = z.discriminatedUnion('type', [
  RunStartEvent, ProcessStartEvent, StepBeginEvent, StepEndEvent, ProcessStateEvent,
  ObjectCreatedEvent, ObjectRemovedEvent, SignalSentEvent, SignalDeliveredEvent, SignalPendingEvent,
  HandlerBeginEvent, HandlerEndEvent, ProcessExitEvent, DeadlockEvent, RunEndEvent,
  ProcessOutputEvent, GateWaitEvent, GatePassEvent, BreakpointHitEvent, HostCreatedEvent, HostRemovedEvent, ObjectStateEvent, ProcessCpuEvent, VerdictEvent, RunLimitEvent,
]);

export type RunEvent = z.infer<typeof RunEventSchema>;
export type RunEventType = RunEvent['type'];
export type RunEventOf<T extends RunEventType> = Extract<RunEvent, { type: T }>;

export const RUN_EVENT_TYPES = RunEventSchema.options.map((option) => option.shape.type.value) as [
  RunEventType, ...RunEventType[],
];
