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
  maxMailboxCapacity: 64,
  defaultMailboxCapacity: 10,
  maxMessageBytes: 8192,
  defaultMaxMessage: 256,
  maxSemaphoreInitial: 1000,
  defaultSemaphoreInitial: 1,
  /** F_SETPIPE_SZ above /proc/sys/fs/pipe-max-size (1 MiB by default) needs CAP_SYS_RESOURCE. */
  maxPipeCapacity: 1_048_576,
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
