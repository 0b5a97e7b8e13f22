/**
 * The numeric limits of scenario format v1 (shared/spec/scenario-v1.md). One place, so the
 * zod schemas, the semantic checks, the editor's inputs and the messages all agree.
 */
export const LIMITS = {
  maxProcesses: 64,
  /** Hosts of a scenario: one veth pair links two (native/src/linux/hosts/keeper.cc). */
  maxHosts: 2,
  maxObjects: 64,
  /** Steps in all, nested steps of repeats and handlers included. */
  maxSteps: 2000,
  /** How deep repeats and handlers may nest (a top-level step is at depth 0). */
  maxNesting: 16,
  /** Bytes of UTF-8 text. */
  maxDocumentBytes: 4 * 1024 * 1024,
  /**
   * Raw JSON nesting refused before parsing. A legal document needs about 2 levels per
   * repeat or handler plus a handful more (16 * 2 + 8 < 64), so anything deeper cannot be
   * valid; refusing it first keeps the recursive zod schemas far from the stack limit.
   */
  maxJsonDepth: 64,
  defaultTimeoutMs: 10_000,
  maxTimeoutMs: 600_000,
  maxRepeat: 1_000_000,
  maxShmSize: 67_108_864,
  /**
   * Absolute caps only (spec: limits are the kernel's). mq_maxmsg: HARD_MSGMAX (65 536); above
   * /proc/sys/fs/mqueue/msg_max (10 by default) mq_open fails with EINVAL for an ordinary user.
   */
  maxMailboxCapacity: 65_536,
  defaultMailboxCapacity: 10,
  /**
   * A mailbox's message size: the lab process's message buffer (1 MiB). The kernel's own limits
   * lie far below for an ordinary user: mq_open above fs.mqueue.msgsize_max (8192) and msgsnd
   * above kernel.msgmax (8192) fail with EINVAL, which a run then shows.
   */
  maxMessageBytes: 1_048_576,
  /** What a receive from an inbox (a System V queue the lab makes) accepts at most. */
  inboxMessageBytes: 8192,
  defaultMaxMessage: 256,
  /** msg_qbytes (msgctl IPC_SET) is an int in the kernel; above kernel.msgmnb it needs CAP_SYS_RESOURCE (EPERM). */
  maxQueueBytes: 2_147_483_647,
  maxSemaphoreInitial: 1000,
  defaultSemaphoreInitial: 1,
  /**
   * F_SETPIPE_SZ takes an int: the only absolute cap. Above /proc/sys/fs/pipe-max-size (1 MiB by
   * default) the kernel refuses an ordinary user with EPERM, which a run then shows.
   */
  maxPipeCapacity: 2_147_483_647,
  /** A read's `max`: the lab process's read buffer (1 MiB). */
  maxReadBytes: 1_048_576,
  defaultReadMax: 4096,
  /** Longest single sleep/compute/poll/receive timeout: a run never lasts longer anyway. */
  maxStepMs: 600_000,
  maxIdLength: 32,
  maxLabelLength: 80,
  maxNameLength: 64,
  maxTitleLength: 200,
  maxDescriptionLength: 65_536,
  /** A log message or data item beyond this is a mistake, not a lesson. */
  maxTextLength: 65_536,
  /** A log message: console output of any size never blocks a run (it goes to a file). */
  maxLogLength: 1_048_576,
  /** Problems listed at most: a 4 MiB document of garbage must not produce a million. */
  maxProblems: 500,
} as const;
