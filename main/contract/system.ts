// The system IPC inspector's part of the contract: what ipcs, lsipc and lsof tell about every
// IPC object of the machine (not only a run's), orphans, removal of the user's own objects,
// the pipes of any of the user's processes, and the bytes of a System V segment.
import { z } from 'zod';
import { objectSnapshotSchema } from './runs';

export const SYSTEM_OBJECT_KINDS = ['sysv-shm', 'sysv-msg', 'sysv-sem', 'posix-shm', 'posix-mq', 'posix-sem'] as const;
const systemObjectKindSchema = z.enum(SYSTEM_OBJECT_KINDS);
export type SystemObjectKind = z.infer<typeof systemObjectKindSchema>;

const pid = z.number().int().min(1).max(4_194_304); // PID_MAX_LIMIT (proc(5): pid_max)

const userRefSchema = z.object({ uid: z.number().int(), user: z.string().nullable() });

/** A PID the kernel recorded for an object, and whether that process lives now. */
const pidRefSchema = z.object({
  /** 'creator', 'last attach/detach', 'last send', 'last receive'. */
  role: z.string(),
  pid: z.number().int(),
  alive: z.boolean(),
  command: z.string().optional(),
  /** Alive, but started after the object changed last: the PID was reused by another program. */
  reused: z.boolean().optional(),
});
export type PidRef = z.infer<typeof pidRefSchema>;

/** A process that has a POSIX object mapped (mmap) or open (a descriptor). */
const holderSchema = z.object({ pid: z.number().int(), command: z.string(), how: z.enum(['mapped', 'open']) });

const systemObjectSchema = z.object({
  kind: systemObjectKindSchema,
  /** shmid / msqid / semid as text for System V; the name with its leading slash for POSIX. */
  id: z.string(),
  /** The object as shown to the user; a removal must be confirmed with exactly this text. */
  name: z.string(),
  key: z.number().int().optional(),
  owner: userRefSchema,
  creator: userRefSchema.optional(),
  /** Permission bits in octal ("600") and as ls shows them ("rw-------"). */
  mode: z.string(),
  permissions: z.string(),
  size: z.number().int().optional(),
  /** System V shm: nattch; POSIX: live processes mapping or holding it. */
  attached: z.number().int().optional(),
  messages: z.number().int().optional(),
  bytesQueued: z.number().int().optional(),
  semaphores: z.number().int().optional(),
  /** System V shm removed (IPC_RMID) while attached: it goes when the last process detaches. */
  markedForDestruction: z.boolean().optional(),
  pids: z.array(pidRefSchema),
  holders: z.array(holderSchema).optional(),
  /** ISO times (atime, dtime, ctime, stime, rtime, otime, mtime); null means never. */
  times: z.record(z.string(), z.string().nullable()),
  orphan: z.object({ status: z.enum(['orphan', 'in-use', 'unknown']), why: z.string() }),
  /** Made by Process Lab (key high byte 0x50, name /plab.*), and which run's journal names it. */
  lab: z.object({ made: z.boolean(), runId: z.string().optional(), runLive: z.boolean().optional(), runEngineStopped: z.boolean().optional() }),
  removable: z.boolean(),
  whyNotRemovable: z.string().optional(),
});
export type SystemObject = z.infer<typeof systemObjectSchema>;

/**
 * A Unix domain socket of the machine (of the engine's network namespace), as `ss -xp` lists it:
 * its inode, type, state, bound path, the inode and path of its peer (the other end of a
 * connection), its queues and the processes holding it.
 */
const unixSocketSchema = z.object({
  inode: z.number().int(),
  type: z.string(),
  state: z.string(),
  path: z.string().optional(),
  peer: z.number().int().optional(),
  peerPath: z.string().optional(),
  recvQ: z.number().int().optional(),
  sendQ: z.number().int().optional(),
  holders: z.array(holderSchema),
  /** Made by a run of Process Lab: a path in its runtime directory, or held by a process of a live run. */
  lab: z.boolean(),
  /** Inside a host of a live run (its own network namespace), which the machine's list cannot see. */
  host: z.object({ id: z.string(), runId: z.string() }).optional(),
});
export type UnixSocketRow = z.infer<typeof unixSocketSchema>;

/**
 * A TCP or UDP socket inside a host of a live run, as `ss -tuanp` run inside that host would
 * list it (from /proc/PID/net/tcp and udp of the process holding the host's namespaces):
 * state, Recv-Q and Send-Q (for a listener: connections waiting in accept's queue), addresses.
 */
const inetSocketSchema = z.object({
  host: z.object({ id: z.string(), runId: z.string() }),
  protocol: z.enum(['tcp', 'udp']),
  state: z.string(),
  local: z.string(),
  peer: z.string(),
  recvQ: z.number().int(),
  sendQ: z.number().int(),
  /** 0 for a connection still waiting in a listener's queue (no socket file yet). */
  inode: z.number().int(),
  holders: z.array(holderSchema),
});
export type InetSocketRow = z.infer<typeof inetSocketSchema>;

const systemListSchema = z.object({
  objects: z.array(systemObjectSchema),
  /** Linux: every Unix socket (sock_diag(7)) with its peer; absent where the addon has no sock_diag. */
  unixSockets: z.array(unixSocketSchema).optional(),
  /** Linux: TCP and UDP sockets inside the hosts of live runs (the machine's own are ss's business). */
  hostInetSockets: z.array(inetSocketSchema).optional(),
  /** POSIX message queues are listed only where the mqueue filesystem is mounted. */
  mqueue: z.object({ mounted: z.boolean(), mountPoint: z.string().nullable(), note: z.string() }),
  euid: z.number().int(),
  user: z.string().nullable(),
  /** Processes whose maps and descriptors could be read; the others (other users') are unknown. */
  processes: z.object({ scanned: z.number().int(), unreadable: z.number().int() }),
  takenAt: z.string(),
});
export type SystemList = z.infer<typeof systemListSchema>;

const systemProcessSchema = z.object({
  pid: z.number().int(),
  ppid: z.number().int(),
  command: z.string(),
  state: z.string(),
});
export type SystemProcess = z.infer<typeof systemProcessSchema>;

const pipeHolderSchema = z.object({
  pid: z.number().int(),
  command: z.string(),
  fd: z.number().int(),
  end: z.enum(['read', 'write', 'both']),
});

const pipeEndSchema = z.object({
  fd: z.number().int(),
  kind: z.enum(['pipe', 'fifo']),
  inode: z.number().int(),
  path: z.string().optional(),
  end: z.enum(['read', 'write', 'both']),
  /** Every other descriptor on the same pipe, in this process or another. */
  peers: z.array(pipeHolderSchema),
  /** This process holds a read and a write end of the same pipe (it may never see EOF). */
  holdsBothEnds: z.boolean(),
  /** Nobody holds the other end: reads see EOF, writes get EPIPE. */
  otherEndOpen: z.boolean(),
});
export type PipeEnd = z.infer<typeof pipeEndSchema>;

const objectRefSchema = z.object({ kind: systemObjectKindSchema, id: z.string().min(1).max(300), name: z.string().min(1).max(400) }).strict();
const runIdSchema = z.string().regex(/^[A-Za-z0-9-]{1,64}$/);

/**
 * What "Remove all orphans" (and `process-lab ipcrm --orphans`) would remove now (engine/system/
 * sweep.ts): each run whose engine stopped, whole (its processes still running killed, every object
 * its journal names and its directory removed), listed with its objects the list shows; and every
 * other orphan of yours, with the verdict's why. `others`: orphans that are not yours, left alone.
 */
const orphanPlanSchema = z.object({
  runs: z.array(z.object({ runId: z.string(), runDir: z.string(), objects: z.array(objectRefSchema) })),
  objects: z.array(objectRefSchema.extend({ why: z.string() })),
  others: z.number().int(),
});
export type OrphanPlanView = z.infer<typeof orphanPlanSchema>;

/** What a sweep did: per run what was killed and removed (or why not), per object whether it went. */
const orphanSweepSchema = z.object({
  runs: z.array(z.object({
    runId: z.string(),
    runDir: z.string().optional(),
    killed: z.array(z.object({ process: z.string(), pid: z.number().int() })),
    removed: z.array(z.string()),
    error: z.string().optional(),
  })),
  objects: z.array(objectRefSchema.extend({ error: z.object({ code: z.string(), message: z.string() }).optional() })),
  /** Orphans found now that the confirmation did not name (new since): left alone. */
  leftAlone: z.number().int(),
  /** Named in the confirmation but no longer there, or no longer orphans: nothing done to them. */
  notFound: z.number().int(),
});
export type OrphanSweep = z.infer<typeof orphanSweepSchema>;

export const systemMethods = {
  'system.list': { args: z.object({}).strict(), result: systemListSchema },
  'system.remove': {
    args: z.object({ kind: systemObjectKindSchema, id: z.string().min(1).max(300), confirm: z.string().min(1).max(400) }).strict(),
    result: z.object({ removed: z.object({ kind: systemObjectKindSchema, id: z.string(), name: z.string() }) }),
  },
  'system.orphanPlan': { args: z.object({}).strict(), result: orphanPlanSchema },
  /**
   * Removes every orphan of yours the confirmation names (from system.orphanPlan), with the code of
   * `ipcrm --orphans`: the plan is made again now, and only what is in both is acted on.
   */
  'system.removeOrphans': {
    args: z.object({ runs: z.array(runIdSchema).max(10_000), objects: z.array(objectRefSchema).max(100_000) }).strict(),
    result: orphanSweepSchema,
  },
  'system.processes': { args: z.object({}).strict(), result: z.array(systemProcessSchema) },
  'system.pipes': {
    args: z.object({ pid }).strict(),
    result: z.object({ pid: z.number().int(), command: z.string(), ends: z.array(pipeEndSchema), unreadable: z.number().int() }),
  },
  'system.segment': {
    args: z.object({ shmid: z.number().int().min(0), offset: z.number().int().min(0).optional(), length: z.number().int().min(1).max(65_536).optional() }).strict(),
    result: objectSnapshotSchema,
  },
} as const;
