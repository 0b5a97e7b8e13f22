// Benchmarks (native/src/posix/bench*.cc, Linux): the timed loops run entirely in C.

export type BenchMechanism =
  | 'shm-sysv' | 'shm-posix' | 'shm-spin' | 'pipe' | 'fifo' | 'mq-posix' | 'msg-sysv' | 'unix' | 'tcp' | 'tcp-hosts' | 'signal';

/** The objects of one pair, created by the engine before it starts the two processes. */
export interface BenchPrepared {
  mechanism: BenchMechanism;
  size: number;
  /** pipe: [request read, request write, reply read, reply write]; unix/tcp: [listener]; -1 unused. */
  fds: [number, number, number, number];
  /** FIFO paths, POSIX queue or segment names, the Unix socket's path; '' unused. */
  names: [string, string];
  /** shmid or msqid; -1 unused. */
  id: number;
  /** tcp: the listener's port on 127.0.0.1; tcp-hosts: the port the echo listens on in host A. */
  port: number;
  /** Shared memory: slots per ring. */
  slots: number;
}

/** One side of a pair, as its process sees the objects (descriptor numbers after spawn's fds). */
export interface BenchSpec {
  role: 'client' | 'echo';
  mechanism: BenchMechanism;
  /** Message size in bytes (>= 8: the stop word); ignored for signals. */
  size: number;
  /** sched_setaffinity target; -1 or omitted: unpinned. */
  cpu?: number;
  reps?: number;
  warmup?: number;
  /** Time budget of each phase of each repetition. */
  budgetMs?: number;
  maxSamples?: number;
  /** The echo writes one byte here when it can receive; the client reads it before starting. */
  readyFd: number;
  /** pipe: transmit and receive descriptors; unix/tcp echo: the listener. */
  fdA?: number;
  fdB?: number;
  /** FIFO / mq: transmit and receive names; shm-posix: the segment; unix: the path; tcp-hosts: host A's IPv4 address. */
  nameA?: string;
  nameB?: string;
  id?: number;
  port?: number;
  slots?: number;
  /** signal, client side: the echo's pid. */
  peer?: number;
}

export interface BenchRep {
  latency: { count: number; minNs: number; p50Ns: number; p99Ns: number; meanNs: number };
  /** null for signals: they carry no data. */
  throughput: { messages: number; bytes: number; ns: number } | null;
}

export interface BenchApi {
  /** Creates the pair's objects (pipe2, mkfifo, mq_open, msgget, shmget, shm_open + ftruncate, socket + bind + listen). */
  benchPrepare(mechanism: BenchMechanism, size: number, dir: string): BenchPrepared;
  /** Closes the engine's descriptors and removes the objects; never throws for a gone object. */
  benchRelease(prepared: BenchPrepared): void;
  /** Runs one side; the echo returns undefined, the client one result per repetition. Blocks. */
  benchRun(spec: BenchSpec & { role: 'client' }): BenchRep[];
  benchRun(spec: BenchSpec): BenchRep[] | undefined;
  /** memcpy(3) between two private buffers of `size` bytes for budgetMs. */
  benchMemcpy(size: number, budgetMs: number): { bytes: number; ns: number };
  /** sched_getaffinity(2): the CPUs this process may run on. */
  benchAllowedCpus(): number[];
}
