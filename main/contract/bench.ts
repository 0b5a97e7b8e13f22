// The benchmark part of the contract (issue 7): start a benchmark in the engine, follow it
// through 'bench.progress' pushes, and read the result sets saved on disk. Every figure is in
// integer nanoseconds or per second; a row says which placement (same vCPU or two) it measured.
import { z } from 'zod';
import { labErrorSchema } from './envelope';

export const BENCH_MECHANISMS = [
  'shm-sysv', 'shm-posix', 'shm-spin', 'pipe', 'fifo', 'mq-posix', 'msg-sysv', 'unix', 'tcp', 'tcp-hosts', 'signal',
] as const;
/** tcp-hosts: TCP from a process on host B to one on host A over the veth pair (hosts.ts). */
export const benchMechanismSchema = z.enum(BENCH_MECHANISMS);
export type BenchMechanismName = z.infer<typeof benchMechanismSchema>;

/** The sizes of the issue: 64 B, 4 KiB, 64 KiB, 1 MiB. */
export const BENCH_SIZES = [64, 4096, 65_536, 1_048_576] as const;
/** Smallest message: its first 8 bytes carry the loop's stop word. */
export const BENCH_MIN_SIZE = 8;
export const BENCH_MAX_SIZE = 16 * 1024 * 1024;

/** same-cpu: both processes pinned to one vCPU; two-cpus: each on its own. */
export const benchPlacementSchema = z.enum(['same-cpu', 'two-cpus']);
export type BenchPlacement = z.infer<typeof benchPlacementSchema>;

/** A figure over the repetitions: their median and spread (lowest and highest). */
export const spreadSchema = z.object({ median: z.number(), min: z.number(), max: z.number() });
export type Spread = z.infer<typeof spreadSchema>;

export const benchRowSchema = z.object({
  mechanism: benchMechanismSchema,
  /** Bytes per message; 0 for signals, which carry no data. */
  size: z.number().int().min(0),
  placement: benchPlacementSchema,
  /** [client CPU, echo CPU] as pinned with sched_setaffinity. */
  cpus: z.tuple([z.number().int(), z.number().int()]),
  /** lab: two lab processes running the addon's loops; c: the plain C reference. */
  implementation: z.enum(['lab', 'c']),
  status: z.enum(['ok', 'unsupported', 'failed']),
  /** Why a size is unsupported (a queue's limit) or what failed (errno code and call). */
  reason: z.string().optional(),
  repetitions: z.number().int().min(0),
  latency: z
    .object({ p50Ns: spreadSchema, p99Ns: spreadSchema, minNs: z.number(), samples: z.number().int() })
    .optional(),
  /** One-way streaming; null when the mechanism carries no data (signals). */
  throughput: z.object({ messagesPerS: spreadSchema, mbPerS: spreadSchema }).nullable().optional(),
});
export type BenchRow = z.infer<typeof benchRowSchema>;

export const memcpyRowSchema = z.object({ size: z.number().int(), gbPerS: z.number() });
export type MemcpyRow = z.infer<typeof memcpyRowSchema>;

export const machineSchema = z.object({
  cpuModel: z.string(),
  logicalCpus: z.number().int(),
  allowedCpus: z.array(z.number().int()),
  kernel: z.string(),
  platform: z.string(),
  node: z.string(),
  memoryBytes: z.number(),
  /** The queues' limits, read from /proc: a message above them cannot be sent. */
  limits: z.record(z.string(), z.number()),
  /** The 1-minute load average when the run started: a busy machine moves every figure. */
  loadAverage: z.number(),
});
export type MachineDescription = z.infer<typeof machineSchema>;

/** What one interpreted lab step costs, for contrast with the native loops. */
export const labStepSchema = z.object({ op: z.string(), interpretedStepNs: z.number(), addonCallNs: z.number() });
export type LabStepCost = z.infer<typeof labStepSchema>;

export const benchOptionsSchema = z.object({
  mechanisms: z.array(benchMechanismSchema).min(1).max(BENCH_MECHANISMS.length).optional(),
  sizes: z.array(z.number().int().min(BENCH_MIN_SIZE).max(BENCH_MAX_SIZE)).min(1).max(8).optional(),
  /** Short budgets and one repetition: a first look in seconds, not a measurement to quote. */
  quick: z.boolean().optional(),
  /** Also run the plain C reference, alternating with the lab's pairs: a 'c' row beside each. */
  compareC: z.boolean().optional(),
});
export type BenchOptions = z.infer<typeof benchOptionsSchema>;

export const benchResultSetSchema = z.object({
  id: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
  machine: machineSchema,
  options: z.object({
    mechanisms: z.array(benchMechanismSchema),
    sizes: z.array(z.number().int()),
    quick: z.boolean(),
    compareC: z.boolean(),
    repetitions: z.number().int(),
    budgetMs: z.number().int(),
  }),
  rows: z.array(benchRowSchema),
  memcpy: z.array(memcpyRowSchema),
  labStep: labStepSchema.optional(),
  notes: z.array(z.string()),
});
export type BenchResultSet = z.infer<typeof benchResultSetSchema>;

const benchId = z.string().regex(/^[A-Za-z0-9-]{1,64}$/);

export const benchMethods = {
  'bench.run': {
    args: benchOptionsSchema.strict(),
    result: z.object({ benchId, total: z.number().int() }),
  },
  'bench.results': {
    args: z.object({ limit: z.number().int().min(1).max(200).optional() }).strict(),
    result: z.array(benchResultSetSchema),
  },
} as const;

/** Pushed as BENCH_PROGRESS_PUSH (channels.ts) while a benchmark runs: each finished row, then
 * the whole set (or the error). */
export const benchProgressSchema = z.object({
  benchId,
  done: z.number().int(),
  total: z.number().int(),
  current: z.string().optional(),
  row: benchRowSchema.optional(),
  finished: benchResultSetSchema.optional(),
  error: labErrorSchema.pick({ code: true, message: true }).optional(),
});
export type BenchProgress = z.infer<typeof benchProgressSchema>;

/** A lab row beside the C reference's of the same mechanism, size and placement (--compare-c). */
export interface Comparison {
  mechanism: BenchMechanismName;
  size: number;
  placement: BenchPlacement;
  /** Lab p50 / C p50: lower is better, the target is <= 1.1. */
  latencyRatio?: number;
  /** Lab msg/s / C msg/s: higher is better, the target is >= 0.9. */
  throughputRatio?: number;
}

/** "pipe|4096|same-cpu": a row's cell, whichever implementation measured it. */
export const benchRowKey = (r: Pick<BenchRow, 'mechanism' | 'size' | 'placement'>) => `${r.mechanism}|${r.size}|${r.placement}`;

/** Each lab row of a set measured with compareC, with its ratios to the C reference's row. */
export function compareRows(rows: readonly BenchRow[]): Comparison[] {
  const c = new Map(rows.filter((r) => r.implementation === 'c').map((r) => [benchRowKey(r), r]));
  return rows.filter((r) => r.implementation === 'lab').map((lab) => {
    const ref = c.get(benchRowKey(lab));
    const out: Comparison = { mechanism: lab.mechanism, size: lab.size, placement: lab.placement };
    if (ref?.latency && lab.latency) out.latencyRatio = lab.latency.p50Ns.median / ref.latency.p50Ns.median;
    if (ref?.throughput && lab.throughput) out.throughputRatio = lab.throughput.messagesPerS.median / ref.throughput.messagesPerS.median;
    return out;
  });
}
