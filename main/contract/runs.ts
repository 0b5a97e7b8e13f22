// The run-related part of the contract: validate, start, control and inspect runs, replay
// recorded ones. Run events themselves are the spec's (main/scenario/events.ts).
import { z } from 'zod';
import { RunEventSchema, RunStatusSchema } from '../scenario/events';
import { SignalNameSchema } from '../scenario/primitives';
import { hasControls } from '../scenario/display-text';

const runId = z.string().regex(/^[A-Za-z0-9-]{1,64}$/);
const processId = z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,31}$/);

export const problemSchema = z.object({
  pointer: z.string(),
  message: z.string(),
  hint: z.string().optional(),
  severity: z.enum(['error', 'warning']),
  /** A pitfall's lecture point and the preset that shows it. */
  lecture: z.object({ preset: z.string(), point: z.string() }).optional(),
});
export type ContractProblem = z.infer<typeof problemSchema>;

export const signalInfoSchema = z.object({
  name: z.string(),
  number: z.number().int(),
  defaultAction: z.enum(['terminate', 'core', 'ignore', 'stop', 'continue']),
  catchable: z.boolean(),
});
export type SignalInfo = z.infer<typeof signalInfoSchema>;

/** A step of a process's program by its index path ([3]; [3, 0] inside a repeat or handler). */
export const breakpointSchema = z.object({ process: processId, index: z.array(z.number().int().min(0)).min(1).max(17) }).strict();

/**
 * Time control (ARCHITECTURE.md, "Time is the user's"): `run` full speed; `slow`: each process
 * held `slowMs` at its gate before each step; `step`: every process held until run.step lets it
 * make its next call. Breakpoints hold their process before that step in any mode.
 */
export const timeSettingsSchema = {
  mode: z.enum(['run', 'slow', 'step']).optional(),
  slowMs: z.number().int().min(0).max(60_000).optional(),
  breakpoints: z.array(breakpointSchema).max(256).optional(),
};

/** A file's base name as a page shows it (no directory, no control characters): a label, never a path to write to. */
const fileNameSchema = z.string().min(1).max(255).refine((n) => !/[/\\\0]/.test(n) && !hasControls(n), 'a file name is a base name: no "/", no "\\", no control characters');

export const runSummarySchema = z.object({
  runId,
  title: z.string(),
  startedAt: z.string(),
  /**
   * How the run ended; `running`: a live run of this engine, which a page opened meanwhile (a new
   * tab, a reload) adopts, to watch and step it on. None: the run ended without a status (see
   * engineStopped) or is live in another engine.
   */
  status: z.union([RunStatusSchema, z.literal('running')]).optional(),
  /**
   * A live run's time control now, so a page that adopts it shows the same mode and breakpoints,
   * and what the user paused with run.pause (`run`: the whole run, as the toolbar's Pause does;
   * `processes`: each process paused by the lab and not resumed since): the adopting page shows
   * it paused exactly as the page that paused it. A SIGSTOP sent with run.signal is not listed
   * here (the process's kernel state T shows it).
   */
  time: z.object({
    mode: z.enum(['run', 'slow', 'step']), slowMs: z.number().int().min(0), breakpoints: z.array(breakpointSchema),
    paused: z.object({ run: z.boolean(), processes: z.array(processId) }).optional(),
  }).optional(),
  /** A live run's scenario file name as the page that started it had it (run.start's `fileName`). */
  fileName: z.string().optional(),
  durationNs: z.number().optional(),
  /** The user's name for the run (run.rename); the list shows it instead of the title. */
  name: z.string().max(120).optional(),
  /** Made by the lab itself (a benchmark's run), not by the user: run.list hides it unless asked. */
  internal: z.boolean().optional(),
  /** No status and no engine: the engine that ran it died before the run ended ("engine stopped"). */
  engineStopped: z.boolean().optional(),
});
export type RunSummary = z.infer<typeof runSummarySchema>;

/** Live figures of one object of a run, read from the kernel. */
export const objectSnapshotSchema = z.object({
  object: processId,
  kind: z.enum(['shm', 'pipe', 'fifo', 'mailbox', 'semaphore', 'socket']),
  exists: z.boolean(),
  /** Real identifiers: shmid, key, name, path. */
  identifiers: z.record(z.string(), z.union([z.string(), z.number()])),
  /** Kernel figures in the kernel's words (nattch, cpid, lpid, qnum, value, bytesQueued...). */
  stat: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  /** Shared memory: the segment's bytes (at most 64 KiB from `offset`). */
  bytes: z.array(z.number().int().min(0).max(255)).optional(),
  offset: z.number().int().optional(),
  /** Pipes and FIFOs: which processes hold which end. */
  holders: z.array(z.object({ process: processId, pid: z.number().int(), end: z.enum(['read', 'write']), fd: z.number().int() })).optional(),
  /**
   * Sockets: each descriptor a process of the run holds for this address, as `ss` shows it:
   * state (LISTEN, ESTAB, UNCONN, CLOSE-WAIT...), Recv-Q and Send-Q in bytes (for a listener:
   * connections waiting to be accepted, and the backlog), local and peer address.
   */
  sockets: z.array(z.object({
    process: processId, pid: z.number().int(), fd: z.number().int(), role: z.enum(['socket', 'connection']),
    state: z.string(), recvQ: z.number().int(), sendQ: z.number().int(),
    local: z.string().optional(), peer: z.string().optional(),
  })).optional(),
});
export type ObjectSnapshot = z.infer<typeof objectSnapshotSchema>;

/** The kernel's figures for one process of a run (the process table polls them). */
export const processFiguresSchema = z.object({
  process: processId,
  pid: z.number().int().optional(),
  ppid: z.number().int().optional(),
  state: z.string().optional(),
  waitingOn: z.string().optional(),
  /** CPU time used so far (user + system), from /proc/PID/stat. */
  cpuMs: z.number(),
  exit: z.object({ code: z.number().optional(), signal: z.string().optional(), core: z.boolean().optional() }).optional(),
});
export type ProcessFigures = z.infer<typeof processFiguresSchema>;

export const runMethods = {
  'scenario.validate': {
    args: z.object({ text: z.string().max(5 * 1024 * 1024) }).strict(),
    result: z.object({ ok: z.boolean(), problems: z.array(problemSchema) }),
  },
  'signals.table': { args: z.object({}).strict(), result: z.array(signalInfoSchema) },
  'run.start': {
    args: z.object({ scenario: z.unknown(), timeoutMs: z.number().int().min(1).max(600_000).optional(), fileName: fileNameSchema.optional(), ...timeSettingsSchema }).strict(),
    result: z.object({ runId }),
  },
  /**
   * The scenario of a live run of this engine exactly as run.start received it (before validation
   * filled in its defaults) and its `fileName`: a page that adopts the run opens the very document
   * it was started from, unchanged. NOT_FOUND once the run has ended (its recording holds the
   * scenario as run).
   */
  'run.document': { args: z.object({ runId }).strict(), result: z.object({ scenario: z.unknown(), fileName: z.string().optional() }) },
  /** Changes the mode, the slow speed or the breakpoints of a live run. */
  'run.time': { args: z.object({ runId, ...timeSettingsSchema }).strict(), result: z.object({}) },
  /**
   * Lets `process` make its next call (step mode, or on from a breakpoint); without it, every
   * process waiting at its gate. NOT_AT_GATE when the process is blocked in the kernel (the
   * message says on what, and who could release it), running, or ended.
   */
  'run.step': { args: z.object({ runId, process: processId.optional() }).strict(), result: z.object({ released: z.array(processId) }) },
  'run.stop': { args: z.object({ runId }).strict(), result: z.object({}) },
  'run.pause': { args: z.object({ runId, process: processId.optional() }).strict(), result: z.object({}) },
  'run.resume': { args: z.object({ runId, process: processId.optional() }).strict(), result: z.object({}) },
  'run.signal': {
    // The target by id, or by PID; a PID that is not a live process of the run is refused.
    args: z
      .object({ runId, process: processId.optional(), pid: z.number().int().optional(), signal: SignalNameSchema })
      .strict()
      .refine((a) => (a.process === undefined) !== (a.pid === undefined), { message: 'give exactly one of process and pid' }),
    result: z.object({ pid: z.number().int() }),
  },
  /** Runs newest first; the lab's own (benchmark) runs only with `internal: true`. */
  'run.list': { args: z.object({ internal: z.boolean().optional() }).strict(), result: z.array(runSummarySchema) },
  /** Names a recorded run ('' clears the name). NOT_FOUND without a recording; UNAVAILABLE while it runs. */
  'run.rename': { args: z.object({ runId, name: z.string().max(120).refine((n) => !hasControls(n), 'a run name holds no control characters nor bidi controls (U+202A-U+202E, U+2066-U+2069, U+200E, U+200F)') }).strict(), result: runSummarySchema },
  /** Deletes a recorded run (its recording and index). NOT_FOUND without a recording; UNAVAILABLE while it runs. */
  'run.delete': { args: z.object({ runId }).strict(), result: z.object({}) },
  'run.events': {
    args: z.object({ runId, from: z.number().int().min(0).optional(), limit: z.number().int().min(1).max(100_000).optional() }).strict(),
    result: z.object({ events: z.array(RunEventSchema), next: z.number().int(), done: z.boolean() }),
  },
  'run.processes': {
    args: z.object({ runId }).strict(),
    result: z.array(processFiguresSchema),
  },
  'run.inspect': {
    args: z.object({ runId, object: processId, offset: z.number().int().min(0).optional(), length: z.number().int().min(1).max(65_536).optional() }).strict(),
    result: objectSnapshotSchema,
  },
} as const;

/** Pushed to pages as RUN_EVENTS_PUSH (channels.ts): a run's new events, batched at display rate. */
export const runEventsPushSchema = z.object({
  runId,
  events: z.array(RunEventSchema),
  /** Index in the run's log of the first event of this batch (run.events' `from`). */
  from: z.number().int().min(0).optional(),
  /**
   * Events of this run not pushed to this reader just before this batch, because it was too slow
   * (or the batch too big): they are at [from - missed, from), to be read with run.events.
   */
  missed: z.number().int().min(1).optional(),
});
export type RunEventsPush = z.infer<typeof runEventsPushSchema>;
